"""The ``fit`` check: the largest |output − target| over the samples asked for, and what it
says when there is nothing to fit."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from tests.lessons.course_starts_14_17 import sine_by_hand
from tui.document.state import Document
from tui.lessons import LessonContext
from tui.lessons.checks import CheckResult, SpecError, make_check


def judge(table: dict[str, Any], document: Document) -> CheckResult:
    return make_check({"check": "fit", **table}).evaluate(LessonContext.of(document))


def lifted(by: str) -> Document:
    """The sine samples and a network whose output is ``by`` for every x (its last bias)."""
    document = sine_by_hand()
    document.select_layer(2)
    document.set_cell("biases", 0, 0, by)
    return document


def test_the_worst_sample_decides_and_is_named() -> None:
    document = lifted("0.5")  # targets 0, 0.707, 1, 0.707, 0, ...: off by 0.5, 0.207, 0.5, ...

    assert judge({"first_row": 1, "last_row": 1, "at_most": 0.25}, document) == CheckResult(
        True, "the largest |output − target| over s1–s1 is 0.20710678")
    assert judge({"first_row": 0, "last_row": 2, "at_most": 0.25}, document) == CheckResult(
        False, "the largest |output − target| over s0–s2 is 0.5; wanted at most 0.25 (at s0: output 0.5, target 0)")
    assert judge({"at_most": 1.6}, document).detail == "the largest |output − target| over every sample is 1.5"


def test_a_mean_that_is_small_does_not_hide_one_sample_far_off() -> None:
    document = sine_by_hand()
    outputs = np.zeros(8)
    assert float(np.mean(np.abs(outputs - document.labels))) < 0.7  # the mean error of a flat 0 is 0.60

    assert not judge({"at_most": 0.7}, document).passed  # but s2 and s6 are 1 away


def test_nothing_to_fit_says_why() -> None:
    classes = Document.from_preset("spiral")
    assert judge({"at_most": 0.1}, classes).detail.startswith("there are no number targets to fit")
    document = sine_by_hand()
    document.add_feature()  # two features into a layer of one input: a shape error
    assert judge({"at_most": 0.1}, document).detail == "the network's output is not computed: there is a shape error"
    assert judge({"last_row": 8, "at_most": 0.1}, sine_by_hand()).detail == "there is no sample s8: the batch has 8"


def test_an_overflowed_output_never_fits() -> None:
    document = sine_by_hand()
    document.select_layer(2)
    document.set_cell("biases", 0, 0, "1e308")
    document.set_cell("weights", 0, 0, "1e308")
    document.select_layer(0)
    document.set_cell("weights", 0, 0, "1e308")
    document.select_layer(1)
    document.set_cell("weights", 0, 0, "1e308")  # x · 1e308 · 1e308 overflows for x > 0

    result = judge({"at_most": 1e300}, document)

    assert not result.passed and "(at s1:" in result.detail


@pytest.mark.parametrize(("table", "key"), [
    ({"first_row": 3, "last_row": 1, "at_most": 0.1}, "last_row"),
    ({"first_row": -1, "at_most": 0.1}, "first_row"),
    ({"first_row": 0}, None),
])
def test_a_table_that_cannot_be_a_fit_check_names_the_key(table: dict[str, Any], key: str | None) -> None:
    with pytest.raises(SpecError) as raised:
        make_check({"check": "fit", **table})
    assert raised.value.key == key
