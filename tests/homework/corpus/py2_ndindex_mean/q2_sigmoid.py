import numpy as np


def sigmoid(x):
    ex = np.exp(x)
    return ex / (1 + ex)


def sigmoid_grad(f):
    return f - f * f


if __name__ == "__main__":
    print sigmoid(np.array([0.0, 1.0]))
