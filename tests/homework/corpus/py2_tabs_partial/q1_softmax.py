import numpy as np


def softmax(x):
	if x.ndim > 1:
		m = np.max(x, axis=1)
		m = m.reshape((m.shape[0], 1))
		e = np.exp(x - m)
		return e / np.sum(e, axis=1).reshape((m.shape[0], 1))
	else:
        	e = np.exp(x - np.max(x))
		return e / np.sum(e)


if __name__ == "__main__":
	print softmax(np.array([1., 2.]))
