import numpy as np


def gradcheck_naive(f, x):
    fx, grad = f(x)
    h = 1e-4
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        ix = it.multi_index
        x[ix] += h
        fxh = f(x)[0]
        x[ix] -= h
        numgrad = (fxh - fx) / h
        reldiff = abs(numgrad - grad[ix]) / max(1, abs(numgrad), abs(grad[ix]))
        if reldiff > 1e-5:
            print("Gradient check failed.")
            return
        it.iternext()
    print("Gradient check passed!")
