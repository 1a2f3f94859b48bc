"""The computations behind the explorer's views, one module per topic, in plain NumPy.

The pages call these and only lay out what they return, so each one is tested. Every name
is importable from here: ``from metl_core import explore as E; E.compare_shift(...)``.
"""

from .cross_entropy import CEField, MarginCurve, ce_field, ce_margin_curve, resolvable
from .network import MAX_INPUT, input_problem, memory_bytes, random_vector
from .sigmoid import (
    DifferenceLimits,
    SigmoidCurve,
    SlopeCheck,
    plot_range,
    sigmoid_curve,
    sigmoid_difference_limits,
    sigmoid_slope_check,
)
from .softmax import (
    NaiveComparison,
    ShiftComparison,
    TemperatureSweep,
    compare_naive,
    compare_shift,
    shift_rounding,
    shift_vector,
    temperature_sweep,
)

__all__ = [
    "MAX_INPUT",
    "CEField",
    "DifferenceLimits",
    "MarginCurve",
    "NaiveComparison",
    "ShiftComparison",
    "SigmoidCurve",
    "SlopeCheck",
    "TemperatureSweep",
    "ce_field",
    "ce_margin_curve",
    "compare_naive",
    "compare_shift",
    "input_problem",
    "memory_bytes",
    "plot_range",
    "random_vector",
    "resolvable",
    "shift_rounding",
    "shift_vector",
    "sigmoid_curve",
    "sigmoid_difference_limits",
    "sigmoid_slope_check",
    "temperature_sweep",
]
