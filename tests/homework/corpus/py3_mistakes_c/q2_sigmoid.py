import numpy as np


def sigmoid(x):
    return np.exp(-np.logaddexp(0, -x))


def sigmoid_grad(s):
    return s - s**2
