"""One entry of a line with the numbers it reads: the equation as a student checks it
by hand, to 4 significant digits, its value evaluated from exactly those numbers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from metl_core.maths.sigmoid import sigmoid

from .lines import MISTAKES


def num(v: float, digits: int = 4) -> str:
    """A number as shown in an equation: 4 significant digits, true minus, negatives in
    brackets where they follow an operator."""
    v = float(v)
    if np.isnan(v):
        return "NaN"
    if np.isinf(v):
        return "∞" if v > 0 else "−∞"
    text = f"{v:.{digits}g}".replace("-", "−")
    return text


def _factor(v: float) -> str:
    t = num(v)
    return f"({t})" if t.startswith("−") else t


@dataclass(frozen=True)
class Numbers:
    """The equation of one entry with its numbers in it.

    ``terms`` are the products summed (each a tuple of factors), ``extra`` a value added
    after them (a bias), and ``value`` their total evaluated from exactly those numbers.
    """

    lhs: str
    symbolic: str
    shown: str
    value: float

    @property
    def text(self) -> str:
        return f"{self.lhs} = {self.symbolic} = {self.shown} = {num(self.value)}"


def _products(factors: list[tuple[float, ...]], extra: float | None = None, head: int = 3):
    """(text, total) for Σ of the products of ``factors`` (+ ``extra``), first terms shown."""
    shown = [" × ".join(_factor(f) for f in fs) for fs in factors[:head]]
    if len(factors) > head:
        shown.append(f"… ({len(factors)} terms in all)")
    text = " + ".join(shown)
    total = float(sum(float(np.prod(fs)) for fs in factors))
    if extra is not None:
        text += f" + {_factor(extra)}"
        total += float(extra)
    return text, total


def _idx(index) -> str:
    return "[" + ",".join(str(int(i)) for i in index) + "]"


def numbers(name: str, env: dict, index: tuple[int, ...], mistake: str | None = None) -> Numbers:
    """The line ``name`` for the entry at ``index``, with the numbers it reads.

    ``value`` is evaluated from the numbers themselves (full precision), so it equals
    the tensor's entry; the text shows them to 4 significant digits.
    """
    e = env
    wrong = mistake if (mistake and MISTAKES[mistake].step == name) else None
    index = tuple(int(i) for i in index)
    lhs = f"{symbol(name)}{_idx(index)}" if index else name
    n_rows = e["x"].shape[0]
    if name == "z1":
        n, j = index
        fs = [(e["x"][n, i], e["W1"][i, j]) for i in range(e["x"].shape[1])]
        text, total = _products(fs, e["b1"][j])
        return Numbers(lhs, f"Σᵢ x[{n},i]·W1[i,{j}] + b1[{j}]", text, total)
    if name == "h":
        z = e["z1"][index]
        return Numbers(lhs, f"σ(z1{_idx(index)}) = 1 / (1 + e^(−z1))", f"σ({num(z)})", _sig(z))
    if name == "z2":
        n, k = index
        fs = [(e["h"][n, j], e["W2"][j, k]) for j in range(e["h"].shape[1])]
        text, total = _products(fs, e["b2"][k])
        return Numbers(lhs, f"Σⱼ h[{n},j]·W2[j,{k}] + b2[{k}]", text, total)
    if name == "yhat":
        n, k = index
        z = e["z2"][n]
        ez = np.exp(z - z.max())  # the same ratio, without overflow
        den = " + ".join(f"e^{_factor(v)}" for v in z[:3]) + (" + …" if z.size > 3 else "")
        return Numbers(
            lhs,
            f"e^z2[{n},{k}] / Σ_c e^z2[{n},c]",
            f"e^{_factor(z[k])} / ({den})",
            float(ez[k] / ez.sum()),
        )
    if name == "CE":
        picked = [float(e["yhat"][n, int(np.argmax(e["y"][n]))]) for n in range(n_rows)]
        logs = [np.log(v) if v > 0 else -np.inf for v in picked]
        shown = " + ".join(f"log {num(v)}" for v in picked[:3])
        shown += " + …" if n_rows > 3 else ""
        return Numbers("CE", "−Σₙ log ŷ[n, kₙ]", f"−({shown})", float(-np.sum(logs)))
    if name == "dz2":
        yh, y = e["yhat"][index], e["y"][index]
        if wrong == "sign":
            return Numbers(
                lhs, f"y{_idx(index)} − ŷ{_idx(index)}", f"{num(y)} − {_factor(yh)}", y - yh
            )
        return Numbers(lhs, f"ŷ{_idx(index)} − y{_idx(index)}", f"{num(yh)} − {_factor(y)}", yh - y)
    if name in ("dW2", "dW1"):
        i, j = index
        a, d = ("h", "dz2") if name == "dW2" else ("x", "dz1")
        fs = [(e[a][n, i], e[d][n, j]) for n in range(n_rows)]
        text, total = _products(fs)
        sym = f"Σₙ {a}[n,{i}]·{d}[n,{j}]" if n_rows > 1 else f"{a}[0,{i}]·{d}[0,{j}]"
        return Numbers(lhs, sym, text, total)
    if name in ("db2", "db1"):
        (j,) = index
        d = "dz2" if name == "db2" else "dz1"
        fs = [(e[d][n, j],) for n in range(n_rows)]
        text, total = _products(fs)
        return Numbers(lhs, f"Σₙ {d}[n,{j}]" if n_rows > 1 else f"{d}[0,{j}]", text, total)
    if name == "dh":
        n, j = index
        W2, dz2 = e["W2"], e["dz2"]
        if wrong == "transpose":
            if W2.shape[0] != dz2.shape[1]:
                return Numbers(lhs, f"Σ_c dz2[{n},c]·W2[c,{j}]", "undefined (shapes)", np.nan)
            fs = [(dz2[n, k], W2[k, j]) for k in range(dz2.shape[1])]
            text, total = _products(fs)
            return Numbers(lhs, f"Σ_c dz2[{n},c]·W2[c,{j}]", text, total)
        fs = [(dz2[n, k], W2[j, k]) for k in range(dz2.shape[1])]
        text, total = _products(fs)
        return Numbers(lhs, f"Σ_c dz2[{n},c]·W2ᵀ[c,{j}]", text, total)
    if name == "dz1":
        dh, z = e["dh"][index], e["z1"][index]
        s = _sig(z)
        ix = _idx(index)
        if wrong == "theta2":
            return Numbers(lhs, f"dh{ix}·σ(z1{ix})²", f"{num(dh)} × {_factor(s)}²", dh * s * s)
        if wrong == "no_sigma_prime":
            return Numbers(lhs, f"dh{ix}", num(dh), dh)
        return Numbers(
            lhs,
            f"dh{ix}·σ(z1{ix})(1 − σ(z1{ix}))",
            f"{num(dh)} × {num(s)} × {num(1 - s)}",
            dh * (s * (1.0 - s)),
        )
    if name == "dx":
        n, i = index
        fs = [(e["dz1"][n, j], e["W1"][i, j]) for j in range(e["dz1"].shape[1])]
        text, total = _products(fs)
        return Numbers(lhs, f"Σⱼ dz1[{n},j]·W1ᵀ[j,{i}]", text, total)
    raise ValueError(f"unknown step {name!r}")


def symbol(name: str) -> str:
    """How a value is written: ŷ for yhat, every other name as it is."""
    return "ŷ" if name == "yhat" else name


def _sig(z: float) -> float:
    return float(sigmoid(np.asarray([float(z)]))[0])
