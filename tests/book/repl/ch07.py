# Chapter 7 (no classes): the slope of f(x) = 2x^2 from a small step, against the derivative 4x.
import numpy as np

from engine.book import *


def f(x):
    return 2 * x ** 2


p2_delta = 0.0001
for x1 in [0, 1, 2, 3]:
    x2 = x1 + p2_delta
    approximate_derivative = (f(x2) - f(x1)) / (x2 - x1)
    print(x1, round(approximate_derivative, 3), 4 * x1)

x = np.arange(0, 5, 0.5)
f(x)
