"""The team's own answer to q2: a centred finite-difference gradient check."""

import numpy as np


def gradcheck_naive(f, x):
    """Compare f's gradient with (f(x + h) - f(x - h)) / 2h entry by entry; print the verdict."""
    _, grad = f(x)
    h = 1e-4
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        ix = it.multi_index
        old = x[ix]
        x[ix] = old + h
        plus = f(x)[0]
        x[ix] = old - h
        minus = f(x)[0]
        x[ix] = old
        numgrad = (plus - minus) / (2 * h)
        reldiff = abs(numgrad - grad[ix]) / max(1, abs(numgrad), abs(grad[ix]))
        if reldiff > 1e-5:
            print("Gradient check failed.")
            print(f"First gradient error found at index {ix}")
            print(f"Your gradient: {grad[ix]:f} \t Numerical gradient: {numgrad:f}")
            return
        it.iternext()
    print("Gradient check passed!")
