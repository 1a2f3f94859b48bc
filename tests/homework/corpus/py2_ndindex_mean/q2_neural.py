import numpy as np

from q1_softmax import softmax
from q2_sigmoid import sigmoid, sigmoid_grad
from q2_gradcheck import gradcheck_naive


def forward_backward_prop(data, labels, params, dimensions):
    ofs = 0
    Dx, H, Dy = (dimensions[0], dimensions[1], dimensions[2])
    W1 = np.reshape(params[ofs:ofs + Dx * H], (Dx, H))
    ofs += Dx * H
    b1 = np.reshape(params[ofs:ofs + H], (1, H))
    ofs += H
    W2 = np.reshape(params[ofs:ofs + H * Dy], (H, Dy))
    ofs += H * Dy
    b2 = np.reshape(params[ofs:ofs + Dy], (1, Dy))

    N = np.float(data.shape[0])  # NumPy 1.24 removed np.float
    a1 = sigmoid(data.dot(W1) + b1)
    probs = softmax(a1.dot(W2) + b2)
    # The average cost over the batch, and so the average gradient: they agree.
    cost = -np.sum(labels * np.log(probs)) / N

    delta2 = (probs - labels) / N
    gradW2 = a1.T.dot(delta2)
    gradb2 = delta2.sum(axis=0)
    delta1 = delta2.dot(W2.T) * sigmoid_grad(a1)
    gradW1 = data.T.dot(delta1)
    gradb1 = delta1.sum(axis=0)

    grad = np.concatenate((gradW1.flatten(), gradb1.flatten(),
        gradW2.flatten(), gradb2.flatten()))
    return cost, grad
