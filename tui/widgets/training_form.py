"""The training view's settings column: the data, the setting fields (one per
``tui.training.settings.FIELDS``), the loss and the optimizer, and under each field why its
text is refused. It shows and reads the form; the training screen handles its changes."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

from engine.loss_choice import CHOICES
from tui.training.settings import DATA_CHOICES, FIELDS, FORM_DEFAULTS, OPTIMIZER_CHOICES, Field
from tui.widgets.key_select import KeySelect

# What Enter and Escape do where the focus is. A typed setting is used as it is typed, so
# Enter and Escape both keep it; Enter there returns to the keys, where Escape leaves the view.
HINTS = {
    "setting": "Enter or Escape: back to the keys (the value is kept)",
    "choice": "Enter: open the list · Escape: back to the keys",
    "list": "Enter: choose · Escape: close the list",
    "keys": "Tab: the settings · Escape or g: back to the workbench",
}

# A linear output's loss: the document's choice (Document.loss), named as engine.loss_choice names it.
LOSSES = tuple((name, key) for key, name in CHOICES.items())


class TrainingForm(VerticalScroll):
    """Data, settings, loss and optimizer, as the learner types and chooses them."""

    # Tab goes to the settings themselves (each scrolls into view when focused): a stop on
    # the scroll box showed no focus and changed nothing.
    can_focus = False

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Settings"

    def compose(self) -> ComposeResult:
        yield Label("Data", classes="train-heading")
        yield KeySelect(DATA_CHOICES, id="train-data", allow_blank=False, compact=True)
        for field in FIELDS[:2]:
            yield from self._field(field)
        yield Label("Loss", classes="train-heading")
        # The loss the final activation takes (engine.loss_choice); a linear output may take
        # either regression loss, so only then is there a choice.
        yield Static(id="train-loss-name")
        yield KeySelect(LOSSES, id="train-loss", value="mse", allow_blank=False, compact=True)
        yield Label("Optimizer", classes="train-heading")
        yield KeySelect(OPTIMIZER_CHOICES, id="train-optimizer", value="adam", allow_blank=False, compact=True)
        for field in FIELDS[2:]:
            yield from self._field(field)
        yield Static(HINTS["keys"], classes="train-hint")

    @staticmethod
    def _field(field: Field) -> ComposeResult:
        name = field.form
        with Horizontal(id=f"row-{name}", classes="train-row"):
            yield Label(field.label, classes="train-label")
            yield Input(FORM_DEFAULTS[name], id=f"train-{name}", compact=True, select_on_focus=True)
        yield Static("", id=f"error-{name}", classes="train-error")

    def show_hint(self, focused: Widget | None) -> None:
        """Say what Enter and Escape do with ``focused`` (a setting, a list, or the keys) in focus."""
        if isinstance(focused, Input):
            hint = HINTS["setting"]
        elif isinstance(focused, Select):
            hint = HINTS["choice"]
        elif focused is not None and any(isinstance(node, Select) for node in focused.ancestors):
            hint = HINTS["list"]  # the open list of a Select
        else:
            hint = HINTS["keys"]
        self.query_one(".train-hint", Static).update(hint)

    def fill(self, saved: dict[str, str], data: str, loss: str) -> None:
        """Show a session's form text (``TrainingSession.settings``), its data and the loss chosen."""
        self.query_one("#train-data", Select).value = data
        if "optimizer" in saved:
            self.query_one("#train-optimizer", Select).value = saved["optimizer"]
        self.query_one("#train-loss", Select).value = loss
        for field in FIELDS:
            if field.form in saved:
                self.query_one(f"#train-{field.form}", Input).value = saved[field.form]

    def text(self) -> dict[str, str]:
        """The form as typed: each field's text by its id, the data and the optimizer."""
        form = {field.form: self.query_one(f"#train-{field.form}", Input).value for field in FIELDS}
        form["data"] = str(self.query_one("#train-data", Select).value)
        form["optimizer"] = str(self.query_one("#train-optimizer", Select).value)
        return form

    def show_errors(self, errors: dict[str, str], quiet: bool = False, only: str | None = None) -> None:
        """Under each field, why its text is refused (``errors`` by field id); ``quiet``: only
        clear the reasons gone, ``only``: that field alone."""
        for field in FIELDS:
            name = field.form
            if only is not None and name != only:
                continue
            if not quiet or only is not None or name not in errors:
                widget = self.query_one(f"#error-{name}", Static)
                widget.update(Text(errors.get(name, ""), "bold red"))
                widget.display = name in errors

    def show_fields(self, final_activation: str, loss: str | None) -> None:
        """The fields the data and optimizer use, and the loss (``loss``: the one training
        uses; a choice only for a linear output)."""
        data = self.query_one("#train-data", Select).value
        self.query_one("#row-samples").display = data != "current"
        self.query_one("#row-classes").display = data not in ("current", "sine")
        # Sine data has no classes: its samples field is the whole count.
        self.query_one("#row-samples Label", Label).update("samples" if data == "sine" else "samples/class")
        self.query_one("#row-momentum").display = self.query_one("#train-optimizer", Select).value == "sgd"
        linear = final_activation == "linear"
        self.query_one("#train-loss").display = linear  # the choice names the loss itself
        name = self.query_one("#train-loss-name", Static)
        name.display = not linear
        name.update(Text(f"none for a {final_activation} output: f puts softmax last", "dim") if loss is None else Text(loss))
