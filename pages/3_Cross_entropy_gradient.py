"""Cross-entropy of softmax logits and its gradient ŷ − y, as bars, numbers and vectors."""

import numpy as np
import streamlit as st

import metl_core as M
from metl_core import figures as F
from metl_core.figures import teach as FT
from metl_core.maths import finite_differences as FD
from metl_core.maths import stable_ce as SCE
from metl_core.teaching import explore as E
from metl_core.text import export as X
from pages.ui import fd_text as FDT
from pages.ui import poll_view
from pages.ui.frame import demo, explain, fold, lazy_expander, page, page_link, section
from pages.ui.inputs import class_index, memo, vector_input
from pages.ui.show import chart, download, erratum, formula, numbers, table
from pages.ui.text import escape_md, fmt, vector_text
from pages.ui.url import keep_choice

view = page(
    "Cross-entropy gradient",
    "CE = −Σᵢ yᵢ log ŷᵢ with ŷ = softmax(z); its gradient with respect to the logits is ŷ − y.",
)


def bars() -> tuple:
    """The demo: ŷ, y and ŷ − y for the typed logits and class, checked."""
    controls, plot = st.columns([2, 3])
    with controls:
        z = vector_input(
            "Logits z (2 to 20 numbers)",
            key="z",
            default="2, 1, 0.1",
            max_entries=20,
            min_entries=2,
            help="For example 2, 1, 0.1. At least two classes.",
        )
        k = st.number_input(
            "true class k", min_value=0, max_value=19, value=0, step=1, key="k", bind="query-params"
        )
        k = class_index(k, z.size, "logits")

        yhat = M.softmax(z)
        y = np.eye(z.size)[k]
        grad = M.cross_entropy_grad(z, k)
        cost = float(M.cross_entropy(z, k)) + 0.0  # + 0.0: a loss of −0 reads as 0
        H = 1e-4
        fd_ok = E.resolvable(z, H, ratio=1e-5)
        check = M.gradcheck(lambda v: (M.cross_entropy(v, k), M.cross_entropy_grad(v, k)), z, h=H)
        verdict = ("pass" if check.ok else "FAIL") if fd_ok else "n/a"
        numbers(
            {
                "CE": fmt(cost, 6),
                "Σⱼ (ŷ − y)ⱼ": fmt(float(grad.sum()), 3),
                "gradient check (h = 1e-4, tolerance 1e-5)": verdict,
            },
            "ce",
        )
        if fd_ok:
            st.caption(
                f"Gradient check: largest error {fmt(check.max_rel_error, 2)}, where the "
                "error of an entry is |num − ana| / max(1, |num|, |ana|)."
            )
        else:
            st.caption(
                f"Logits this large cannot be nudged accurately enough by h = {H:g} in float64, "
                "so finite differences say nothing here; ŷ − y itself is accurate to rounding."
            )
    with plot:
        chart(
            F.grouped_bars(
                [("ŷ = softmax(z)", yhat), ("y (one-hot)", y), ("ŷ − y = ∂CE/∂z", grad)],
                f"Prediction, target and gradient, true class {k}",
                "value",
            ),
            key="ce_bars",
        )
    with st.container(horizontal=True, vertical_alignment="center"):
        download(
            "Logits, ŷ, y and the gradient (CSV)",
            lambda: X.to_csv(
                {
                    "z": z,
                    "yhat": yhat,
                    "y": y,
                    "grad_yhat_minus_y": grad,
                    "numeric_grad": check.numeric,
                },
                F.class_labels(z.size),
            ),
            "cross_entropy.csv",
            key="dl_ce",
        )
        page_link(
            "pages/1_Softmax.py",
            label="Open these logits on the softmax page",
            query_params={"logits": vector_text(z)},
        )
    entries = lazy_expander("Finite-difference check of the gradient, entry by entry", "fd")
    if entries.open:
        with entries:
            table(
                {
                    "analytic ŷ − y": check.analytic,
                    "numeric (CE(z+h) − CE(z−h)) / 2h": check.numeric,
                    "error |num − ana| / max(1, |num|, |ana|)": check.rel_error,
                },
                index=F.class_labels(z.size),
            )
    formula("ce-definition")
    formula("ce-gradient")
    return z, k


with section("bars"):
    z, k = demo("ce", bars, folds=view.entry.folds)


def nearest_pair(old: str, n: int) -> str:
    """The pair kept when the logits shrink: z3-z4 with 3 logits becomes z1-z2."""
    try:
        i, j = (int(part) for part in old[1:].split("-z"))
    except ValueError:
        return "z0-z1"
    j = min(max(j, 1), n - 1)
    return f"z{min(max(i, 0), j - 1)}-z{j}"


@st.fragment
def vector_view(z, k) -> None:
    """Reruns alone when its own controls change."""
    if z.size == 2:
        explain(
            "With two classes CE depends only on the margin d = z_k − z_other: "
            "CE = log(1 + exp(−d)), whose slope is −σ(−d) = −(1 − ŷ_k)."
        )
        chart(F.margin_figure(E.ce_margin_curve(z, k)), key="margin")
    else:
        pair_col, span_col = st.columns(2)
        with pair_col:
            # The labels are the options, so the URL reads ?pair=z0-z2.
            pairs = [f"z{i}-z{j}" for i in range(z.size) for j in range(i + 1, z.size)]
            keep_choice("pair", pairs, lambda old: nearest_pair(old, z.size))
            pair = st.selectbox(
                "free logits (the others held fixed)", pairs, key="pair", bind="query-params"
            )
            i, j = (int(part) for part in pair[1:].split("-z"))
        with span_col:
            span = st.slider(
                "half-width of the plane", 1.0, 20.0, 6.0, step=0.5, key="span", bind="query-params"
            )
        try:
            field = E.ce_field(z, k, i, j, span=span)
        except ValueError as err:
            st.warning(escape_md(err))
        else:
            chart(F.ce_field_figure(field, i, j), key="field")
        moves = (
            f"up the true class's logit (z{k}) and down the other one"
            if k in (i, j)
            else f"the true class's logit z{k} is not one of the two plotted, so both "
            "components point down"
        )
        explain(
            f"Arrows point along −∇CE, the way gradient descent moves the logits: {moves}. "
            "The contours are levels of CE.",
            caption=True,
        )


vectors_box = fold("The gradient as vectors", "vectors")
if vectors_box.open:
    with vectors_box:
        vector_view(z, k)

derivation_box = fold("A clean derivation", "derivation")
if derivation_box.open:
    with derivation_box:
        explain(
            "The notes reach ŷ − y, but mix their indices on the way (the hot class k, then i) and "
            "differentiate the scalar CE with respect to the vector θ as if θ were a scalar. "
            "(Here θ is the logits z; in the backprop step the notes use θ for the sigmoid.) "
            "With y one-hot at class k, for each logit z_j:"
        )
        formula("ce-gradient")
        erratum("ce-gradient")

        st.subheader("Why the gradient sums to 0")
        formula("ce-gradient-sums-to-zero")
        explain(
            "ŷ and y are both distributions, so ŷ − y sums to 0 (the metric Σⱼ (ŷ − y)ⱼ above). "
            "Equivalently, CE depends on z only through softmax(z), which ignores a constant added "
            "to every logit, so the gradient has no component along 1 = (1, …, 1). The softmax "
            "page "
            "derives ŷ − y from the softmax Jacobian by the chain rule."
        )

stable_box = fold("Stable cross-entropy: never the log of a probability", "stable")
if stable_box.open:
    with stable_box:
        formula("ce-stable")
        explain(
            "In exact arithmetic −log softmax(z)ₖ and −zₖ + logsumexp(z) are the same number. In "
            "float64 the first can fail: the probability is rounded before its log is taken. "
            "Below, the example z = (1000, 0) with true class 1, then your logits."
        )
        cases = [("z = (1000, 0), k = 1", SCE.ce_three_ways([1000.0, 0.0], 1))]
        cases.append((f"your z, k = {k}", SCE.ce_three_ways(z, k)))
        for name, r in cases:
            st.markdown(f"**{name}**")
            table(
                {
                    "log(e^z / Σ e^z), no shift": r.log_naive,
                    "log(softmax(z)), stable softmax": r.log_of_softmax,
                    "z − logsumexp(z)": r.log_softmax,
                },
                index=F.class_labels(r.z.size),
            )
            numbers(
                {
                    f"CE, naive ({name})": fmt(r.ce_naive + 0.0, 8),
                    f"CE, log of stable softmax ({name})": fmt(r.ce_log_of_softmax + 0.0, 8),
                    f"CE = −z_k + logsumexp(z) ({name})": fmt(r.ce_stable + 0.0, 8),
                },
                f"stable-{len(name)}",
            )
        erratum("ce-stable")

check_box = fold("How the gradient check works: its error against the step h", "check")
if check_box.open:
    with check_box:
        sweep = memo("ce_steps", (z, k), lambda: FD.ce_sweep(z, k))
        chart(
            FT.step_error_figure(
                sweep, f"Checking ŷ − y at your logits, class {k}: the error against h"
            ),
            key="ce_steps",
        )
        formula("fd-error-terms")
        explain(
            "Each point is the whole gradient check at one step h: every coordinate zⱼ nudged "
            "by ±h, "
            "the worst error kept. Truncation makes the one-sided error fall like h (slope 1) and "
            "the centred one like h² (slope 2); rounding makes both rise like ε/h (slope −1) as h "
            "shrinks. At ordinary logits the assignment's centred difference at h = 1e-4 sits on "
            "the truncation side, well below its tolerance of 1e-5."
        )
        numbers(
            {
                "fitted slope, one-sided (h from 1e-6 to 1e-2)": FDT.slope_text(
                    sweep.slope_one_sided
                ),
                "fitted slope, centred (h from 1e-4 to 1e-2)": FDT.slope_text(sweep.slope_centred),
                "centred error at h = 1e-4": fmt(sweep.at(FD.ASSIGNMENT_H)[1], 2),
            },
            "slopes",
        )
        # The words follow the cause read from the sweep (metl_core), not the slope alone.
        said = FDT.ce_messages(FD.classify(sweep))
        if said:
            st.info("\n\n".join(said))
        erratum("fd-error-terms")

        st.markdown("**Why the check divides by max(1, |num|, |ana|)**")
        formula("gradcheck-error")
        explain(
            "For a large gradient the denominator is the gradient's size, so the error is "
            "relative: "
            "1e-5 means five correct digits whatever the scale. For a small one it is 1, so the "
            "error is absolute: a gradient entry of 1e-14 is not failed because its rounding noise "
            "is large next to it. And it never divides by almost 0. Here every |ŷⱼ − yⱼ| ≤ 1, so "
            "the denominator is 1 and the check's error is the absolute error. (The sigmoid page's "
            "“relative error” is a true relative error, |fd − σ′| / |σ′|.)"
        )
        erratum("gradcheck-error")


@st.fragment
def kink_section() -> None:
    """Reruns alone when its own controls change."""
    formula("gradcheck-kink")
    explain(
        "A gradient check assumes the function is smooth between x − h and x + h. "
        "relu(x) = max(x, 0) has a kink at 0: within h of it the two points straddle the "
        "kink and the centred difference averages the two slopes, so a correct relu′ fails. "
        "At the kink itself there is no derivative to check: at x = 0 the centred difference "
        "gives 1/2, the forward one 1, the backward one 0, and any value in [0, 1] is a "
        "subgradient."
    )
    ratio = st.slider(
        "relu at x = (this number) × h, h = 1e-4",
        -3.0,
        3.0,
        0.25,
        step=0.05,
        key="kink_xh",
        bind="query-params",
    )
    kink = FD.relu_kink_check(ratio * FD.ASSIGNMENT_H)
    if kink.x == 0:
        st.caption("relu′(0) does not exist; like most code, this takes it as 0.")
    numbers(
        {
            "relu′(x)": fmt(kink.analytic, 6),
            "centred difference": fmt(kink.numeric, 6),
            "check error": fmt(kink.error, 2),
        },
        "kink",
    )
    (st.success if kink.error <= 1e-5 else st.warning)(
        f"x = {kink.x:.3g}: "
        + (
            "both points lie on one side of the kink, so the check passes."
            if kink.error <= 1e-5
            else "x − h and x + h straddle the kink at 0, so the check fails (tolerance 1e-5)."
        )
    )


kink_box = fold("Why a check can fail at a kink", "kink")
if kink_box.open:
    with kink_box:
        kink_section()

# A fresh exercise of this page's topic, for the class (pages/9_Ask_the_class.py).
poll_view.ask_button("ce_grad")
view.finish()
