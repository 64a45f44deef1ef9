"""Issue 8, section 10: the edges of as_matrix and parse_number.

A number is what a learner would write; anything else is refused with where and why,
always as a MatrixValueError (never a raw OverflowError), in float64 and float32 alike.
"""

from __future__ import annotations

import numpy as np
import pytest

from engine import MatrixValueError, as_matrix, parse_number


def test_a_python_int_beyond_any_float_is_a_matrix_value_error() -> None:
    with pytest.raises(MatrixValueError, match="too large for a float") as caught:
        as_matrix([[1.0, 10**400]])
    assert (caught.value.row, caught.value.column) == (0, 1)


@pytest.mark.parametrize(
    "values", [[[1e300]], "1e300", 1e300, np.array([[1e300]])], ids=["list", "text", "number", "array"]
)
def test_too_large_for_float32_is_refused_in_every_form(values: object) -> None:
    with pytest.raises(MatrixValueError, match="too large for float32") as caught:
        as_matrix(values, np.float32)
    assert "1e300" in str(caught.value) and "3.4028235e38" in str(caught.value)
    # The same value is a fine float64.
    assert as_matrix(values)[0, 0] == 1e300


def test_the_largest_float32_itself_is_kept() -> None:
    biggest = float(np.finfo(np.float32).max)
    assert as_matrix([[biggest]], np.float32)[0, 0] == np.float32(biggest)


@pytest.mark.parametrize("values", [[[True, 0.5]], np.array([[True, False]])], ids=["list", "array"])
def test_booleans_are_refused_alike_as_list_or_array(values: object) -> None:
    with pytest.raises(MatrixValueError) as caught:
        as_matrix(values)
    assert "row 0, column 0 is True, a truth value, not a number: write 1 or 0" in str(caught.value)


@pytest.mark.parametrize("text", ["1_0", "1_000.5", " 2_0 "])
def test_underscore_digits_are_not_a_number(text: str) -> None:
    with pytest.raises(MatrixValueError, match="without underscores"):
        parse_number(text)
    with pytest.raises(MatrixValueError, match="row 0, column 1"):
        as_matrix(f"1, {text}")


@pytest.mark.parametrize("text", ["0x10", "١٢", "1e", "--1", "1.2.3"])
def test_what_float_would_take_or_a_typo_is_not_a_number(text: str) -> None:
    with pytest.raises(MatrixValueError, match="is not a number"):
        parse_number(text)


@pytest.mark.parametrize("text", ["1e5", "+.5", "-0.0", "5.", "1.5e+300", "  -3  ", "2E-3"])
def test_numbers_as_learners_write_them_still_parse(text: str) -> None:
    assert parse_number(text) == float(text)


@pytest.mark.parametrize(
    "text, row, column",
    [("1,,2", 0, 1), ("1, 2\n3, , 4", 1, 1), (", 1, 2", 0, 0), ("1 2; 3,,4", 1, 1)],
)
def test_an_empty_field_is_refused_with_its_row_and_column(text: str, row: int, column: int) -> None:
    with pytest.raises(MatrixValueError, match=f"row {row}, column {column} is empty") as caught:
        as_matrix(text)
    assert (caught.value.row, caught.value.column) == (row, column)


def test_a_trailing_comma_is_still_fine() -> None:
    assert as_matrix("1, 2,\n3, 4,").tolist() == [[1.0, 2.0], [3.0, 4.0]]
    assert as_matrix("[[1, 2], [3, 4],]").tolist() == [[1.0, 2.0], [3.0, 4.0]]
