import numpy as np
import random


def gradcheck_naive(f, x):
    rndstate = random.getstate()
    random.setstate(rndstate)
    fx, grad = f(x)
    h = 1e-4

    for ix in np.ndindex(*x.shape):
        # Two moved copies: x itself is never touched.
        xp = x.copy()
        xp[ix] = xp[ix] + h
        xm = x.copy()
        xm[ix] = xm[ix] - h
        random.setstate(rndstate)
        fp = f(xp)[0]
        random.setstate(rndstate)
        fm = f(xm)[0]
        numgrad = (fp - fm) / (2 * h)
        reldiff = abs(numgrad - grad[ix]) / max(1, abs(numgrad), abs(grad[ix]))
        if reldiff > 1e-5:
            print "Gradient check failed."
            print "First gradient error found at index %s" % str(ix)
            print "Your gradient: %f \t Numerical gradient: %f" % (grad[ix], numgrad)
            return

    print "Gradient check passed!"
