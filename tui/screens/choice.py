"""A question with a few answers, each on one key: the recovery offer at start
(Enter / Escape) and quitting with unsaved changes (s / d / Escape)."""

from __future__ import annotations

from typing import NamedTuple

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from tui.screens.modal import OnceModal


class Answer(NamedTuple):
    key: str  # a Textual key name
    shown: str  # how the dialog writes the key
    label: str
    result: str


class ChoiceScreen(OnceModal[str]):
    """``message`` and one line per answer; a key dismisses the screen with its answer's result."""

    DEFAULT_CSS = """
    #choice-body {
        width: 72;
    }
    #choice-answers {
        margin-top: 1;
        height: auto;
    }
    """

    def __init__(self, title: str, message: str, answers: list[Answer], screen_id: str) -> None:
        super().__init__(id=screen_id)
        self.choice_title = title
        self.message = message
        self.answers = answers
        for answer in answers:
            # Bound on this screen, which comes before the workbench's keys.
            self._bindings.bind(answer.key, f"answer('{answer.result}')", answer.label, show=False)

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-body", classes="dialog -question") as body:
            body.border_title = self.choice_title
            yield Static(Text(self.message), id="choice-message")
            lines = Text()
            for index, answer in enumerate(self.answers):
                if index:
                    lines.append("\n")
                lines.append(f" {answer.shown} ".ljust(9), "bold reverse")
                lines.append(f" {answer.label}")
            yield Static(lines, id="choice-answers")

    def action_answer(self, result: str) -> None:
        self.finish(result)


__all__ = ["Answer", "ChoiceScreen"]
