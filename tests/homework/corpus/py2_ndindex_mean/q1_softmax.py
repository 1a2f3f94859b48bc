import numpy as np


def softmax(x):
    # Works for both shapes: the last axis is the one that sums to 1.
    x = x - np.amax(x, axis=-1, keepdims=True)
    np.exp(x, out=x)
    x /= x.sum(axis=-1, keepdims=True)
    return x


if __name__ == "__main__":
    print softmax(np.array([[1001, 1002], [3, 4]], dtype=float))
