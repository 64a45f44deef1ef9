"""What the screen shows: numbers that read right, labels that say what they are, notes that are true."""

from __future__ import annotations

import numpy as np

from tests.tui.conftest import region_text, screen_text
from tui.app import WorkbenchApp
from tui.state import Document


def flat(text: str) -> str:
    """Screen text with runs of spaces and line breaks as one space (wrapped panels)."""
    return " ".join(text.replace("│", " ").split())


# ---------------------------------------------------------------- the decision boundary's legend
async def test_a_huge_label_gives_a_legend_of_the_classes_there_are_not_a_range_up_to_it() -> None:
    # The legend used to name every class from 0 to the largest label: with a label of 9e18
    # that loop never ended (and froze the app); with 100000 it named classes 3, 4, 5, ...
    doc = Document.from_preset("spiral")
    doc.labels[0] = 100_000
    doc.version += 1
    app = WorkbenchApp(document=doc)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")
        app.screen.query_one("#train-view").scroll_end(animate=False)  # the legend is the map's last line
        await pilot.pause()
        box = region_text(app, app.screen.query_one("#train-map-box")).splitlines()
        legend = next(flat(line) for line in box if "classes" in line)
        assert legend.split() == ["classes", "●", "0", "■", "1", "▲", "2", "✚", "100000"], legend
