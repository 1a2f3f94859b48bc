import numpy as np


def softmax(x):
    x = x - np.max(x)  # one max for the whole matrix
    e = np.exp(x)
    if x.ndim == 1:
        return e / e.sum()
    return e / e.sum(axis=1, keepdims=True)
