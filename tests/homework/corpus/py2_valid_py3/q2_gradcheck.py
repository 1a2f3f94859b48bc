import numpy as np
import random


def gradcheck_naive(f, x):
    # Valid Python 3 syntax, but xrange is Python 2's: the file is read as Python 2.
    rndstate = random.getstate()
    random.setstate(rndstate)
    fx, grad = f(x)
    h = 1e-4
    flat = x.reshape(-1)  # a view: moving flat[i] moves x
    gflat = np.asarray(grad).reshape(-1)
    for i in xrange(flat.size):
        old = flat[i]
        flat[i] = old + h
        random.setstate(rndstate)
        fp = f(x)[0]
        flat[i] = old - h
        random.setstate(rndstate)
        fm = f(x)[0]
        flat[i] = old
        numgrad = (fp - fm) / (2 * h)
        reldiff = abs(numgrad - gflat[i]) / max(1, abs(numgrad), abs(gflat[i]))
        if reldiff > 1e-5:
            print("Gradient check failed.")
            print("First gradient error found at index %d" % i)
            return
    print("Gradient check passed!")
