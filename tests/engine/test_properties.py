from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from engine import CategoricalCrossentropy, Softmax

logits = arrays(
    np.float64,
    st.tuples(st.integers(1, 8), st.integers(1, 8)),
    elements=st.floats(-1e4, 1e4, allow_nan=False),
)


@given(logits)
def test_softmax_rows_sum_to_one_and_stay_finite(values: np.ndarray) -> None:
    out = Softmax().forward(values)
    assert np.all(np.isfinite(out))
    np.testing.assert_allclose(out.sum(axis=1), 1.0, rtol=1e-12)
    assert np.all(out >= 0)


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
