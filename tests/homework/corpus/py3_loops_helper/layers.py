"""A helper module of the student's own, imported by q2_neural."""

import numpy as np


def unpack(params, dims):
    dx, h, dy = dims
    shapes = [(dx, h), (1, h), (h, dy), (1, dy)]
    out, ofs = [], 0
    for shape in shapes:
        size = shape[0] * shape[1]
        out.append(np.reshape(params[ofs : ofs + size], shape))
        ofs += size
    return out
