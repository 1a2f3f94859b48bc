"""metl_core: the maths of the METL TP 1 notes, in plain NumPy, in rooms by job.

- :mod:`metl_core.maths`: the formulas of the notes, plain NumPy;
- :mod:`metl_core.text`: numbers read from what a student types, and written out;
- :mod:`metl_core.teaching`: the explorer's views: the notes as data, backprop one line
  at a time, the explorations and the exercises;
- :mod:`metl_core.figures`: Plotly figure builders, imported on demand (the maths
  itself needs only NumPy);
- :mod:`metl_core.mistakes`: which classic mistake an answer is, and the words for it;
- :mod:`metl_core.check`: the homework checker, ``python -m metl_core.check``.

Every name below is importable as ``import metl_core as M; M.softmax(...)``.
"""

from .maths import (
    Cache,
    GradCheckResult,
    Grads,
    Params,
    backward,
    cross_entropy,
    cross_entropy_grad,
    entropy,
    forward,
    forward_backward_prop,
    gradcheck,
    gradcheck_batched,
    init_params,
    log_softmax,
    loss,
    naive_softmax,
    param_breakdown,
    param_count,
    relative_error,
    sigmoid,
    sigmoid_derivative,
    sigmoid_grad,
    softmax,
    target_distribution,
    zero_params,
)
from .text.parsing import parse_vector

__all__ = [
    "Cache",
    "GradCheckResult",
    "Grads",
    "Params",
    "backward",
    "cross_entropy",
    "cross_entropy_grad",
    "entropy",
    "forward",
    "forward_backward_prop",
    "gradcheck",
    "gradcheck_batched",
    "init_params",
    "log_softmax",
    "loss",
    "naive_softmax",
    "param_breakdown",
    "param_count",
    "parse_vector",
    "relative_error",
    "sigmoid",
    "sigmoid_derivative",
    "sigmoid_grad",
    "softmax",
    "target_distribution",
    "zero_params",
]
