"""The maths of the notes, in plain NumPy: no Plotly, no Streamlit (a test holds it).

One module per formula of the notes (softmax, sigmoid, cross_entropy, mlp, gradcheck),
then the maths behind the explanations beyond them (stable_ce, jacobian, saturation,
finite_differences) and the Playground's training loop (train). The names below are
also importable from :mod:`metl_core` itself.
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
    "relative_error",
    "sigmoid",
    "sigmoid_derivative",
    "sigmoid_grad",
    "softmax",
    "target_distribution",
    "zero_params",
]
