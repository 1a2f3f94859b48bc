import numpy as np


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def sigmoid_grad(f):
    return f * (1.0 - f)


# A test left at the top level, expecting the wrong value: importing the file fails here.
print "sigmoid(0) =", sigmoid(0)
assert sigmoid_grad(sigmoid(0)) == 0.5, "sigma'(0) should be 1/4"
