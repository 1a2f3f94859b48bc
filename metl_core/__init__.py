"""metl_core: the maths of the METL TP 1 notes, in plain NumPy.

Every name below is importable as ``import metl_core as M; M.softmax(...)``.
Plotly figure builders live in :mod:`metl_core.figures`, imported on demand so the
maths itself needs only NumPy.
"""

from .cross_entropy import cross_entropy, cross_entropy_grad, target_distribution
from .gradcheck import GradCheckResult, gradcheck, gradcheck_batched, relative_error
from .mlp import (
    Cache,
    Grads,
    Params,
    backward,
    forward,
    forward_backward_prop,
    init_params,
    loss,
    param_breakdown,
    param_count,
    zero_params,
)
from .parsing import parse_vector
from .sigmoid import sigmoid, sigmoid_derivative, sigmoid_grad
from .softmax import entropy, log_softmax, naive_softmax, softmax

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
