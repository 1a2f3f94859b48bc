import numpy as np


def softmax(x):
    """Softmax of a vector, or of each row of a matrix (Python 2, the 2017 starter's layout)."""
    orig_shape = x.shape

    if len(x.shape) > 1:
        # Matrix
        ### YOUR CODE HERE
        x = x - np.max(x, axis=1).reshape(-1, 1)
        x = np.exp(x)
        x = x / np.sum(x, axis=1).reshape(-1, 1)
        ### END YOUR CODE
    else:
        # Vector
        ### YOUR CODE HERE
        x = x - np.max(x)
        x = np.exp(x)
        x = x / np.sum(x)
        ### END YOUR CODE

    assert x.shape == orig_shape
    return x


def test_softmax_basic():
    print "Running basic tests..."
    test1 = softmax(np.array([1, 2]))
    print test1
    ans1 = np.array([0.26894142, 0.73105858])
    assert np.allclose(test1, ans1, rtol=1e-05, atol=1e-06)
    print "You should be able to verify these results by hand!\n"


if __name__ == "__main__":
    test_softmax_basic()
