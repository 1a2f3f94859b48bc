import numpy as np


def gradcheck_naive(f, x):
    fx, grad = f(x)
    h = 1e-4
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        ix = it.multi_index
        old = x[ix].copy()
        x[ix] = old + h
        fp = f(x)[0]
        x[ix] = old - h
        fm = f(x)[0]
        x[ix] = old
        numgrad = (fp - fm) / (2 * h)
        reldiff = abs(numgrad - grad[ix]) / max(1, abs(numgrad), abs(grad[ix]))
        if reldiff > 1e-5:
            print("Gradient check failed.")
            # the message itself breaks: a tuple index added to a string
            print("First gradient error found at index " + ix)
            return
        it.iternext()
    print("Gradient check passed!")
