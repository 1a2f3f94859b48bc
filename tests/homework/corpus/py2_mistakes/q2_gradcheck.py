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
        # f is given the moved entry alone, not x with that entry moved.
        random.setstate(rndstate)
        up = f(x[ix] + h)[0]
        random.setstate(rndstate)
        down = f(x[ix] - h)[0]
        numgrad = (up - down) / (2 * h)
        reldiff = abs(numgrad - grad[ix]) / max(1, abs(numgrad), abs(grad[ix]))
        if reldiff > 1e-5:
            print "Gradient check failed."
            print "First gradient error found at index %s" % str(ix)
            return
        it.iternext()
    print "Gradient check passed!"
