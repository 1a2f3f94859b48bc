import numpy as np
import random


def gradcheck_naive(f, x):
    rndstate = random.getstate()
    random.setstate(rndstate)
    fx, grad = f(x)
    h = 1e-4

    it = np.nditer(x, flags=['multi_index'], op_flags=['readwrite'])
    while not it.finished:
        ix = it.multi_index
        old = x[ix]
        x[ix] = old + h
        random.setstate(rndstate)
        fxh = f(x)[0]
        x[ix] = old - h
        random.setstate(rndstate)
        fxnh = f(x)[0]
        x[ix] = old
        numgrad = (fxh - fxnh) / (2 * h
        reldiff = abs(numgrad - grad[ix]) / max(1, abs(numgrad), abs(grad[ix]))
        if reldiff > 1e-5:
            print "Gradient check failed."
            return
        it.iternext()
    print "Gradient check passed!"
