"""Pick one of the notes' worked examples."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from engine import PRESETS
from tui.screens.picker import PickerScreen


class PresetScreen(PickerScreen):
    """A list of presets; Enter loads one, Escape keeps the current network."""

    DEFAULT_CSS = """
    #preset-body {
        width: 90;
    }
    """

    def __init__(self, current: str = "") -> None:
        super().__init__()
        self.current = current  # the preset shown now: the list opens on it

    def compose(self) -> ComposeResult:
        options = []
        for name, preset in PRESETS.items():
            prompt = Text()
            prompt.append(f"{preset.title}\n", "bold")
            prompt.append(f"  {preset.description}\n", "dim")
            prompt.append(f"  --preset {name}", "italic dim")
            options.append(Option(prompt, id=name))
        with Vertical(id="preset-body", classes="dialog -picker") as body:
            body.border_title = "The notes' examples"
            body.border_subtitle = "Enter loads · Escape cancels"
            picker = OptionList(*options, id="preset-list")
            if self.current in PRESETS:
                picker.highlighted = list(PRESETS).index(self.current)
            yield picker
