"""The notes as data: every formula the explorer shows, one :class:`Entry` each.

Each entry names its check (a function of :mod:`.entry_checks` named after its key);
:mod:`.registry` looks them up, and the tests evaluate every one. Keyword fields only:
an entry reads as what each part of it is.
"""

from . import entry_checks as EC
from .entry import NOTES, UNCLEAR, VARIANT, Entry

SOFTMAX_DEF = r"\operatorname{softmax}(x)_i = \frac{e^{x_i}}{\sum_{j=1}^{n} e^{x_j}}"
INVARIANCE_CHAIN = (
    r"\operatorname{softmax}(x + c\mathbf{1})_i"
    r" = \frac{e^{x_i + c}}{\sum_{j=1}^{n} e^{x_j + c}}"
    r" = \frac{e^{c}\, e^{x_i}}{e^{c} \sum_{j=1}^{n} e^{x_j}}"
    r" = \operatorname{softmax}(x)_i \qquad \forall c \in \mathbb{R}"
)


ENTRIES: tuple[Entry, ...] = (
    # 1 -- softmax ---------------------------------------------------------------------------
    Entry(
        key="softmax-definition",
        step=1,
        topics=("softmax", "step_by_step"),
        label="M.softmax(x) = e^(xᵢ) / Σⱼ e^(xⱼ)",
        latex=SOFTMAX_DEF + r",\qquad x \in \mathbb{R}^n",
        check=EC.softmax_definition,
        wrong_latex=r"\operatorname{softmax}(x)_i = \frac{e^{x_i}}{\sum_{j=1}^{n} x_j}",
        wrong_check=EC.softmax_definition_wrong,
        source=NOTES,
        reason="The denominator must sum the exponentials e^(xⱼ), not the logits xⱼ. The "
        "notes' mapping one line above, x ↦ e^x / Σⱼ e^(xⱼ), has the right denominator (and "
        "lacks the index i on e^x): this line is a typo.",
        wrong_label="the notes' e^(xᵢ) / Σⱼ xⱼ = the definition",
    ),
    Entry(
        key="softmax-sums-to-one",
        step=1,
        topics=("step_by_step",),
        label="Σᵢ softmax(x)ᵢ = 1",
        latex=r"\sum_{i=1}^{n} \operatorname{softmax}(x)_i = 1",
        check=EC.softmax_sums_to_one,
        wrong_latex=r"\sum_{k=1}^n \operatorname{softmax}(x) = 1\ \text{ with }\ "
        r"\operatorname{softmax}(x)_i = \frac{e^{x_i}}{\sum_{j=1}^{n} x_j}",
        wrong_check=EC.softmax_sums_to_one_wrong,
        source=NOTES,
        reason="The claim is right (its summand lacks the index k). But with the notes' second "
        "line, softmax(x)ᵢ = e^(xᵢ) / Σⱼ xⱼ (a typo: their mapping just above has Σⱼ e^(xⱼ)), "
        "the sum is Σᵢ e^(xᵢ) / Σⱼ xⱼ, which never equals 1: e^t ≥ 1 + t > t makes it more "
        "than 1 when Σⱼ xⱼ > 0, gives negative entries when Σⱼ xⱼ < 0, and is undefined when "
        "Σⱼ xⱼ = 0.",
        wrong_label="the notes' e^(xᵢ) / Σⱼ xⱼ sums to 1",
    ),
    Entry(
        key="softmax-range",
        step=1,
        topics=("step_by_step",),
        label="every softmax(x)ᵢ lies strictly between 0 and 1",
        latex=r"\operatorname{softmax}: \mathbb{R}^n \to (0, 1)^n\quad (n \ge 2)",
        check=EC.softmax_range,
        wrong_latex=r"\operatorname{softmax}: \mathbb{R}^n \to [0, 1]^n",
        wrong_check=EC.softmax_range_wrong,
        source=UNCLEAR,
        reason="As a codomain [0, 1]ⁿ is not false, but it suggests that an entry can be "
        "exactly 0 or 1, which for n ≥ 2 it never is: each e^(xᵢ) > 0, so every entry is "
        "strictly between 0 and 1 (in exact arithmetic; in floating point a far smaller logit "
        "can round to 0). For n = 1 softmax is the constant 1.",
        wrong_label="what [0, 1]ⁿ suggests: some softmax(x)ᵢ is exactly 0 or 1",
    ),
    Entry(
        key="softmax-stable",
        step=1,
        topics=("softmax",),
        label="naive = stable, in exact arithmetic",
        latex=r"\underbrace{\frac{e^{x_i}}{\sum_j e^{x_j}}}_{\text{naive}} = "
        r"\underbrace{\frac{e^{x_i - m}}{\sum_j e^{x_j - m}}}_{\text{stable}},"
        r"\qquad m = \max_j x_j",
        check=EC.softmax_stable,
    ),
    Entry(
        key="softmax-temperature",
        step=0,
        topics=("softmax",),
        label="entropy → log(number of tied maxima) as T → 0⁺, → log n as T → ∞",
        latex=r"\operatorname{softmax}(x / T)_i = \frac{e^{x_i / T}}{\sum_j e^{x_j / T}},\quad "
        r"S(p) = -\sum_i p_i \log p_i:\quad S \xrightarrow[T \to 0^+]{} \log r,\quad "
        r"S \xrightarrow[T \to \infty]{} \log n,\quad "
        r"r = \#\{i : x_i = \max_j x_j\}",
        check=EC.softmax_temperature,
    ),
    # 2 -- invariance ------------------------------------------------------------------------
    Entry(
        key="softmax-invariance",
        step=2,
        topics=("softmax", "step_by_step"),
        label="softmax(x + c·1) = softmax(x)",
        latex=INVARIANCE_CHAIN,
        check=EC.softmax_invariance,
        wrong_latex=r"\forall c \in \mathbb{R}^n:\ "
        r"\operatorname{softmax}(x + c) = \operatorname{softmax}(x)",
        wrong_check=EC.softmax_invariance_wrong,
        source=NOTES,
        reason="Taking e^(cⱼ) out of the sum over j is allowed only when every cⱼ is the "
        "same constant c. For a general c ∈ ℝⁿ the claim is false: softmax((0, 0) + (0, 1)) "
        "= (0.269, 0.731), not softmax(0, 0) = (0.5, 0.5).",
        wrong_label="softmax(x + u) = softmax(x) for a non-constant u",
    ),
    Entry(
        key="softmax-invariance-indices",
        step=2,
        topics=("step_by_step",),
        label="the chain ends on softmax(x)ᵢ",
        latex=INVARIANCE_CHAIN,
        check=EC.softmax_invariance_indices,
        wrong_latex=r"\frac{e^{(x_i+c_i)}}{\sum_{i=1}^{n} e^{(x_i+c_j)}} \;\cdots\;"
        r" = \frac{e^{x_i}}{\sum_{j=1}^n e^{x_i}}",
        wrong_check=EC.softmax_invariance_indices_wrong,
        source=NOTES,
        reason="The proof mixes its indices: its first sum runs over i with terms in j, and "
        "its last line sums e^(xᵢ), which does not depend on j, so it equals 1/n, not "
        "softmax(x)ᵢ. With one constant c and every sum taken over j, the chain is right.",
        wrong_label="the notes' last line e^(xᵢ) / Σⱼ e^(xᵢ) = softmax(x)ᵢ",
    ),
    # 3 -- sigmoid ---------------------------------------------------------------------------
    Entry(
        key="sigmoid-definition",
        step=3,
        topics=("sigmoid", "step_by_step"),
        label="σ(x) = 1 / (1 + e^(−x)), and its range is (0, 1)",
        latex=r"\sigma: \mathbb{R}^n \to (0, 1)^n,\quad \sigma(x)_i = \frac{1}{1 + e^{-x_i}}"
        r"\quad\text{(entrywise)}",
        check=EC.sigmoid_definition,
        wrong_latex=r"\sigma : \mathbb{R}^n \to [-1, 1]^n",
        wrong_check=EC.sigmoid_definition_wrong,
        source=UNCLEAR,
        reason="As a codomain [−1, 1] is not false, but it suggests that σ can be negative, "
        "which it never is: since e^(−x) > 0, 1 + e^(−x) > 1, so σ(x) lies strictly between "
        "0 and 1 and comes as close as you like to both; (−1, 1) is the range of tanh. The "
        "notes then write δ(x) = 1/(1 + e^(−xᵢ)), the vector x on the left and one entry xᵢ "
        "on the right: σ acts entrywise, σ(x)ᵢ = 1/(1 + e^(−xᵢ)).",
        wrong_label="what [−1, 1] suggests: some σ(x) < 0, for x in [−30, 30]",
    ),
    Entry(
        key="sigmoid-derivative",
        step=3,
        topics=("sigmoid", "step_by_step"),
        label="σ(1 − σ) = finite difference of σ, on [−8, 8]",
        latex=r"\sigma'(x) = \frac{e^{-x}}{(1 + e^{-x})^2} = \sigma(x)\bigl(1 - \sigma(x)\bigr)"
        r"\quad\text{entrywise; the Jacobian of } \sigma \text{ is }"
        r" \operatorname{diag}\bigl(\sigma'(x)\bigr)",
        check=EC.sigmoid_derivative,
    ),
    Entry(
        key="sigmoid-derivation",
        step=3,
        topics=("sigmoid",),
        label="each step of the derivation, on [−8, 8]",
        latex=r"\frac{d}{dx}\bigl(1 + e^{-x}\bigr)^{-1}"
        r" = -\bigl(1 + e^{-x}\bigr)^{-2}\cdot\bigl(-e^{-x}\bigr)"
        r" = \frac{1}{1 + e^{-x}}\cdot\frac{(1 + e^{-x}) - 1}{1 + e^{-x}}"
        r" = \sigma(x)\bigl(1 - \sigma(x)\bigr)",
        check=EC.sigmoid_derivation,
    ),
    # 4 -- cross-entropy ---------------------------------------------------------------------
    Entry(
        key="ce-definition",
        step=4,
        topics=("cross_entropy", "step_by_step"),
        label="−Σᵢ yᵢ log ŷᵢ = −log ŷₖ = −zₖ + log Σᵢ e^(zᵢ)",
        latex=r"CE = -\sum_{i=1}^{n} y_i \log \hat y_i = -\log \hat y_k"
        r" = -z_k + \log \sum_{i=1}^{n} e^{z_i}"
        r"\qquad (\hat y = \operatorname{softmax}(z),\ y \text{ one-hot at } k)",
        check=EC.ce_definition,
    ),
    Entry(
        key="ce-gradient",
        step=4,
        topics=("cross_entropy", "step_by_step"),
        label="ŷ − y = finite differences of CE",
        latex=r"\frac{\partial CE}{\partial z_j} = -[j = k] + \frac{e^{z_j}}{\sum_{i=1}^{n}"
        r" e^{z_i}}"
        r" = \hat y_j - y_j,\qquad [j = k] = 1 \text{ if } j = k,\ 0 \text{ otherwise}",
        check=EC.ce_gradient,
        wrong_latex=r"\frac{\partial CE}{\partial \theta} = \partial\bigl(-\theta + \log "
        r"\textstyle\sum e^{\theta_i}\bigr) \;\cdots\; = \frac{e^{\theta_i}}{\sum e^{\theta}} - y",
        source=NOTES,
        reason="The result ŷ − y is right, but the derivation switches from the hot index k "
        "to i and differentiates the scalar CE with respect to the vector θ (the notes' name "
        "for the logits z here; in the backprop step their θ is the sigmoid) as if θ were a "
        "scalar. Its middle lines cannot be evaluated as written; the clean version takes "
        "one logit zⱼ at a time.",
    ),
    Entry(
        key="ce-sign",
        step=4,
        topics=("step_by_step",),
        label="ŷ − y, not y − ŷ",
        latex=r"\frac{\partial CE}{\partial z} = \hat y - y",
        check=EC.ce_sign,
        wrong_latex=r"\frac{\partial CE}{\partial z} = y - \hat y",
        wrong_check=EC.ce_sign_wrong,
        source=VARIANT,
        reason="With y − ŷ, gradient descent would climb the loss.",
        wrong_label="y − ŷ (the sign flipped) = finite differences",
    ),
    # 5 -- backpropagation -------------------------------------------------------------------
    Entry(
        key="mlp-forward",
        step=5,
        topics=("step_by_step",),
        label="metl_core.forward = the four equations",
        latex=r"z_1 = xW_1 + b_1,\quad h = \sigma(z_1),\quad z_2 = hW_2 + b_2,\quad"
        r"\hat y = \operatorname{softmax}(z_2)",
        check=EC.mlp_forward,
    ),
    Entry(
        key="mlp-deltas",
        step=5,
        topics=("step_by_step",),
        label="every gradient of the backward pass = finite differences",
        latex=r"\delta_1 = \frac{\partial CE}{\partial z_2} = \hat y - y,\quad "
        r"\delta_2 = \frac{\partial CE}{\partial h} = \delta_1 W_2^{\top},\quad "
        r"\delta_3 = \frac{\partial CE}{\partial z_1} = \delta_2 \odot \sigma'(z_1),\quad "
        r"\frac{\partial CE}{\partial x} = \delta_3 W_1^{\top}",
        check=EC.mlp_deltas,
    ),
    Entry(
        key="mlp-weights",
        step=5,
        topics=("step_by_step",),
        label="dW1, db1, dW2, db2 = finite differences",
        latex=r"\frac{\partial CE}{\partial W_1} = x^{\top}\delta_3,\quad "
        r"\frac{\partial CE}{\partial b_1} = \delta_3,\quad "
        r"\frac{\partial CE}{\partial W_2} = h^{\top}\delta_1,\quad "
        r"\frac{\partial CE}{\partial b_2} = \delta_1",
        check=EC.mlp_weights,
    ),
    Entry(
        key="mlp-dx",
        step=5,
        topics=("backprop", "step_by_step"),
        label="((ŷ − y)W2ᵀ ⊙ σ′(z1)) W1ᵀ = finite differences",
        latex=r"\frac{\partial CE}{\partial x} = \bigl((\hat y - y)\, W_2^{\top} \odot "
        r"\sigma'(z_1)\bigr)\, W_1^{\top},\qquad "
        r"\sigma'(z_1) = \sigma(z_1)\bigl(1 - \sigma(z_1)\bigr)",
        check=EC.mlp_dx,
        wrong_latex=r"\frac{\partial CE}{\partial x} = (\hat y - y)\,\omega_2^{\top} \odot "
        r"\theta^{2}(z_1)\, W_1^{\top}",
        wrong_check=EC.mlp_dx_wrong,
        source=NOTES,
        reason="θ²(z1) is a typo for σ′(z1) = σ(z1)(1 − σ(z1)); the lines before write θ′ for "
        "σ′ (θ, the logits in the CE step, is the sigmoid here), and w₂, then ω₂, for W2. The "
        "brackets matter: ⊙ applies before the product with W1ᵀ.",
        wrong_label="∂CE/∂x with the notes' θ²(z1) = finite differences",
    ),
    Entry(
        key="mlp-layer-notation",
        step=5,
        topics=("step_by_step",),
        label="z = xW + b gives ∂CE/∂x = ∂CE/∂z · Wᵀ",
        latex=r"z_1 = xW_1 + b_1 \;\Rightarrow\; \frac{\partial CE}{\partial x}"
        r" = \frac{\partial CE}{\partial z_1} W_1^{\top},\qquad "
        r"z_2 = hW_2 + b_2 \;\Rightarrow\; \frac{\partial CE}{\partial h}"
        r" = \frac{\partial CE}{\partial z_2} W_2^{\top}",
        check=EC.mlp_layer_notation,
        wrong_latex=r"\frac{\partial z_i}{\partial x_i} = W_i^{\top}",
        source=UNCLEAR,
        reason="Read as a Jacobian with row vectors, ∂zᵢ/∂xᵢ = Wᵢᵀ is right. What is unclear "
        "is the index: here i numbers layers (x₂ = h), while elsewhere xᵢ is an entry of x. "
        "The statement has no single reading to evaluate; the rules it stands for are "
        "checked instead.",
    ),
    # 5 -- backprop, one line at a time (the MLP page; metl_core/teaching/backprop_steps/).
    # Each check evaluates its line literally for N = 1 and N = 5 rows (BP.check_line).
    Entry(
        key="bp-z1",
        step=5,
        topics=("backprop",),
        label="XW1 + b1 = metl_core.forward's z1",
        latex=r"z_1 = XW_1 + b_1\qquad (X \in \mathbb{R}^{N\times D_x},\ b_1"
        r"\text{ added to each of the } N \text{ rows})",
        check=EC.bp_z1,
    ),
    Entry(
        key="bp-h",
        step=5,
        topics=("backprop",),
        label="σ(z1) entrywise = metl_core.forward's h",
        latex=r"h = \sigma(z_1),\qquad h_{nj} = \frac{1}{1 + e^{-z_{1,nj}}}",
        check=EC.bp_h,
    ),
    Entry(
        key="bp-z2",
        step=5,
        topics=("backprop",),
        label="hW2 + b2 = metl_core.forward's z2",
        latex=r"z_2 = hW_2 + b_2",
        check=EC.bp_z2,
    ),
    Entry(
        key="bp-yhat",
        step=5,
        topics=("backprop",),
        label="softmax of each row of z2 = metl_core.forward's ŷ",
        latex=r"\hat y_{nc} = \frac{e^{z_{2,nc}}}{\sum_{c'=1}^{D_y} e^{z_{2,nc'}}}\qquad"
        r"\text{(softmax of each row)}",
        check=EC.bp_yhat,
    ),
    Entry(
        key="bp-CE",
        step=5,
        topics=("backprop",),
        label="−Σₙ Σ_c y[n,c] log ŷ[n,c] = metl_core.cross_entropy, summed",
        latex=r"CE = -\sum_{n=1}^{N} \sum_{c=1}^{D_y} y_{nc} \log \hat y_{nc}"
        r" = -\sum_{n=1}^{N} \log \hat y_{n, k_n}\qquad (k_n \text{ the true class of row } n)",
        check=EC.bp_ce,
    ),
    Entry(
        key="bp-dz2",
        step=5,
        topics=("backprop",),
        label="ŷ − y = finite differences of the summed CE in z2",
        latex=r"\delta_1 = \frac{\partial CE}{\partial z_2} = \hat y - y",
        check=EC.bp_dz2,
        wrong_latex=r"\delta_1 = \frac{\partial CE}{\partial z_2} = y - \hat y",
        wrong_check=EC.bp_dz2_wrong,
        source=VARIANT,
        reason="With y − ŷ every gradient computed after it changes sign too, so each of "
        "them points uphill: gradient descent would climb the loss.",
        wrong_label="y − ŷ = finite differences",
    ),
    Entry(
        key="bp-dW2",
        step=5,
        topics=("backprop",),
        label="hᵀδ1 = finite differences of the summed CE in W2",
        latex=r"\frac{\partial CE}{\partial W_2} = h^{\top}\delta_1"
        r" = \sum_{n=1}^{N} h_n^{\top}\,\delta_{1,n}",
        check=EC.bp_dw2,
    ),
    Entry(
        key="bp-db2",
        step=5,
        topics=("backprop",),
        label="Σₙ δ1ₙ = finite differences of the summed CE in b2",
        latex=r"\frac{\partial CE}{\partial b_2} = \sum_{n=1}^{N} \delta_{1,n}",
        check=EC.bp_db2,
    ),
    Entry(
        key="bp-dh",
        step=5,
        topics=("backprop",),
        label="δ1W2ᵀ = finite differences of the summed CE in h",
        latex=r"\delta_2 = \frac{\partial CE}{\partial h} = \delta_1 W_2^{\top}",
        check=EC.bp_dh,
        wrong_latex=r"\delta_2 = \frac{\partial CE}{\partial h} = \delta_1 W_2",
        wrong_check=EC.bp_dh_wrong,
        source=VARIANT,
        reason="δ1 is N × Dy and W2 is H × Dy: the product δ1W2 exists only when H = Dy, "
        "and then it is a wrong N × H matrix that the shapes do not catch.",
        wrong_label="δ1W2 (transpose missing) = finite differences",
    ),
    Entry(
        key="bp-dz1",
        step=5,
        topics=("backprop",),
        label="δ2 ⊙ σ′(z1) = finite differences of the summed CE in z1",
        latex=r"\delta_3 = \delta_2 \odot \sigma'(z_1)"
        r" = \delta_2 \odot \sigma(z_1)\bigl(1 - \sigma(z_1)\bigr)",
        check=EC.bp_dz1,
        wrong_latex=r"\delta_3 = \delta_2 \odot \theta^{2}(z_1)"
        r"\quad\text{(read from their last line)}",
        wrong_check=EC.bp_dz1_wrong,
        source=NOTES,
        reason="The notes' line for ∂CE/∂z1 is right, with θ′(z1) (their θ is σ here; in the "
        "CE step it was the logits). Their last "
        "line, ∂CE/∂x = (ŷ − y)ω2ᵀ ⊙ θ²(z1) W1ᵀ, has θ²(z1) in its place: read as "
        "δ3 = δ2 ⊙ σ(z1)², a typo for σ′(z1) = σ(z1)(1 − σ(z1)). Code that takes δ3 from "
        "that line carries the wrong δ3 into dW1, db1 and ∂CE/∂x.",
        wrong_label="δ2 ⊙ σ(z1)² = finite differences",
    ),
    Entry(
        key="bp-dz1-diag",
        step=5,
        topics=("backprop",),
        label="δ2ₙ diag(σ′(z1ₙ)), row by row = finite differences in z1",
        latex=r"\frac{\partial h_n}{\partial z_{1,n}} = \operatorname{diag}\bigl(\sigma'(z_{1,n})"
        r"\bigr)\ \Rightarrow\ \delta_{3,n} = \delta_{2,n}\operatorname{diag}\bigl("
        r"\sigma'(z_{1,n})\bigr) = \delta_{2,n} \odot \sigma'(z_{1,n})",
        check=EC.bp_dz1_diag,
        wrong_latex=r"\delta_3 = \delta_2",
        wrong_check=EC.bp_dz1_diag_wrong,
        source=VARIANT,
        reason="h = σ(z1) sits between z1 and the loss, so the chain rule multiplies by its "
        "Jacobian diag(σ′(z1)). "
        "Since σ′ ≤ 1/4, dropping it makes δ3 at least 4 times too large.",
        wrong_label="δ3 = δ2 (σ′ forgotten) = finite differences",
    ),
    Entry(
        key="bp-dW1",
        step=5,
        topics=("backprop",),
        label="Xᵀδ3 = finite differences of the summed CE in W1",
        latex=r"\frac{\partial CE}{\partial W_1} = X^{\top}\delta_3"
        r" = \sum_{n=1}^{N} x_n^{\top}\,\delta_{3,n}",
        check=EC.bp_dw1,
    ),
    Entry(
        key="bp-db1",
        step=5,
        topics=("backprop",),
        label="Σₙ δ3ₙ = finite differences of the summed CE in b1",
        latex=r"\frac{\partial CE}{\partial b_1} = \sum_{n=1}^{N} \delta_{3,n}",
        check=EC.bp_db1,
    ),
    Entry(
        key="bp-dx",
        step=5,
        topics=("backprop",),
        label="δ3W1ᵀ = finite differences of the summed CE in X",
        latex=r"\frac{\partial CE}{\partial X} = \delta_3 W_1^{\top}",
        check=EC.bp_dx,
    ),
    Entry(
        key="bp-batch-sum",
        step=5,
        topics=("backprop",),
        label="the sums of N outer products = finite differences of the summed CE",
        latex=r"\frac{\partial CE}{\partial W_2} = \sum_{n=1}^{N} h_n^{\top}\delta_{1,n},\quad"
        r"\frac{\partial CE}{\partial b_2} = \sum_{n=1}^{N} \delta_{1,n},\quad"
        r"\frac{\partial CE}{\partial W_1} = \sum_{n=1}^{N} x_n^{\top}\delta_{3,n},\quad"
        r"\frac{\partial CE}{\partial b_1} = \sum_{n=1}^{N} \delta_{3,n}",
        check=EC.bp_batch_sum,
        wrong_latex=r"\frac{\partial CE}{\partial W_2} = \frac{1}{N}\sum_{n=1}^{N} "
        r"h_n^{\top}\delta_{1,n}",
        wrong_check=EC.bp_batch_sum_wrong,
        source=VARIANT,
        reason="The mean of the outer products is the "
        "gradient of the mean CE, not of the summed CE, which is N times larger. The "
        "direction is the same; only the size, and so the step a learning rate makes, "
        "differs.",
        wrong_label="the mean of the outer products = gradient of the summed CE",
    ),
    Entry(
        key="bp-sum-mean",
        step=5,
        topics=("backprop",),
        label="(1/N)·(gradient of the sum) = finite differences of the mean CE",
        latex=r"\frac{\partial}{\partial W}\Bigl(\frac{1}{N}CE\Bigr)"
        r" = \frac{1}{N}\frac{\partial CE}{\partial W}\ \Rightarrow\ "
        r"W - \eta\,\frac{\partial}{\partial W}\Bigl(\frac{1}{N}CE\Bigr)"
        r" = W - \frac{\eta}{N}\,\frac{\partial CE}{\partial W}",
        check=EC.bp_sum_mean,
    ),
    # 6 -- the parameter count ---------------------------------------------------------------
    Entry(
        key="param-count",
        step=6,
        topics=("step_by_step",),
        label="(Dx + 1)H + (H + 1)Dy = entries of a built network",
        latex=r"\underbrace{D_x H}_{W_1:\ D_x\times H} + \underbrace{H}_{b_1} + "
        r"\underbrace{H D_y}_{W_2:\ H\times D_y} + \underbrace{D_y}_{b_2} "
        r"= (D_x + 1)H + (H + 1)D_y = «count»",
        check=EC.param_count,
        wrong_latex=r"D_x H + H D_y",
        wrong_check=EC.param_count_wrong,
        source=VARIANT,
        reason="Forgetting the biases leaves out H parameters (b1) and Dy (b2).",
        wrong_label="Dx·H + H·Dy (biases forgotten) = entries of a built network",
        values=("count",),
    ),
    Entry(
        key="param-count-live",
        step=6,
        topics=("parameter_count",),
        label="(Dx + 1)·H + (H + 1)·Dy = entries of a built network",
        latex=r"(D_x + 1)H + (H + 1)D_y = («Dx» + 1)\cdot «H» + («H» + 1)\cdot «Dy»"
        r" = \mathbf{«count»}",
        check=EC.param_count_live,
        values=("Dx", "H", "Dy", "count"),
    ),
    Entry(
        key="param-count-shapes",
        step=6,
        topics=("parameter_count", "step_by_step"),
        label="W1 is Dx × H and xW1 is 1 × H",
        latex=r"W_1 \in \mathbb{R}^{D_x \times H}\ (D_x H \text{ weights}),\qquad"
        r" x W_1 \in \mathbb{R}^{1 \times H}",
        check=EC.param_count_shapes,
        wrong_latex=r"\dim(xW_1) = H D_x,\quad \dim(hW_2) = H D_y",
        wrong_check=EC.param_count_shapes_wrong,
        source=NOTES,
        reason="The notes say “HDx is the dimension of xW1”. That is wrong: xW1 is 1 × H, the "
        "shape of b1, and HDx is the number of weights in W1 (Dx × H). Likewise “the layer "
        "produces output dimension HDy” is wrong: hW2 is 1 × Dy, and HDy counts W2's weights. "
        "(Their “one layer NN” means one hidden layer: there are two weight layers, W1 and "
        "W2, each with its own bias.)",
        wrong_label="xW1 has H·Dx entries",
    ),
    # 0 -- the exercises page's statements ---------------------------------------------------
    Entry(
        key="exercise-softmax",
        step=0,
        topics=("exercises",),
        label="the answer is e^(zᵢ) / Σⱼ e^(zⱼ)",
        latex=r"\operatorname{softmax}(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}}"
        r"\quad\text{for}\quad z = «z»",
        check=EC.exercise_softmax,
        values=("z",),
    ),
    Entry(
        key="exercise-sigma_prime",
        step=0,
        topics=("exercises",),
        label="the answer is σ(x)(1 − σ(x)) = finite difference of σ",
        latex=r"\sigma'(x) = \sigma(x)\,\bigl(1 - \sigma(x)\bigr)\quad\text{at}\quad x = «x»",
        check=EC.exercise_sigma_prime,
        values=("x",),
    ),
    Entry(
        key="exercise-ce_grad",
        step=0,
        topics=("exercises",),
        label="the answer is ŷ − y = finite differences of CE",
        latex=r"\frac{\partial CE}{\partial z}\quad\text{for}\quad z = «z»,"
        r"\quad\text{true class } k = «k»",
        check=EC.exercise_ce_grad,
        values=("z", "k"),
    ),
    Entry(
        key="exercise-backprop",
        step=0,
        topics=("exercises",),
        label="every answer = finite differences of the summed CE",
        latex=r"\begin{gathered} x = «x»,\quad \text{classes } «k» \\"
        r"W_1 = «W1»,\quad b_1 = «b1» \\ W_2 = «W2»,\quad b_2 = «b2» \end{gathered}",
        check=EC.exercise_backprop,
        values=("x", "k", "W1", "b1", "W2", "b2"),
    ),
    Entry(
        key="exercise-count",
        step=0,
        topics=("exercises",),
        label="the answer = entries of a built network",
        latex=r"D_x = «Dx»,\; H = «H»,\; D_y = «Dy»",
        check=EC.exercise_count,
        values=("Dx", "H", "Dy"),
    ),
    # 0 -- beyond the notes: the why behind the formulas (issue 15) ---------------------------
    Entry(
        key="softmax-jacobian",
        step=0,
        topics=("softmax",),
        label="diag(ŷ) − ŷᵀŷ = centred differences of softmax",
        latex=r"\begin{gathered}J = \frac{\partial \hat y}{\partial z} = \operatorname{diag}(\hat"
        r" y)"
        r" - \hat y^{\top}\hat y\\[6pt] J_{ij} = \frac{\partial \hat y_i}{\partial z_j}"
        r" = \hat y_i\bigl([i = j] - \hat y_j\bigr)\end{gathered}",
        check=EC.softmax_jacobian,
        wrong_latex=r"J = \operatorname{diag}\bigl(\hat y \odot (1 - \hat y)\bigr)",
        wrong_check=EC.softmax_jacobian_wrong,
        source=VARIANT,
        reason="Treating softmax as entrywise, like σ, keeps only the diagonal ŷᵢ(1 − ŷᵢ). "
        "Every ŷᵢ shares the denominator Σⱼ exp(zⱼ), so raising one logit zⱼ lowers every "
        "other ŷᵢ: the off-diagonal entries are −ŷᵢŷⱼ, not 0.",
        wrong_label="diag(ŷ ⊙ (1 − ŷ)) = centred differences of softmax",
    ),
    Entry(
        key="softmax-jacobian-rows",
        step=0,
        topics=("softmax",),
        label="J·1 = ŷ − ŷ Σⱼŷⱼ = the derivative along 1 = 0",
        latex=r"(J\mathbf{1})_i = \sum_{j} \hat y_i\bigl([i = j] - \hat y_j\bigr)"
        r" = \hat y_i - \hat y_i \sum_{j} \hat y_j = 0,\qquad"
        r"\operatorname{softmax}(z + t\mathbf{1}) = \operatorname{softmax}(z)"
        r" + t\,(J\mathbf{1})^{\top} + O(t^2)",
        check=EC.softmax_jacobian_rows,
    ),
    Entry(
        key="ce-chain-rule",
        step=0,
        topics=("softmax",),
        label="−(y/ŷ)J = ŷΣy − y = ŷ − y = finite differences, for a target summing to 1",
        latex=r"\begin{aligned}\frac{\partial CE}{\partial z_j}"
        r" &= \sum_{i} \frac{\partial CE}{\partial \hat y_i}\, J_{ij}"
        r" = -\sum_{i} \frac{y_i}{\hat y_i}\,\hat y_i\bigl([i = j] - \hat y_j\bigr)\\"
        r" &= -y_j + \hat y_j \sum_{i} y_i = \hat y_j - y_j"
        r"\quad\text{when } \sum_{i} y_i = 1\end{aligned}",
        check=EC.ce_chain_rule,
        wrong_latex=r"\frac{\partial CE}{\partial z} = \hat y - y"
        r"\quad\text{for a target } y = 2e_k,\ \textstyle\sum_i y_i = 2",
        wrong_check=EC.ce_chain_rule_wrong,
        source=VARIANT,
        reason="The last step uses Σᵢ yᵢ = 1. For a target that does not sum to 1 (counts, "
        "say y = 2eₖ) the chain rule gives ŷ Σᵢ yᵢ − y, not ŷ − y.",
        wrong_label="ŷ − y = finite differences of −Σᵢ yᵢ log ŷᵢ for y = 2eₖ",
    ),
    Entry(
        key="ce-gradient-sums-to-zero",
        step=0,
        topics=("softmax", "cross_entropy"),
        label="Σⱼ(ŷ − y)ⱼ = Σŷ − Σy = d/dt CE(z + t·1) = 0",
        latex=r"\sum_{j} (\hat y - y)_j = \sum_{j} \hat y_j - \sum_{j} y_j = 1 - 1 = 0,\qquad"
        r"\text{so } \frac{d}{dt}\, CE(z + t\mathbf{1}) = \nabla_z CE \cdot \mathbf{1} = 0",
        check=EC.ce_gradient_sums_to_zero,
    ),
    Entry(
        key="sigmoid-slope-bound",
        step=0,
        topics=("sigmoid",),
        label="σ′ = σ(1 − σ) = 1/4 − (σ − 1/2)² ≤ 1/4, = 1/4 at 0, on [−8, 8]",
        latex=r"\sigma'(x) = \sigma(x)\bigl(1 - \sigma(x)\bigr)"
        r" = \tfrac14 - \bigl(\sigma(x) - \tfrac12\bigr)^2 \le \tfrac14,"
        r"\quad\text{with equality only at } x = 0\ \bigl(\sigma(0) = \tfrac12\bigr)",
        check=EC.sigmoid_slope_bound,
    ),
    Entry(
        key="sigmoid-vanishing",
        step=0,
        topics=("sigmoid",),
        label="Πₗ wₗσ′(aₗ) = finite differences of s_L, and |it| ≤ (1/4)^L Π|wₗ|",
        latex=r"\frac{\partial s_L}{\partial s_0} = \prod_{l=1}^{L} w_l\,\sigma'(a_l),\qquad"
        r"\Bigl|\frac{\partial s_L}{\partial s_0}\Bigr| \le \Bigl(\frac14\Bigr)^{L}"
        r"\prod_{l=1}^{L} |w_l|"
        r"\qquad (s_l = \sigma(a_l),\ a_l = w_l s_{l-1} + b_l)",
        check=EC.sigmoid_vanishing,
    ),
    Entry(
        key="sigmoid-grad-argument",
        step=0,
        topics=("sigmoid",),
        label="sigmoid_grad(σ(x)) = finite difference of σ, on [−8, 8]",
        latex=r"\begin{gathered}\texttt{sigmoid\_grad}(s) = s(1 - s) \text{ takes } s ="
        r" \sigma(x):\\"
        r"\sigma'(x) = \texttt{sigmoid\_grad}\bigl(\sigma(x)\bigr)\end{gathered}",
        check=EC.sigmoid_grad_argument,
        wrong_latex=r"\sigma'(x) = \texttt{sigmoid\_grad}(x) = x(1 - x)",
        wrong_check=EC.sigmoid_grad_argument_wrong,
        source=VARIANT,
        reason="The assignment's sigmoid_grad takes the sigmoid's output s = σ(x), which the "
        "forward pass has already computed. Passing the pre-activation x gives x(1 − x): "
        "0 at x = 1 where σ′(1) ≈ 0.197, and negative for every x outside [0, 1], where σ′ is "
        "always positive.",
        wrong_label="sigmoid_grad(x) = finite difference of σ",
    ),
    Entry(
        key="sigmoid-relative-error",
        step=0,
        topics=("sigmoid",),
        label="the page's relative error is |fd − σ′| / |σ′|, on [−8, 8]",
        latex=r"\text{relative error} = \frac{\bigl|\mathrm{fd} - \sigma'(x_0)\bigr|}"
        r"{\bigl|\sigma'(x_0)\bigr|},\qquad"
        r"\mathrm{fd} = \frac{\sigma(x_0 + h) - \sigma(x_0 - h)}{2h}",
        check=EC.sigmoid_relative_error,
    ),
    Entry(
        key="fd-error-terms",
        step=0,
        topics=("sigmoid", "cross_entropy"),
        label="errors = (h/2)|f″| and (h²/6)|f‴| up to the next term (σ at 1, CE at x); slopes 1,"
        " 2",
        latex=r"\begin{aligned}\frac{f(x+h) - f(x)}{h} - f'(x) &= \frac{h}{2}\,f''(x) + O(h^2)\\"
        r"\frac{f(x+h) - f(x-h)}{2h} - f'(x) &= \frac{h^2}{6}\,f'''(x) + O(h^4)\\"
        r"\text{rounding error} &\sim \frac{\varepsilon\,|f(x)|}{h}\\"
        r"\varepsilon &= 2^{-52} \approx 2.2\times 10^{-16}\end{aligned}",
        check=EC.fd_error_terms,
        wrong_latex=r"\begin{gathered}\text{the smaller } h \text{, the smaller the error:}\\"
        r"\operatorname{err}(10^{-12}) \le \operatorname{err}(10^{-4})\end{gathered}",
        wrong_check=EC.fd_error_terms_wrong,
        source=VARIANT,
        reason="True in exact arithmetic, false in float64: below about ∛ε ≈ 6·10⁻⁶ the "
        "centred difference loses more to rounding (~ε|f|/h) than it gains in truncation.",
        wrong_label="centred error at h = 1e-12 ≤ at h = 1e-4 (σ at 1; CE at x)",
    ),
    Entry(
        key="gradcheck-error",
        step=0,
        topics=("cross_entropy",),
        label="the gradient check's error is |num − ana| / max(1, |num|, |ana|)",
        latex=r"\begin{gathered}\operatorname{err}_j = \frac{|\mathrm{num}_j - \mathrm{ana}_j|}"
        r"{\max\bigl(1, |\mathrm{num}_j|, |\mathrm{ana}_j|\bigr)}\\"
        r"\text{pass if } \max_j \operatorname{err}_j \le 10^{-5}\end{gathered}",
        check=EC.gradcheck_error,
        wrong_latex=r"\begin{gathered}\operatorname{err}_j = \frac{|\mathrm{num}_j"
        r" - \mathrm{ana}_j|}{|\mathrm{ana}_j|}\\ \text{at } z = (30, 0),\ k = 0\end{gathered}",
        wrong_check=EC.gradcheck_error_wrong,
        source=VARIANT,
        reason="A purely relative error divides by |anaⱼ|, which can be almost 0. At z = (30, 0) "
        "the gradient's first entry is ŷ₀ − 1 ≈ −9.3·10⁻¹⁴, and CE(z ± h e₀) round to the same "
        "float64, so num₀ = 0: the right gradient fails with a relative error of 1. With "
        "max(1, …) that error is 9.3·10⁻¹⁴: relative for large gradients, absolute for small "
        "ones, and never a division by almost 0.",
        wrong_label="|num − ana| / |ana| ≤ 1e-5 at z = (30, 0), k = 0",
    ),
    Entry(
        key="gradcheck-kink",
        step=0,
        topics=("cross_entropy",),
        label="the centred difference of relu at x = h/4 is (x + h)/2h ≠ 1",
        latex=r"0 < x < h:\quad \frac{\operatorname{relu}(x+h) - \operatorname{relu}(x-h)}{2h}"
        r" = \frac{(x + h) - 0}{2h} = \frac12 + \frac{x}{2h} \ne 1 = \operatorname{relu}'(x)",
        check=EC.gradcheck_kink,
    ),
    Entry(
        key="ce-stable",
        step=0,
        topics=("cross_entropy",),
        label="−z_k + logsumexp(z) in float64 = CE in 40 digits (at x, and at (1000, 0), k = 1)",
        latex=r"\begin{gathered}\operatorname{logsumexp}(z) = m + \log \sum_{i} e^{z_i - m},"
        r"\quad m = \max_i z_i\\ \log \hat y_k = z_k - \operatorname{logsumexp}(z)\\"
        r"CE = -z_k + \operatorname{logsumexp}(z)\end{gathered}",
        check=EC.ce_stable,
        wrong_latex=r"\begin{gathered}CE = -\log\Bigl(\frac{e^{z_k}}{\sum_{i} e^{z_i}}\Bigr)"
        r"\\ \text{in float64, at } z = (1000, 0),\ k = 1\end{gathered}",
        wrong_check=EC.ce_stable_wrong,
        source=VARIANT,
        reason="The same number in exact arithmetic, not in float64: exp(1000) overflows "
        "(above exp(709.78)), so ŷ₀ = inf/inf = NaN and ŷ₁ = 1/inf = 0; even the stable softmax "
        "rounds ŷ₁ = exp(−1000) ≈ 5·10⁻⁴³⁵ to 0, below the smallest float64 (≈ 4.9·10⁻³²⁴). "
        "log 0 = −inf, so CE = inf instead of 1000.",
        wrong_label="−log(e^(z_k) / Σ e^(zᵢ)) in float64 = CE at (1000, 0), k = 1",
    ),
)
