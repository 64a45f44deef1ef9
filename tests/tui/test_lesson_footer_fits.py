"""The lesson panel's bottom border (tally, "= answer", the keys) fits the panel: at 80
columns a shorter keys' hint, never a key cut in half."""

from __future__ import annotations

import pytest

from tests.tui.test_lessons_ui import panel, started


@pytest.mark.parametrize("size, keys", [
    ((80, 24), "0/3 done · = answer · < > · h hints · Ctrl+R reset · L list · v hide"),
    ((120, 40), "0/3 done · = answer · < > lessons · h hints · Ctrl+R reset · L list · v hide"),
])
async def test_the_lesson_footer_fits_with_the_answer_key(size: tuple[int, int], keys: str) -> None:
    app = started(["--lesson", "neuron"])  # lesson 1 asks for a number: "= answer" shows
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        bottom = panel(app).splitlines()[-1]
        assert keys in bottom and "…" not in bottom
