from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from engine import MatrixValueError, as_matrix, parse_number
from engine.arrays import format_matrix_text


def test_lists_vectors_and_text() -> None:
    assert as_matrix([1, 5, 6, 2]).shape == (1, 4)
    assert as_matrix([[1, 5, 6, 2], [3, 2, 1, 3]]).shape == (2, 4)
    assert as_matrix("1, 2\n3 4").tolist() == [[1.0, 2.0], [3.0, 4.0]]
    assert as_matrix("[[1, 2], [3, 4]]").tolist() == [[1.0, 2.0], [3.0, 4.0]]
    assert as_matrix("1 2; 3 4").tolist() == [[1.0, 2.0], [3.0, 4.0]]
    assert as_matrix(2.5).shape == (1, 1)


def test_ragged_rows_are_refused_with_where() -> None:
    with pytest.raises(MatrixValueError) as caught:
        as_matrix([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11]])
    assert "row 2 has 3 values where rows 0-1 have 4" in str(caught.value)
    assert "homologous" in str(caught.value)
    assert caught.value.row == 2


def test_non_numbers_are_refused_with_row_and_column() -> None:
    with pytest.raises(MatrixValueError) as caught:
        as_matrix([[1, 2, 3, 4], [1, 2, 3, "abc"]])
    assert 'row 1, column 3' in str(caught.value) and '"abc"' in str(caught.value)
    assert (caught.value.row, caught.value.column) == (1, 3)


@pytest.mark.parametrize("text", ["nan", "inf", "-inf", "1e999"])
def test_non_finite_values_are_refused(text: str) -> None:
    with pytest.raises(MatrixValueError):
        as_matrix([[1.0, text]])
    with pytest.raises(MatrixValueError):
        parse_number(text)
    with pytest.raises(MatrixValueError):
        as_matrix(np.array([[1.0, float(text)]]))


def test_parse_number_messages() -> None:
    assert parse_number(" -0.5 ") == -0.5
    with pytest.raises(MatrixValueError, match="empty"):
        parse_number("")
    with pytest.raises(MatrixValueError, match='"abc" is not a number'):
        parse_number("abc")


def test_empty_and_deep_arrays_are_refused() -> None:
    with pytest.raises(MatrixValueError, match="empty"):
        as_matrix([])
    with pytest.raises(MatrixValueError, match="3 dimensions"):
        as_matrix(np.zeros((2, 2, 2)))


finite = st.floats(allow_nan=False, allow_infinity=False)


@given(arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 6)), elements=finite))
def test_as_matrix_round_trips_any_finite_matrix(matrix: np.ndarray) -> None:
    assert np.array_equal(as_matrix(matrix.tolist()), matrix)
    assert np.array_equal(as_matrix(format_matrix_text(matrix)), matrix)
