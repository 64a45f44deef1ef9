"""What the App's collaborators use of it: the shared state and a few of Textual's methods.

The file, lesson, export, edit, view, recovery and command-gate collaborators are each given the
App as a ``WorkbenchHost``, never as ``WorkbenchApp``: the App imports them, so a reference
back to its class (even one for the type checker only) would be an import cycle.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.screen import Screen
    from textual.timer import Timer

    from tui.app.panels import PanelPainter
    from tui.commands import State
    from tui.document.state import Document
    from tui.files.autosave import Autosaver
    from tui.lessons.open_lesson import OpenLesson
    from tui.training.session import TrainingSession


class WorkbenchHost(Protocol):
    """The workbench App, as its collaborators see it."""

    document: Document  # the one document every panel is drawn from
    file_path: Path | None  # the session file it is saved to; None until it has a name
    lesson: OpenLesson | None  # the lesson open now; None: the plain workbench
    # The training view's form and data, kept between its openings; None until first needed
    # (a file's settings or the training view make it: its module is not loaded at start-up).
    training_session: TrainingSession | None
    autosaver: Autosaver
    explain_cell: tuple[int, int]  # (sample, neuron) the explain panel is about
    refused: str  # the last refused change, shown in the errors panel until the next change
    painter: PanelPainter
    title: str

    @property
    def screen_stack(self) -> list[Screen[Any]]: ...

    @property
    def screen(self) -> Screen[object]: ...

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None: ...

    def push_screen(self, screen: Screen[Any], callback: Callable[[Any], None] | None = None) -> Any: ...

    def set_interval(self, interval: float, callback: Callable[[], Any] | None = None, *,
                     name: str | None = None, repeat: int = 0, pause: bool = False) -> Timer: ...

    def call_next(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> None: ...

    def exit(self, result: None = None, return_code: int = 0, message: Any = None) -> None: ...

    def bell(self) -> None: ...

    def save_screenshot(self, filename: str | None = None, path: str | None = None, time_format: str | None = None) -> str: ...

    def render_document(self) -> None:
        """Redraw every panel from the document (``WorkbenchApp.render_document``)."""

    def show_lesson(self) -> None:
        """Tick the open lesson's tasks and draw its panel (``LessonCommands.show``)."""

    def command_state(self) -> State:
        """Which screen is in front and whether training runs (``CommandGate.state``)."""

    def training_open(self) -> bool: ...

    def training_settings(self) -> dict[str, Any] | None:
        """The training form's settings as numbers, once the training view has set any."""

    def take(self, fresh: Document) -> None:
        """Replace the document's state by ``fresh``'s, as one edit (undo puts it back)."""
