"""Core speed, side by side in one process: softmax against SciPy, and one forward and
backward step of the notes' network at the playground's size and at N=512, 784-256-10,
the latter against the same network in PyTorch autograd when it is installed."""

from __future__ import annotations

import sys
import timeit
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import metl_core as M


def best(f, number: int, repeat: int = 7) -> float:
    """Best time of one call in seconds: the minimum is the least disturbed by the machine."""
    f()
    return min(timeit.repeat(f, number=number, repeat=repeat)) / number


def softmax_vs_scipy() -> dict:
    x = np.random.default_rng(0).normal(size=(4096, 1024))
    ours = best(lambda: M.softmax(x, axis=-1), 5)
    out = np.empty_like(x)
    exp_floor = best(lambda: np.exp(x, out=out), 5)
    row = {"what": "softmax, 4096×1024 float64", "ours_ms": ours * 1e3, "floor_ms": exp_floor * 1e3}
    try:
        from scipy.special import softmax as scipy_softmax
    except ImportError:
        row["note"] = "SciPy not installed: pip install -r requirements-bench.txt"
        return row
    np.testing.assert_allclose(M.softmax(x), scipy_softmax(x, axis=-1), rtol=1e-12)
    ref = best(lambda: scipy_softmax(x, axis=-1), 5)
    row.update(ref_ms=ref * 1e3, ref="scipy.special.softmax", speedup=ref / ours, target=1.5)
    return row


def step(n: int, dims: tuple[int, int, int]):
    """One forward and backward pass of the notes' network, and what it needs."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, dims[0]))
    y = rng.integers(0, dims[2], size=n)
    p = M.init_params(*dims, seed=0)

    def ours():
        _, cache = M.forward(p, x)
        return M.backward(p, cache, y)

    return ours, x, y, p


def step_at_playground_size() -> dict:
    # What the playground trains: batches of 32 points in the plane, up to 64 hidden units.
    ours, *_ = step(32, (2, 64, 5))
    return {
        "what": "forward + backward, N=32, 2-64-5 (playground)",
        "ours_ms": best(ours, 500) * 1e3,
    }


def step_vs_torch() -> dict:
    ours, x, y, p = step(512, (784, 256, 10))
    # Timed before torch is imported: its OpenMP threads keep spinning after a parallel
    # region and, on 2 cores, would take CPU from NumPy's BLAS threads.
    t_ours = best(ours, 20)
    row = {"what": "forward + backward, N=512, 784-256-10 float64", "ours_ms": t_ours * 1e3}
    try:
        import torch
    except ImportError:
        row["note"] = "PyTorch not installed (optional): pip install torch==2.13.0"
        return row
    torch.set_num_threads(max(1, torch.get_num_threads()))
    tx = torch.tensor(x, requires_grad=True)  # the notes' step also gives dCE/dx
    ty = torch.tensor(y)
    tp = [torch.tensor(a, requires_grad=True) for _, a in p.items()]

    def theirs():
        for t in (tx, *tp):
            t.grad = None
        W1, b1, W2, b2 = tp
        z2 = torch.sigmoid(tx @ W1 + b1) @ W2 + b2
        loss = torch.nn.functional.cross_entropy(z2, ty, reduction="sum")
        loss.backward()
        return loss

    theirs()
    g = ours()
    np.testing.assert_allclose(tp[0].grad.numpy(), g.dW1, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(tx.grad.numpy(), g.dx, rtol=1e-9, atol=1e-12)
    t_torch = best(theirs, 20)
    row.update(
        ref_ms=t_torch * 1e3,
        ref=f"PyTorch {torch.__version__} autograd, CPU",
        speedup=t_torch / t_ours,
        target=1.0,
    )
    return row


def main() -> int:
    for row in (softmax_vs_scipy(), step_at_playground_size(), step_vs_torch()):
        line = f"{row['what']:48s} ours {row['ours_ms']:8.3f} ms"
        if "ref_ms" in row:
            ok = "meets" if row["speedup"] >= row["target"] else "MISSES"
            line += (
                f" | {row['ref']} {row['ref_ms']:8.2f} ms | {row['speedup']:.2f}× "
                f"({ok} the {row['target']:g}× target)"
            )
        if "floor_ms" in row:
            line += f" | exp alone {row['floor_ms']:.2f} ms"
        if "note" in row:
            line += f" | {row['note']}"
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
