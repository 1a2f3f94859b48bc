"""The notes, in their order: each step in correct LaTeX, checked live with numbers."""

import numpy as np
import streamlit as st

import metl_core as M
from metl_core import explore as E
from metl_core import export as X
from metl_core import notes as N
from pages import ui

view = ui.page(
    "The notes, step by step",
    "Read this beside METL TP 1: every equality is evaluated at numbers you choose, and every "
    "mistake in the notes is shown next to the correction.",
)

st.subheader("Inputs for the checks")
c1, c2, c3, c4 = st.columns([3, 1, 1, 1])
with c1:
    x = ui.vector_input(
        "x (used by steps 1, 2 and 4)",
        key="nx",
        default="1, 2, -0.5",
        max_entries=20,
        min_entries=2,
        check=lambda v: (
            None
            if np.max(np.abs(v)) <= 700
            else "Keep |xᵢ| ≤ 700 here: the literal exp(xᵢ) of the definition overflows beyond 709."
        ),
    )
c = c2.number_input("constant c (step 2)", -1000.0, 1000.0, 3.0, key="nc", bind="query-params")
k = c3.number_input("true class k (step 4)", 0, 19, 0, key="nk", bind="query-params")
seed = c4.number_input("seed (steps 2 and 5)", 0, 2**31 - 1, 0, key="nseed", bind="query-params")
k = ui.class_index(k, x.size, "logits")
rng_vector = E.shift_vector(x.size, 3.0, constant=False, seed=seed)  # a seeded non-constant c

results = {}

# 1 -----------------------------------------------------------------------------------------
st.header("1. Softmax: the definition")
st.latex(
    r"\operatorname{softmax}: \mathbb{R}^n \to (0, 1)^n,\quad "
    r"\operatorname{softmax}(x)_i = \frac{e^{x_i}}{\sum_{j=1}^{n} e^{x_j}},\quad "
    r"\sum_{i=1}^n \operatorname{softmax}(x)_i = 1"
)
ui.erratum(
    r"\operatorname{softmax}(x)_i = \frac{e^{x_i}}{\sum_{j=1}^{n} x_j}",
    r"\operatorname{softmax}(x)_i = \frac{e^{x_i}}{\sum_{j=1}^{n} e^{x_j}}",
    "The denominator must sum the exponentials e^{x_j}, not the logits x_j.",
)
ui.explain(
    "Unclear in the notes: they give the codomain as [0, 1]ⁿ. That is not false, but every "
    "entry is strictly between 0 and 1, since each exp(xᵢ) > 0."
)
results["softmax = its definition"] = N.check_softmax_definition(x)
results["softmax sums to 1"] = N.check_sums_to_one(x)
ui.checks(
    ("M.softmax(x) = exp(xᵢ) / Σⱼ exp(xⱼ)", results["softmax = its definition"]),
    ("Σᵢ softmax(x)ᵢ = 1", results["softmax sums to 1"]),
    (
        "the notes' exp(xᵢ) / Σⱼ xⱼ sums to 1",
        N.check_sums_to_one(x, formula=N.notes_softmax),
        "fail",
    ),
)

# 2 -----------------------------------------------------------------------------------------
st.header("2. Softmax is invariant to one added constant")
st.latex(
    r"\operatorname{softmax}(x + c\mathbf{1})_i"
    r" = \frac{e^{x_i + c}}{\sum_{j} e^{x_j + c}}"
    r" = \frac{e^{c}\, e^{x_i}}{e^{c} \sum_{j} e^{x_j}}"
    r" = \operatorname{softmax}(x)_i \qquad \forall c \in \mathbb{R}"
)
ui.erratum(
    r"\forall c \in \mathbb{R}^n:\ \operatorname{softmax}(x + c) = \operatorname{softmax}(x)",
    r"\forall c \in \mathbb{R}:\ \operatorname{softmax}(x + c\mathbf{1})"
    r" = \operatorname{softmax}(x)",
    "Dividing by exp(cⱼ) outside the sum over j assumes every c_j is the same; for a "
    "general c ∈ ℝⁿ the claim is false, as the counterexample on the right shows.",
)
ui.erratum(
    r"\frac{e^{(x_i+c_i)}}{\sum_{i=1}^{n} e^{(x_i+c_j)}} \;\cdots\;"
    r" = \frac{e^{x_i}}{\sum_{j=1}^n e^{x_i}}",
    r"\frac{e^{x_i+c_i}}{\sum_{j=1}^{n} e^{x_j+c_j}} \;\cdots\;"
    r" = \frac{e^{x_i}}{\sum_{j=1}^n e^{x_j}}",
    "The proof also mixes its indices: the first sum runs over i with terms in j, and the "
    "last one sums exp(xᵢ), a constant, instead of exp(xⱼ).",
)
results["invariance to c·1"] = N.check_shift_invariance(x, c)
ui.checks(
    (f"softmax(x + {c:g}·1) = softmax(x)", results["invariance to c·1"]),
    (
        "softmax(x + c) = softmax(x) for c = ("
        + ", ".join(f"{v:.3g}" for v in rng_vector)
        + "), a counterexample",
        N.check_shift_invariance(x, rng_vector),
        "fail",
    ),
)

# 3 -----------------------------------------------------------------------------------------
st.header("3. The sigmoid and its derivative")
grid = np.linspace(-8, 8, 33)
st.latex(
    r"\sigma: \mathbb{R}^n \to (0, 1)^n,\quad \sigma(x)_i = \frac{1}{1 + e^{-x_i}},\qquad"
    r"\sigma'(x) = \frac{e^{-x}}{(1 + e^{-x})^2} = \sigma(x)\bigl(1 - \sigma(x)\bigr)"
)
ui.erratum(
    r"\sigma : \mathbb{R}^n \to [-1, 1]^n",
    r"\sigma : \mathbb{R}^n \to (0, 1)^n",
    "1 + exp(−x) > 1, so σ(x) lies strictly between 0 and 1; it is never negative.",
)
results["σ′ = σ(1 − σ)"] = N.check_sigmoid_derivative(grid)
results["σ in (0, 1)"] = N.check_sigmoid_range(grid)
ui.checks(
    ("σ(1 − σ) = finite difference of σ, on [−8, 8]", results["σ′ = σ(1 − σ)"]),
    ("every σ(x) on [−8, 8] lies in (0, 1)", results["σ in (0, 1)"]),
    (
        "σ² (the θ² of the notes' last line) = finite difference",
        N.check_sigmoid_derivative(grid, derivative=lambda v: M.sigmoid(v) ** 2),
        "fail",
    ),
)

# 4 -----------------------------------------------------------------------------------------
st.header("4. The gradient of cross-entropy: ŷ − y")
st.latex(
    r"CE = -\sum_i y_i \log \hat y_i = -\log \hat y_k = -z_k + \log \sum_i e^{z_i}"
    r"\quad (y \text{ one-hot at } k)"
)
st.latex(
    r"\frac{\partial CE}{\partial z_j} = -[j = k] + \frac{e^{z_j}}{\sum_i e^{z_i}}"
    r" = \hat y_j - y_j, \qquad \frac{\partial CE}{\partial z} = \hat y - y"
)
ui.erratum(
    r"\frac{\partial CE}{\partial \theta} = \partial\bigl(-\theta + \log \textstyle\sum "
    r"e^{\theta_i}\bigr) = \frac{e^{\theta_i}}{\sum e^{\theta}} - y",
    r"\frac{\partial CE}{\partial z_j} = -[j = k] + \frac{e^{z_j}}{\sum_i e^{z_i}}",
    "The result is right, but the notes switch from the hot index k to i and "
    "differentiate the scalar CE with respect to the vector θ as if θ were a scalar.",
)
results["∂CE/∂z = ŷ − y"] = N.check_ce_gradient(x, k)
ui.checks(
    (f"ŷ − y = finite differences of CE (z = x, k = {k})", results["∂CE/∂z = ŷ − y"]),
    (
        "y − ŷ (the sign flipped) = finite differences",
        N.check_ce_gradient(x, k, grad=lambda z, t: -M.cross_entropy_grad(z, t)),
        "fail",
    ),
)

# 5 -----------------------------------------------------------------------------------------
st.header("5. Backpropagation, layer by layer")
params = M.init_params(4, 3, 3, seed=seed)
x_net = E.random_vector(4, seed=seed + 1)
label = int(seed % 3)
st.latex(
    r"z_1 = xW_1 + b_1,\quad h = \sigma(z_1),\quad z_2 = hW_2 + b_2,\quad"
    r"\hat y = \operatorname{softmax}(z_2)"
)
st.latex(
    r"\delta_1 = \frac{\partial CE}{\partial z_2} = \hat y - y,\quad "
    r"\delta_2 = \frac{\partial CE}{\partial h} = \delta_1 W_2^{\top},\quad "
    r"\delta_3 = \frac{\partial CE}{\partial z_1} = \delta_2 \odot \sigma'(z_1),\quad "
    r"\frac{\partial CE}{\partial x} = \delta_3 W_1^{\top}"
)
ui.erratum(
    r"\frac{\partial CE}{\partial x} = (\hat y - y)\,\omega_2^{\top} \odot "
    r"\theta^{2}(z_1)\, W_1^{\top}",
    r"\frac{\partial CE}{\partial x} = \bigl((\hat y - y)\, W_2^{\top} \odot "
    r"\sigma'(z_1)\bigr) W_1^{\top}",
    "θ²(z1) is a typo for σ′(z1) = σ(z1)(1 − σ(z1)); the lines before also write θ′ "
    "for σ′ and ω2 for W2.",
)
ui.explain(
    "Unclear in the notes: “∂zᵢ/∂xᵢ = Wᵢᵀ” uses xᵢ for the input of layer i. With row "
    "vectors, z1 = xW1 gives ∂CE/∂x = ∂CE/∂z1 · W1ᵀ, and z2 = hW2 gives ∂CE/∂h = "
    "∂CE/∂z2 · W2ᵀ."
)
backprop = N.check_backprop(params, x_net, label)
typo = N.check_backprop(params, x_net, label, backward_fn=N.notes_dz1)
for name, res in backprop.items():
    results[f"backprop {name}"] = res
st.caption(f"A 4-3-3 network from seed {seed}, true class {label}; finite differences, h = 1e-4.")
st.dataframe(
    {
        "gradient": list(backprop),
        "largest relative error": [r.error for r in backprop.values()],
        "passes at 1e-5": [r.ok for r in backprop.values()],
        "with the notes' θ²(z1): error": [typo[n].error for n in backprop],
        "with the notes' θ²(z1): passes": [typo[n].ok for n in backprop],
    },
    hide_index=True,
    width="stretch",
    column_config={
        "largest relative error": st.column_config.NumberColumn(format="%.2e"),
        "with the notes' θ²(z1): error": st.column_config.NumberColumn(format="%.2e"),
    },
)
ui.checks(
    ("every gradient of the correct backward pass", max(backprop.values(), key=lambda r: r.error)),
    ("∂CE/∂x with the notes' θ²(z1)", typo["dx"], "fail"),
)

# 6 -----------------------------------------------------------------------------------------
st.header("6. The number of parameters")
d1, d2, d3 = st.columns(3)
dx = d1.number_input("Dx", 1, 300, 10, key="ndx", bind="query-params")
h = d2.number_input("H", 1, 300, 5, key="nh", bind="query-params")
dy = d3.number_input("Dy", 1, 300, 10, key="ndy", bind="query-params")
st.latex(
    r"\underbrace{D_x H}_{W_1:\ D_x\times H} + \underbrace{H}_{b_1} + "
    r"\underbrace{H D_y}_{W_2:\ H\times D_y} + \underbrace{D_y}_{b_2} "
    rf"= (D_x + 1)H + (H + 1)D_y = {M.param_count(dx, h, dy):,}".replace(",", "{,}")
)
ui.explain(
    "Unclear in the notes: “HDx is the dimension of xW1”. HDx is the number of weights "
    "in W1 (Dx × H); xW1 itself is 1 × H, the shape of b1."
)
results["parameter count"] = N.check_param_count(dx, h, dy)
ui.checks(
    ("(Dx + 1)H + (H + 1)Dy = entries of a built network", results["parameter count"]),
    (
        "Dx·H + H·Dy (biases forgotten) = entries of a built network",
        N.check_param_count(dx, h, dy, count=N.count_without_biases),
        "fail",
    ),
)

st.divider()
passed = sum(r.ok for r in results.values())
st.metric("checks of the correct maths that pass", f"{passed} of {len(results)}")
ui.download(
    "Every check on this page (CSV)",
    lambda: X.to_csv(
        {
            "check": list(results),
            "largest_difference": [r.error for r in results.values()],
            "tolerance": [r.tol for r in results.values()],
            "passes": [r.ok for r in results.values()],
        }
    ),
    "notes_checks.csv",
    key="dl_notes",
)

view.finish()
