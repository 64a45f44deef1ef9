"""Issue 8, round 2: what the engine says about a number at the edge of its type, and a
forward pass over inputs that are not numbers (reported in the trace, never raised)."""

from __future__ import annotations

import numpy as np
import pytest

from engine import Dense, MatrixValueError, Network, as_matrix, parse_number
from engine.activations import activation_named
from engine.network import Step


def test_a_value_just_past_float32_is_told_apart_from_the_largest() -> None:
    with pytest.raises(MatrixValueError) as caught:
        as_matrix("3.4028236e38", np.float32)
    said = str(caught.value)
    assert "is 3.4028236e38, too large for float32" in said and "largest value is 3.4028235e38" in said


@pytest.mark.parametrize("text", ["1,,", "1,, 2", " 1,,"])
def test_an_empty_field_quotes_the_row_as_typed(text: str) -> None:
    with pytest.raises(MatrixValueError, match="row 0, column 1 is empty") as caught:
        as_matrix(text)
    assert f'in "{text.strip()}"' in str(caught.value)


@pytest.mark.parametrize("text", ["1e-400", "-2.5e-330", "0.0001e-320"])
def test_a_non_zero_value_that_would_be_stored_as_0_is_refused(text: str) -> None:
    with pytest.raises(MatrixValueError, match="too small for float64: it would be stored as 0"):
        parse_number(text)
    with pytest.raises(MatrixValueError, match="row 0, column 1"):
        as_matrix(f"1, {text}")


@pytest.mark.parametrize("values", ["1e-50", [[1e-50]], np.array([[1e-50]])], ids=["text", "list", "array"])
def test_a_value_that_underflows_in_float32_is_refused(values: object) -> None:
    with pytest.raises(MatrixValueError, match="1e-50 is too small for float32"):
        as_matrix(values, np.float32)
    assert as_matrix(values)[0, 0] == 1e-50  # a fine float64


@pytest.mark.parametrize("text", ["0", "0e-400", "-0.0", "1e-320", "0.000"])
def test_zero_and_tiny_non_zero_values_are_kept(text: str) -> None:
    assert parse_number(text) == float(text)


def one_layer() -> Network:
    return Network([Step(Dense.from_arrays(np.ones((2, 3)), np.zeros((1, 3))), activation_named("linear"))])


@pytest.mark.parametrize(("inputs", "said"), [
    ([["a", "b"]], '"a" is not a number'),
    (np.array([["1", "x"]]), '"x" is not a number'),
    ([[1.0, 2.0], [3.0]], "row 1 has 1 value"),
])
def test_forward_trace_reports_inputs_that_are_not_numbers(inputs: object, said: str) -> None:
    trace = one_layer().forward_trace(inputs, np.array([0]))
    assert not trace.ok and trace.records == () and trace.loss is None and trace.accuracy is None
    assert trace.nonfinite is not None and said in trace.nonfinite.message


def test_forward_trace_takes_text_that_reads_as_numbers() -> None:
    trace = one_layer().forward_trace(np.array([["1", "2"]]))
    assert trace.ok and trace.output.tolist() == [[3.0, 3.0, 3.0]]


def test_a_nan_put_in_is_said_to_be_put_in_not_an_overflow() -> None:
    trace = one_layer().forward_trace(np.array([[np.nan, 1.0]]))
    assert trace.nonfinite is not None
    said = trace.nonfinite.message
    assert "a value put in is not a number (NaN)" in said and "overflow" not in said
