"""Backprop one line at a time: the forward and backward pass as ordered views.

- :mod:`.lines`: the notes' thirteen lines for a batch, each evaluated from the values
  before it, and the classic mistakes, each swapping one line;
- :mod:`.checks`: the check of one tensor, and the registry's checks of each line;
- :mod:`.by_hand`: one entry of a line with the numbers it reads, as checked by hand;
- :mod:`.walk`: the walk's steps, where a mistake travels, saturation and shapes.

Every name is importable from here: ``from metl_core.teaching import backprop_steps as
BP; BP.views(batch)``.
"""

from .by_hand import (
    Numbers,
    num,
    numbers,
    symbol,
)
from .checks import (
    LITERAL,
    TensorCheck,
    check_batches,
    check_diag_jacobian,
    check_line,
    check_mean_gradient,
    check_outer_sums,
    check_tensor,
    outer_products,
    outer_sum_check,
)
from .lines import (
    BACKWARD,
    FORWARD,
    FORWARD_TOL,
    GRAD_TOL,
    MISTAKES,
    ORDER,
    PARAMS,
    READS,
    SHAPES,
    WHY,
    Batch,
    Mistake,
    ShapeMismatch,
    make_batch,
    run_lines,
    seeded_batch,
    sigma_prime,
)
from .walk import (
    SATURATED,
    Saturation,
    Travel,
    View,
    clamp_index,
    core_grads,
    registry_key,
    saturation,
    scale_sweep,
    scaled,
    shapes_numeric,
    shapes_table,
    travel,
    view,
    views,
)

__all__ = [
    "BACKWARD",
    "FORWARD",
    "FORWARD_TOL",
    "GRAD_TOL",
    "LITERAL",
    "MISTAKES",
    "ORDER",
    "PARAMS",
    "READS",
    "SATURATED",
    "SHAPES",
    "WHY",
    "Batch",
    "Mistake",
    "Numbers",
    "Saturation",
    "ShapeMismatch",
    "TensorCheck",
    "Travel",
    "View",
    "check_batches",
    "check_diag_jacobian",
    "check_line",
    "check_mean_gradient",
    "check_outer_sums",
    "check_tensor",
    "clamp_index",
    "core_grads",
    "make_batch",
    "num",
    "numbers",
    "outer_products",
    "outer_sum_check",
    "registry_key",
    "run_lines",
    "saturation",
    "scale_sweep",
    "scaled",
    "seeded_batch",
    "shapes_numeric",
    "shapes_table",
    "sigma_prime",
    "symbol",
    "travel",
    "view",
    "views",
]
