"""G: one step of gradient descent by hand (``Document.descend``), at a learning rate asked
the first time and remembered for the session (the palette's "Gradient descent rate"
changes it). What the step did is told twice, where the learner looks: a
notification, and a line of the summary under the network's output (tui.app.panels).
"""

from __future__ import annotations

from engine.numbers import exact_number
from tui.app.host import WorkbenchHost
from tui.document.descent import DescentStep, checked_learning_rate
from tui.document.state import EditRefused

DEFAULT_RATE = 1.0  # the book's SGD default (chapter 10)
TITLE = "Gradient descent step"


class DescentCommand:
    """The step by hand, and the learning rate it uses, for the App (``host``)."""

    def __init__(self, host: WorkbenchHost) -> None:
        self.host = host
        self.learning_rate: float | None = None  # None until asked: the app's, not the document's

    def run(self, ask: bool = False) -> None:
        """A step, or with ``ask`` only a new learning rate; the first step asks for it first."""
        if ask:
            self._ask(step=False)
            return
        why = self.host.document.no_descent_reason()
        if why:
            self.host.notify(f"No step taken: {why}.", title=TITLE, severity="warning", timeout=6, markup=False)
            return
        if self.learning_rate is None:
            self._ask(step=True)
        else:
            self._step(self.learning_rate)

    def _ask(self, step: bool) -> None:
        from tui.screens.dialogs import FormScreen, real_number

        def apply(values: list[str]) -> str:
            self.learning_rate = checked_learning_rate(real_number(values[0], "the learning rate", "1"))
            return exact_number(self.learning_rate)

        def done(rate: str | None) -> None:
            if rate is not None and step and self.learning_rate is not None:
                self._step(self.learning_rate)
            elif rate is not None:
                self.host.notify(f"Steps by hand (G) now use learning rate {rate}.", title=TITLE, timeout=4)

        shown = exact_number(self.learning_rate if self.learning_rate is not None else DEFAULT_RATE)
        fields = [("descent-rate", "Learning rate lr: w ← w − lr · dw (the book's SGD: 1)", shown)]
        self.host.push_screen(FormScreen(TITLE, fields, apply), done)

    def _step(self, rate: float) -> None:
        try:
            done = self.host.document.descend(rate)
        except EditRefused as refusal:
            self.host.notify(f"No step taken: {refusal}.", title=TITLE, severity="warning", timeout=6, markup=False)
            return
        self.host.refused = ""
        self.host.render_document()
        # In the narrow layout the summary may be below the fold: the line is brought into view.
        self.host.painter.panel("#summary").scroll_visible(animate=False)
        self.host.notify(notice(done), title=TITLE, timeout=4, markup=False)


def notice(done: DescentStep) -> str:
    """The notification: the summary's line (the loss before, the first-order prediction
    L − lr · Σ dw², the loss after), and how to take it back."""
    text = f"{done.line()}. Ctrl+Z undoes it."
    if done.dropped:
        text += " With dropout the step used the pass's fixed masks, the ones the backward stages show."
    return text
