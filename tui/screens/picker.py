"""A modal list to pick one thing from: Enter dismisses with the option's id, Escape with None."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList

from tui.screens.modal import OnceModal


class PickerScreen(OnceModal[str | None]):
    """The body (``.dialog.-picker``) holds one OptionList that fills it edge to edge; each
    picker sets the body's width by id and composes its options. The list's rule names the
    body: it must outrank OptionList's own ``:focus`` border."""

    DEFAULT_CSS = """
    .dialog.-picker {
        max-height: 90%;
        padding: 0;
    }
    .dialog.-picker > OptionList {
        height: auto;
        max-height: 100%;
        border: none;
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.finish(event.option.id)

    def action_cancel(self) -> None:
        self.finish(None)
