import numpy as np


def sigmoid(x):
    return (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))


def sigmoid_grad(s):
    return 1 - s**2
