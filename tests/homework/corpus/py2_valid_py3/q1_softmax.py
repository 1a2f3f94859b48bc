import numpy as np


def _row_softmax(row):
    # log-sum-exp: exp(x - lse(x)), the max taken out first
    m = max(row)
    lse = m + np.log(sum(np.exp(v - m) for v in row))
    return np.array([np.exp(v - lse) for v in row])


def softmax(x):
    x = np.asarray(x, dtype=float)
    if x.ndim == 1:
        return _row_softmax(x)
    out = np.empty_like(x)
    for i in range(x.shape[0]):
        out[i] = _row_softmax(x[i])
    return out
