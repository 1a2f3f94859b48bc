import numpy as np


def softmax(x):
    if x.ndim == 1:
        e = np.exp(x - x.max())
        return e / e.sum()
    e = np.exp(x - x.max(axis=0))
    return e / e.sum(axis=0)  # the columns, not the rows
