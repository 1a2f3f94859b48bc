import numpy as np
import random

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

    N = data.shape[0]
    h = sigmoid(data.dot(W1) + b1)
    yhat = softmax(h.dot(W2) + b2)
    cost = -np.sum(labels * np.log(yhat)) / N

    # Python 2: 1 / N is 0 for an integer N.
    delta = (yhat - labels) * (1 / N)
    gradW2 = h.T.dot(delta)
    gradb2 = np.sum(delta, axis=0)
    dh = delta.dot(W2.T) * sigmoid_grad(h)
    gradW1 = data.T.dot(dh)
    gradb1 = np.sum(dh, axis=0)

    grad = np.concatenate((gradW1.flatten(), gradb1.flatten(),
        gradW2.flatten(), gradb2.flatten()))
    return cost, grad


def sanity_check():
    print "Running sanity check..."
    N = 20
    dimensions = [10, 5, 10]
    data = np.random.randn(N, dimensions[0])
    labels = np.zeros((N, dimensions[2]))
    for i in xrange(N):
        labels[i, random.randint(0, dimensions[2] - 1)] = 1
