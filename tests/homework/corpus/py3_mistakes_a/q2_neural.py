import numpy as np
from q1_softmax import softmax
from q2_sigmoid import sigmoid


def forward_backward_prop(data, labels, params, dimensions):
    Dx, H, Dy = dimensions
    ofs = 0
    W1 = params[ofs : ofs + Dx * H].reshape(Dx, H)
    ofs += Dx * H
    b1 = params[ofs : ofs + H].reshape(1, H)
    ofs += H
    W2 = params[ofs : ofs + H * Dy].reshape(H, Dy)
    ofs += H * Dy
    b2 = params[ofs : ofs + Dy].reshape(1, Dy)

    z1 = data @ W1 + b1
    h = 1 / (1 + np.exp(-z1))
    z2 = h @ W2 + b2
    z2 = z2 - z2.max(axis=1, keepdims=True)
    y = np.exp(z2) / np.exp(z2).sum(axis=1, keepdims=True)
    cost = -np.sum(labels * np.log(y))
    dz2 = labels - y
    dW2 = h.T @ dz2
    db2 = dz2.sum(0)
    dz1 = dz2 @ W2.T * h * (1 - h)
    dW1 = data.T @ dz1
    db1 = dz1.sum(0)
    return cost, np.concatenate([dW1.ravel(), db1, dW2.ravel(), db2])
