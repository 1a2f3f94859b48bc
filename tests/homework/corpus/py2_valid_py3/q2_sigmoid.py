from __future__ import division, print_function

import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def sigmoid_grad(s):
    return s * (1 - s)


if __name__ == "__main__":
    print("sigmoid:", sigmoid(np.array([1, 2])))
