import random

import numpy as np


def gradcheck_naive(f, x):
    state = random.getstate()
    random.setstate(state)
    _, grad = f(x)
    h = 1e-4
    for ix in np.ndindex(x.shape):
        x[ix] += h
        random.setstate(state)
        up = f(x)[0]
        x[ix] -= h  # back where it was
        x[ix] -= h
        random.setstate(state)
        down = f(x)[0]
        x[ix] += h  # and back again
        numgrad = (up - down) / (2 * h)
        reldiff = abs(numgrad - grad[ix]) / max(1, abs(numgrad), abs(grad[ix]))
        if reldiff > 1e-5:
            print("Gradient check failed.")
            print(f"First gradient error found at index {ix}")
            return False
    print("Gradient check passed!")
    return True
