"""The words of every diagnosis: one table for the checker and the exercises page.

A diagnosis is a code and its evidence (:class:`metl_core.mistakes.diagnose.Diagnosis`);
:func:`describe` makes the sentence a student reads. :data:`MISTAKE_NAMES` gives each
mistake an exercise can name a few words, as a class poll's chart labels its bar.
"""

from __future__ import annotations

MESSAGES = {
    "ok": "right",
    "not_numbers": "returned {type}, not an array of numbers",
    "shape": "returned shape {got}, expected {expected}",
    "entry": "first wrong entry at {index}: expected {expected}, got {got}",
    "not_finite": "gives {got} at {index} (expected {expected})",
    # softmax
    "no_max_shift": (
        "softmax without the max shift: exp overflows for large logits (inf / inf = NaN) "
        "and underflows for very negative ones (0 / 0 = NaN). Subtract each row's max "
        "before exp"
    ),
    "global_max_shift": (
        "subtracts the max of the whole matrix, not each row's: a row far below that max "
        "underflows to 0 / 0"
    ),
    "columns": "normalises the columns instead of the rows: each row should sum to 1",
    "whole_sum": "divides by the sum of the whole matrix instead of each row's sum",
    "sum_x_denominator": ("divides by Σⱼ xⱼ, the notes' typo, instead of Σⱼ exp(xⱼ)"),
    # sigmoid and its derivative
    "tanh": "computes tanh(x), whose range is (−1, 1), instead of σ(x) = 1 / (1 + exp(−x))",
    "sigmoid_sign": "computes 1 / (1 + exp(x)) = σ(−x): the minus sign in exp(−x) is missing",
    "exp_overflow": (
        "computes σ as eˣ / (1 + eˣ), which gives inf / inf = NaN once eˣ overflows "
        "(x > 709); 1 / (1 + e⁻ˣ) gives the same values and no NaN"
    ),
    "x_for_s": (
        "sigmoid_grad takes its argument for x and applies σ again; it is given s = σ(x), "
        "so it should return s (1 − s)"
    ),
    "sigma_squared": "uses σ² (the notes' θ²) in place of σ′ = σ (1 − σ)",
    "tanh_derivative": "uses 1 − σ² (the form of tanh′ = 1 − tanh²) instead of σ (1 − σ)",
    "sigma_only": "gives σ(x) itself, not its derivative σ(x) (1 − σ(x))",
    "x_times_one_minus_x": "computes x (1 − x): the formula s (1 − s) takes s = σ(x), not x",
    # cross-entropy and backprop
    "sign_flip": "has the sign flipped: ∂CE/∂z is ŷ − y, not y − ŷ",
    "forgot_y": "gives ŷ: subtract the one-hot y to get ŷ − y",
    "minus_log": "gives −y log ŷ, the loss itself, not its gradient ŷ − y",
    "no_sigma_prime": "forgets σ′ in dz1: dz1 = dh ⊙ σ′(z1) = dh ⊙ h (1 − h), not dh",
    "mean": (
        "divides by the batch size N = {n}: the assignment's cost and gradient are sums "
        "over the batch, not means"
    ),
    "transposed": "has {parts} transposed: dW = (layer input)ᵀ dz has the shape of W",
    "missing_bias": "is missing the bias gradient {parts} (Σ over the batch of dz)",
    "bias_not_summed": "{part} is not summed over the batch: it is one row per sample",
    "cost_wrong": "the cost is {got}, expected {expected} (the CE summed over the batch)",
    "cost_not_scalar": "the cost has shape {got}; it should be one number",
    "not_pair": "returned {type}, not a pair (cost, gradient)",
    # gradcheck_naive
    "gradcheck_rejects_right": (
        "says the check failed for a right gradient ({call}); it printed: {printed}"
    ),
    "gradcheck_one_sided": (
        "says a right gradient failed for a quadratic but passes a linear function: "
        "a one-sided difference (f(x + h) − f(x)) / h? Use (f(x + h) − f(x − h)) / 2h"
    ),
    "gradcheck_separable_only": (
        "says a right gradient failed for (Σx)², whose entries depend on each other, though "
        "it passes Σx²: does it call f on x[ix] ± h alone? Move x[ix] inside x and call "
        "f(x) ({call}); it printed: {printed}"
    ),
    "gradcheck_accepts_wrong": (
        "says the check passed for a wrong gradient ({call}); it printed: {printed}"
    ),
    "gradcheck_silent": ("printed neither 'passed' nor 'failed' ({call}); it printed: {printed}"),
    "gradcheck_raises_on_failure": (
        "raised {error} {where} on a wrong gradient ({call}), where it should print that "
        "the check failed"
    ),
    "gradcheck_changes_x": (
        "leaves x changed after the check: {change}. Restore each x[ix] after moving it"
    ),
    "count_no_bias": "counts only the weights Dx·H + H·Dy: each layer also has a bias",
    "count_one_bias": "counts only one of the two bias vectors: b1 has H entries, b2 has Dy",
    "count_product": "multiplies Dx·H·Dy: the layers' parameters add up, (Dx + 1)H + (H + 1)Dy",
    "entry_hidden": "first wrong entry at {index}: you have {got}",
    # bad files and calls
    "raised": "raised {error} {where}",
    "uses_broken": (
        "calls {name} from {file}, which could not be imported ({error} {where}): "
        "fix that file first"
    ),
    "too_slow": "took more than {limit} s on one call and was stopped",
    "too_much_memory": "ran out of memory (the limit is {limit} MB) {where}",
    "import_error": "could not be imported: {error} {where}",
    "import_partial": (
        "raised {error} while it was imported {where}: importing it fails; the functions "
        "it defined before that were checked"
    ),
    "import_too_slow": "took more than {limit} s to import and was stopped",
    "fissix_missing": (
        "is Python 2, and converting it needs fissix: pip install -r requirements.txt"
    ),
    "crashed": "stopped Python itself (exit code {rc})",
    "internal": "could not be checked: {error}",
    "not_found": "no such file or folder",
    "not_python": "is not a .py file",
    "no_file": "not checked: there is no {file} in {folder}",
    "not_defined": "not checked: {file} does not define it",
    "unchecked": "not checked: {file} {reason}",
    "nothing_found": (
        "none of softmax, sigmoid, sigmoid_grad, gradcheck_naive or forward_backward_prop was found"
    ),
    # notes
    "python2": (
        "{files} {verb} Python 2: checked after a mechanical conversion to Python 3 (fissix); "
        "your files are unchanged"
    ),
    "py2_division": (
        "Python 2's / rounds a division of two integers down: in {file}, line {line}, "
        "{a} / {b} gave {py2}, where Python 3 gives {py3}. It was checked with Python 2's "
        "meaning, as you wrote it; under Python 3, write // if you mean it"
    ),
    "numpy_removed": (
        "{file} uses {names}, which today's NumPy no longer has: checked with the meaning "
        "they had ({now})"
    ),
    "no_sandbox": (
        "No sandbox ({reason}): the code ran in a temporary copy with the time and memory "
        "limits, but with your own rights and network. Check only code you trust "
        "(docs/checker.md)"
    ),
    "class_needs_sandbox": (
        "--class runs other people's code, and the sandbox is not available here ({reason}). "
        "Install bubblewrap (Debian and Ubuntu: apt-get install bubblewrap), or pass "
        "--no-sandbox to run it with your own rights"
    ),
    "checker_failed": "The checker itself failed ({error}). Please report it",
}
NAMED_ELSEWHERE = ("entry", "not_finite", "cost_wrong", "raised", "shape")

# A few words for each mistake an exercise can name, as a class poll's chart labels its bar
# ("11 forgot to subtract y"): what students did, without the numbers of any one answer.
MISTAKE_NAMES = {
    "entry": "wrong, no classic mistake found",
    "no_max_shift": "no max shift before exp",
    "global_max_shift": "shifted by the whole matrix's max",
    "columns": "normalised the columns",
    "whole_sum": "divided by the whole matrix's sum",
    "sum_x_denominator": "divided by Σ xⱼ, not Σ exp(xⱼ)",
    "tanh": "computed tanh(x)",
    "sigmoid_sign": "dropped the minus in exp(−x)",
    "x_for_s": "applied σ twice: σ′(σ(x))",
    "sigma_squared": "used σ² for σ′",
    "tanh_derivative": "used 1 − σ², tanh's derivative",
    "sigma_only": "gave σ(x), not σ′(x)",
    "x_times_one_minus_x": "used x (1 − x), not σ(x)(1 − σ(x))",
    "sign_flip": "flipped the sign: y − ŷ",
    "forgot_y": "forgot to subtract y",
    "minus_log": "gave the loss −y log ŷ",
    "no_sigma_prime": "forgot σ′ in dz1",
    "mean": "divided by the batch size",
    "transposed": "transposed dW",
    "missing_bias": "left out the bias gradient",
    "bias_not_summed": "did not sum the bias over the batch",
    "count_no_bias": "forgot the biases",
    "count_one_bias": "counted one bias vector only",
    "count_product": "multiplied Dx·H·Dy",
}


def _show(value) -> str:
    """Evidence as a student reads it: 8 significant digits, indices as [i, j]."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return f"{value:.8g}"
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return " and ".join(value)
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return str(value)


class _Shown(dict):
    def __missing__(self, key: str) -> str:
        return "?"  # evidence left out (or hidden): never a KeyError, never a brace


def _mean_rest(evidence: dict, reveal: bool) -> str:
    """What follows "divides by the batch size": is the rest right, or what else is wrong."""
    only, then = evidence.get("only"), evidence.get("then")
    out = []
    if only == "cost":
        out.append("Only the cost is divided, so the gradient is not the gradient of the cost")
    elif only == "gradient":
        out.append("Only the gradient is divided, so it is not the gradient of the cost")
    if then == "ok":
        rest = "Multiplied back by N, the rest is right"
        if evidence.get("consistent"):
            rest += ": cost and gradient agree, so the assignment's own gradient check passes"
        out.append(rest)
    elif then == "mean":
        out.append("Multiplied back by N, it is still divided by N: it divides twice")
    elif then:
        second = describe(then, evidence.get("then_evidence") or {}, reveal)
        if then in NAMED_ELSEWHERE:
            out.append(f"The gradient is also wrong: {second}")
        elif only == "cost":
            out.append(f"The gradient also {second}")
        else:
            out.append(f"Multiplied back by N, it also {second}")
    return "".join(f". {s}" for s in out)


def describe(code: str, evidence: dict | None = None, reveal: bool = True) -> str:
    """The sentence for a diagnosis ``code`` with its ``evidence`` filled in.

    ``reveal=False`` leaves out the expected values, for an exercise whose answer the
    student has not asked to see.
    """
    evidence = dict(evidence or {})
    if not reveal:
        evidence.pop("expected", None)
        code = "entry_hidden" if code == "entry" else code
    shown = _Shown({k: _show(v) for k, v in evidence.items() if not isinstance(v, dict)})
    text = MESSAGES.get(code, code).format_map(shown)
    text = " ".join(text.split())  # an empty {where} leaves no double space
    if code == "entry" and "part" in evidence:
        text = text.replace("entry at ", f"entry in {evidence['part']} at ", 1)
    if code == "mean":
        text += _mean_rest(evidence, reveal)
    extra = []
    if "x" in evidence:
        extra.append(f"at the input {_show(evidence['x'])}")
    if code not in ("entry", "not_finite") and {"index", "expected", "got"} <= set(evidence):
        part = evidence.get("part", "")
        extra.append(
            f"first wrong entry {part}{_show(evidence['index'])}: "
            f"expected {_show(evidence['expected'])}, got {_show(evidence['got'])}"
        )
    return text + (" (" + "; ".join(extra) + ")" if extra else "")
