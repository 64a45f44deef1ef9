# Chapter 8 (no classes): partial derivatives of sums, products and max, and the chain rule.
import numpy as np

from engine.book import *

x, y, z = 2.0, 3.0, -1.0
dsum = (1, 1)
dmul = (y, x)
dmax = (1.0 if x > 0 else 0.0, 0.0)
dsum, dmul, dmax


def chained(x):
    return 3 * (2 * x ** 2) ** 5


h = 1e-7
round((chained(2 + h) - chained(2)) / h)
3 * 5 * (2 * 2 ** 2) ** 4 * 4 * 2
np.maximum(0, np.array([-1.0, 0.5, 2.0]))
