import numpy as np


def gradcheck_naive(f, x):
    fx, grad = f(x)
    h = 1e-4
    for ix in np.ndindex(x.shape):
        old = x[ix]
        x[ix] = old + h
        fp = f(x)[0]
        x[ix] = old - h
        fm = f(x)[0]
        x[ix] = old
        numgrad = (fp - fm) / (2 * h)
        if abs(numgrad - grad[ix]) / max(1, abs(numgrad), abs(grad[ix])) > 1e-2:
            print("Gradient check failed.")
            return
    print("Gradient check passed!")
