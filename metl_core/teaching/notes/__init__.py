"""The notes as data: every formula the explorer shows, with the check that evaluates it.

One :class:`Entry` per formula on screen (:mod:`.data`, data only). It holds the
correct LaTeX and a check that evaluates that formula at concrete :class:`Inputs` and
passes (:mod:`.entry_checks`, one named function per entry). Where the notes (or a
deliberately wrong variant the explorer shows for teaching) wrote something else, the
entry also holds that LaTeX, the reason it is wrong, and a check of it that fails. Pages
draw every formula from :data:`REGISTRY`, and the tests evaluate every entry, so the
formula shown and the formula checked cannot drift apart.

Checks evaluate the formula as written: sums of exponentials are taken literally in
``decimal`` arithmetic (40 digits, no overflow below e^(10^8); :mod:`.literal`), not
through the stable softmax they are meant to check. The general checks are in
:mod:`.checks` (the notes' six steps) and :mod:`.beyond` (the explanations beyond them).
"""

from .beyond import (
    check_ce_chain_rule,
    check_error_terms,
    check_gradcheck_error,
    check_gradient_sums_to_zero,
    check_jacobian_rows,
    check_relu_kink,
    check_sigmoid_relative_error,
    check_slope_bound,
    check_smaller_step_is_better,
    check_softmax_jacobian,
    check_stable_ce,
    check_vanishing,
)
from .checks import (
    check_backprop,
    check_ce_gradient,
    check_invariance_chain,
    check_notes_last_line,
    check_param_count,
    check_range,
    check_shift_invariance,
    check_sigmoid_derivative,
    check_softmax_definition,
    check_sums_to_one,
    count_without_biases,
    notes_backward,
    notes_softmax,
)
from .data import (
    ENTRIES,
)
from .entry import (
    NOTES,
    TOPICS,
    UNCLEAR,
    VARIANT,
    Check,
    Entry,
    Inputs,
)
from .literal import (
    literal_softmax,
)
from .registry import (
    REGISTRY,
    entries,
    errata,
    errata_table,
)

__all__ = [
    "ENTRIES",
    "NOTES",
    "REGISTRY",
    "TOPICS",
    "UNCLEAR",
    "VARIANT",
    "Check",
    "Entry",
    "Inputs",
    "check_backprop",
    "check_ce_chain_rule",
    "check_ce_gradient",
    "check_error_terms",
    "check_gradcheck_error",
    "check_gradient_sums_to_zero",
    "check_invariance_chain",
    "check_jacobian_rows",
    "check_notes_last_line",
    "check_param_count",
    "check_range",
    "check_relu_kink",
    "check_shift_invariance",
    "check_sigmoid_derivative",
    "check_sigmoid_relative_error",
    "check_slope_bound",
    "check_smaller_step_is_better",
    "check_softmax_definition",
    "check_softmax_jacobian",
    "check_stable_ce",
    "check_sums_to_one",
    "check_vanishing",
    "count_without_biases",
    "entries",
    "errata",
    "errata_table",
    "literal_softmax",
    "notes_backward",
    "notes_softmax",
]
