"""The unsaved mark sees every change a session file holds: a layer's dropout and L1/L2 and the
document's loss too (the attacker's `w 7 Enter` after Ctrl+S quit without a word and lost it)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tui.document.saved_content import SavedContent
from tui.document.state import Document


@pytest.mark.parametrize("change", [
    lambda d: d.set_regularizers((7.0, 0.0, 0.0, 0.0), 0),
    lambda d: d.set_dropout(0.3, 0),
    lambda d: d.set_loss("mae"),
], ids=["regularizers", "dropout", "loss"])
def test_a_change_the_file_holds_is_unsaved_work(change: Callable[[Document], None]) -> None:
    document = Document.from_preset("ch17-regression")
    saved = SavedContent.of(document, None)
    assert saved.holds(document, None)

    change(document)

    assert not saved.holds(document, None)
