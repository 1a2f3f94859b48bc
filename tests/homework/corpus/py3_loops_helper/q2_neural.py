import numpy as np
from layers import unpack
from q1_softmax import softmax
from q2_sigmoid import sigmoid, sigmoid_grad


def forward_backward_prop(data, labels, params, dimensions):
    W1, b1, W2, b2 = unpack(params, dimensions)
    gW1, gb1 = np.zeros_like(W1), np.zeros_like(b1)
    gW2, gb2 = np.zeros_like(W2), np.zeros_like(b2)
    cost = 0.0
    # One sample at a time, the gradients summed.
    for x, y in zip(data, labels):
        x, y = x[None, :], y[None, :]
        h = sigmoid(x @ W1 + b1)
        p = softmax(h @ W2 + b2)
        cost -= float(np.log(p[y == 1]).sum())
        d2 = p - y
        gW2 += h.T @ d2
        gb2 += d2
        d1 = (d2 @ W2.T) * sigmoid_grad(h)
        gW1 += x.T @ d1
        gb1 += d1
    grad = np.concatenate([g.ravel() for g in (gW1, gb1, gW2, gb2)])
    return cost, grad
