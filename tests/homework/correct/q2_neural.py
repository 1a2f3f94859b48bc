"""The team's own answer to q2: a one-hidden-layer network, forward and backward."""

import numpy as np
from q1_softmax import softmax
from q2_sigmoid import sigmoid, sigmoid_grad


def forward_backward_prop(data, labels, params, dimensions):
    """Summed cross-entropy and its gradient, packed as W1, b1, W2, b2."""
    ofs = 0
    Dx, H, Dy = (dimensions[0], dimensions[1], dimensions[2])
    W1 = np.reshape(params[ofs : ofs + Dx * H], (Dx, H))
    ofs += Dx * H
    b1 = np.reshape(params[ofs : ofs + H], (1, H))
    ofs += H
    W2 = np.reshape(params[ofs : ofs + H * Dy], (H, Dy))
    ofs += H * Dy
    b2 = np.reshape(params[ofs : ofs + Dy], (1, Dy))

    h = sigmoid(data @ W1 + b1)
    yhat = softmax(h @ W2 + b2)
    cost = -np.sum(labels * np.log(yhat))

    dz2 = yhat - labels
    gradW2 = h.T @ dz2
    gradb2 = np.sum(dz2, axis=0, keepdims=True)
    dh = dz2 @ W2.T
    dz1 = dh * sigmoid_grad(h)
    gradW1 = data.T @ dz1
    gradb1 = np.sum(dz1, axis=0, keepdims=True)

    grad = np.concatenate((gradW1.flatten(), gradb1.flatten(), gradW2.flatten(), gradb2.flatten()))
    return cost, grad
