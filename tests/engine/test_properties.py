from __future__ import annotations

import warnings

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from engine import CategoricalCrossentropy, Softmax

# Any finite float64 at all, from -1.8e308 to 1.8e308, subnormals and -0.0 included.
logits = arrays(
    np.float64,
    st.tuples(st.integers(1, 8), st.integers(1, 8)),
    elements=st.floats(allow_nan=False, allow_infinity=False),
)


@settings(max_examples=400, deadline=None)
@given(logits)
def test_softmax_of_any_finite_logits(values: np.ndarray) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning on stderr for a right answer
        out = Softmax().forward(values)
    assert np.all(np.isfinite(out))
    np.testing.assert_allclose(out.sum(axis=1), 1.0, rtol=1e-12)
    assert np.all(out >= 0)
    rows = np.arange(len(values))
    # The largest logit gets the largest probability (argmax preserved, ties allowed)...
    assert np.array_equal(out[rows, np.argmax(values, axis=1)], out.max(axis=1))
    # ...and the order of the logits is kept: a larger logit never gets a smaller probability.
    larger = values[:, :, None] >= values[:, None, :]
    assert np.all(out[:, :, None] >= out[:, None, :], where=larger)


def test_softmax_of_the_extremes_of_float64() -> None:
    big = float(np.finfo(np.float64).max)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = Softmax().forward(np.array([[-big, big], [big, big], [-big, -big], [5e-324, 0.0]]))
    np.testing.assert_array_equal(out[:3], [[0.0, 1.0], [0.5, 0.5], [0.5, 0.5]])
    np.testing.assert_allclose(out[3], [0.5, 0.5])


def test_softmax_of_extreme_logits() -> None:
    out = Softmax().forward(np.array([[1e4, -1e4, 0.0], [-1e4, -1e4, -1e4]]))
    assert np.all(np.isfinite(out))
    np.testing.assert_allclose(out, [[1, 0, 0], [1 / 3, 1 / 3, 1 / 3]])


@given(st.integers(2, 6), st.data())
def test_loss_is_finite_when_a_prediction_is_exactly_zero(classes: int, data: st.DataObject) -> None:
    label = data.draw(st.integers(0, classes - 1))
    prediction = np.full((1, classes), 1.0 / (classes - 1))
    prediction[0, label] = 0.0
    loss = CategoricalCrossentropy().calculate(prediction, np.array([label]))
    assert np.isfinite(loss)
    assert loss == np.float64(-np.log(1e-7))
