import numpy as np
from q2_sigmoid import sigmoid, sigmoid_grad


def forward_backward_prop(data, labels, params, dimensions):
    Dx, H, Dy = dimensions
    W1, b1, W2, b2 = np.split(params, np.cumsum([Dx * H, H, H * Dy]))
    W1, W2 = W1.reshape(Dx, H), W2.reshape(H, Dy)
    h = sigmoid(data @ W1 + b1)
    z = h @ W2 + b2
    # its own softmax, not q1_softmax's
    e = np.exp(z - z.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    cost = -np.sum(labels * np.log10(p))  # log10: not the natural log
    d2 = p - labels
    d1 = d2 @ W2.T * sigmoid_grad(h)
    grad = np.concatenate([(data.T @ d1).ravel(), d1.sum(0), (h.T @ d2).ravel(), d2.sum(0)])
    return cost, grad
