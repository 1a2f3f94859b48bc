import numpy as np


def sigmoid(x):
    return 1. / (1. + np.exp(-x))


def sigmoid_grad(x):
    # Takes x, but is given s = sigmoid(x).
    return sigmoid(x) * (1 - sigmoid(x))


if __name__ == "__main__":
    print sigmoid_grad(sigmoid(np.array([1.0])))
