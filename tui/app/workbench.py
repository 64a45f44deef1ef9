"""WorkbenchApp: the layout, the keys, and the one-way flow from an edit to every panel.

key or click -> a widget posts a Message -> a handler here applies it to the Document
(which validates it) -> ``render_document`` redraws every panel from the document and
its trace, before the next frame.

The App holds the shared state (the document, its file, the open lesson, the training
session) and owns the collaborators that do the work: ``FileCommands``, ``LessonCommands``,
``ExportCommand``, ``EditCommands``, ``ViewCommands``, ``Recovery`` (autosave),
``CommandGate`` and ``PanelPainter``; each is given the App as a ``WorkbenchHost``. Its
``action_*`` methods, which the command table names, hand each command to its collaborator.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.segment import Segments
from textual import events, on
from textual.app import App, ComposeResult, SystemCommand
from textual.screen import Screen

from engine import DEFAULT_PRESET
from tui.app.command_gate import CommandGate
from tui.app.computed_cells import why_computed
from tui.app.descent_command import DescentCommand
from tui.app.edit_commands import EditCommands
from tui.app.export_command import ExportCommand
from tui.app.file_commands import FileCommands
from tui.app.layout import FIXED_TITLES, workbench_widgets
from tui.app.lesson_commands import LessonCommands
from tui.app.panels import PanelPainter, subtitle
from tui.app.quit_command import QuitCommand
from tui.app.recovery import Ending, Recovery
from tui.app.theme import suit_the_terminal
from tui.app.view_commands import ViewCommands
from tui.commands import ANYWHERE, WORKBENCH, State
from tui.document.state import Document, EditRefused
from tui.files.autosave import Autosaver
from tui.keys.bindings import bindings_for
from tui.keys.key_gate import KeyGate
from tui.serve.tab import tell_tab
from tui.training import settings as training_settings
from tui.training.last_run import LAST_RUN, last_run
from tui.widgets.computed_grid import ComputedGrid
from tui.widgets.matrix_editor import MatrixEditor
from tui.widgets.matrix_grid import MatrixGrid
from tui.widgets.network_panel import NetworkPanel

if TYPE_CHECKING:
    from tui.lessons.model import Lesson
    from tui.lessons.open_lesson import OpenLesson
    from tui.screens.training import TrainingScreen
    from tui.training.session import TrainingSession


class WorkbenchApp(App[None]):
    """nnwb: see and change every number of a small network."""

    CSS_PATH = "app.tcss"
    TITLE = "nnwb"
    NARROW_BELOW = 100  # columns: below this the panels reflow into two scrolling columns

    # Every key comes from the command table (``tui.commands``), as do the palette, the
    # help screen, the footer and the training lock.
    BINDINGS = bindings_for(WORKBENCH) + bindings_for(ANYWHERE)

    def __init__(
        self,
        preset: str | None = None,
        document: Document | None = None,
        path: Path | None = None,
        training: dict[str, Any] | None = None,
        saved: bool = True,
        lesson: Lesson | None = None,
    ) -> None:
        """``path``: the session file the document is saved to (Ctrl+S); ``saved``: whether
        that file holds this document already (it was read from it) or is still to be written;
        ``lesson``: a lesson to open, on its starting state unless ``document`` is given."""
        super().__init__()
        suit_the_terminal(self)  # focus must not look like an error in 16 colours
        at_start = document is None
        if document is None and lesson is not None:
            document = lesson.start_document()
        # The shared state (``WorkbenchHost``'s), which the collaborators read and change.
        self.document: Document = document if document is not None else Document.from_preset(preset or DEFAULT_PRESET)
        self.file_path: Path | None = None
        self.lesson: OpenLesson | None = None
        self.training_session: TrainingSession | None = None
        self.explain_cell: tuple[int, int] = (0, 0)
        self.refused = ""
        self.painter = PanelPainter(self)
        self.gate = CommandGate(self)
        self.files = FileCommands(self)
        self.quitting = QuitCommand(self, self.files)
        self.lessons = LessonCommands(self, self.files)
        self.edits = EditCommands(self)
        self.export = ExportCommand(self)
        self.views = ViewCommands(self, self.gate)
        self.descent = DescentCommand(self)  # its learning rate lasts the session
        if lesson is not None:
            self.lesson = self.lessons.opened(lesson, at_start)
        if path is not None:
            self.files.start_file(path, training, saved)
        else:
            self.files.forget_changes()  # nothing to lose yet
        self.autosaver = Autosaver()
        self.recovery = Recovery(self, self.files, self.lessons)
        # Set by ``nnwb``: the last autosave is written after the terminal is restored, so that
        # Ctrl+Q leaves the screen at once even when a large network takes seconds to write.
        self.finish_after_exit = False
        self.finish_autosave: Ending | None = None
        self._keys_state: tuple[bool, bool, bool, bool] = (False, False, False, False)
        self.key_gate = KeyGate(self, super().on_event)

    def _fatal_error(self) -> None:
        """Textual's, with a traceback of no locals (``tui.app.crash_output``): Textual's own
        printed every frame's arrays, for half a minute. Called while the error is handled."""
        error = sys.exc_info()[1] or self._exception
        if error is None:
            super()._fatal_error()
            return
        from tui.app.crash_output import short_traceback  # Rich's traceback and Pygments: only after a crash

        self.bell()
        self._exit_renderables.append(Segments(self.console.render(short_traceback(error), self.console.options)))
        self._close_messages_no_wait()

    # ------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        # The layout class is set before the widgets are styled: applying it after the first
        # resize (as HORIZONTAL_BREAKPOINTS does) would style every widget twice at start-up.
        self.screen.set_class(self.size.width < self.NARROW_BELOW, "-narrow")
        yield from workbench_widgets()

    async def on_event(self, event: events.Event) -> None:
        # Keys and pastes from the terminal are handed on one at a time (``tui.keys.key_gate``).
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            self.key_gate.put(event)
            return
        await super().on_event(event)

    def on_resize(self, event: events.Resize) -> None:
        narrow = event.size.width < self.NARROW_BELOW  # self.size is still the old size here
        # The workbench's screen, also when a dialog or the training view is on top of it.
        main = self.screen_stack[0]
        main.set_class(narrow, "-narrow")

    def on_mount(self) -> None:
        for panel_id, title in FIXED_TITLES:
            self.query_one(panel_id).border_title = title
        self.render_document()
        self.query_one("#inputs", MatrixEditor).focus(scroll_visible=False)
        self.call_after_refresh(self.after_first_frame)

    def after_first_frame(self) -> None:
        """Everything built so far lives as long as the app: take it out of the collector's way.

        Frozen objects are never walked again, which keeps full collections (tens of ms)
        out of edits. Started by ``make_app``, the collector was paused until now: one
        collection first, so that start-up's garbage is not frozen with the rest.
        """
        if not gc.isenabled():
            gc.collect()
            gc.enable()
        gc.freeze()
        self.start_autosave()

    def start_autosave(self) -> None:
        self.recovery.start()

    def on_unmount(self) -> None:
        """The session ends: the autosave's last write and its marker (``Recovery.ending``)."""
        finish = self.recovery.ending(crashed=self._exception is not None)
        if finish is None:
            return
        if self.finish_after_exit:
            self.finish_autosave = finish
        else:
            finish.run()

    # ------------------------------------------------------------ shared state
    def take(self, fresh: Document) -> None:
        """Replace the document's state by ``fresh``'s, as one edit (undo puts it back)."""
        self.explain_cell = (0, 0)
        self.refused = ""
        self.document.replace_with(fresh)

    def training_settings(self) -> dict[str, Any] | None:
        """The training form's settings as numbers, once the training view has set any, and
        the last run's record (``tui.training.last_run``) once there is one."""
        session = self.training_session
        if session is None or not session.settings:
            return None
        doc = self.document
        values = training_settings.from_form(session.settings, doc.labels is not None)
        run = last_run(session)
        # A run undone (Ctrl+Z puts back the weights it began from), or another network, is no run of these weights.
        if run is not None and session.follows(doc.network, doc.inputs, doc.labels):
            values[LAST_RUN] = run
        return values

    # ------------------------------------------------------------------ render
    def render_document(self) -> None:
        """Every panel from (document, trace): the only place panels are updated."""
        if not self.painter.on_screen():
            return  # shutting down: a message queued behind the quit found the panels gone
        doc = self.document
        if doc.left_backward:
            doc.left_backward = False
            why = doc.no_descent_reason() or "the pass has no loss to differentiate"
            self.notify(f"Step mode is back at the forward pass's end: {why}.", title="No backward pass",
                        timeout=6, markup=False)
        self.painter.set_sub_title(self, subtitle(doc))
        self.files.show_file_title()
        self.painter.paint(doc, self.explain_cell, self.refused)
        self.show_lesson()
        # A browser tab's own notes (nnwb serve); nothing in a terminal.
        tell_tab(self.notify, self.lesson.lesson.id if self.lesson is not None else None)
        # Step, fix and lesson keys come and go with the state: the footer must follow, but
        # rebuilding it is costly, so only when they do.
        error = doc.trace.error
        keys_state = (doc.step is not None, error is not None and error.fix_action is not None, self.lesson is not None,
                      self.lesson is not None and bool(self.lesson.open_answers()))
        if keys_state != self._keys_state:
            self._keys_state = keys_state
            self.refresh_bindings()

    def show_lesson(self) -> None:
        self.lessons.show()

    # ------------------------------------------------------------------ events
    @on(MatrixEditor.CellEdited)
    def _cell_edited(self, event: MatrixEditor.CellEdited) -> None:
        try:
            self.document.set_cell(event.editor.matrix, event.row, event.column, event.text)  # type: ignore[arg-type]
        except EditRefused as refusal:
            event.editor.refuse(str(refusal))
            self.edits.show_refusal(f"{event.editor.matrix}[{event.row}, {event.column}]: {refusal}")
            return
        self.refused = ""
        event.editor.accept()
        self.render_document()

    @on(MatrixGrid.CursorMoved)
    def _cursor_moved(self, event: MatrixGrid.CursorMoved) -> None:
        """A lesson's task may be about the cell under the cursor (the outputs redraw anyway)."""
        if self.lesson is not None and event.grid.id not in ("z", "output"):
            self.show_lesson()

    @on(MatrixGrid.CursorMoved, "#z, #output")
    def _output_cell(self, event: MatrixGrid.CursorMoved) -> None:
        self.explain_cell = (event.row, event.column)
        for panel_id in ("#z", "#output"):
            grid = self.painter.panel(panel_id)
            if grid is not event.grid:
                grid.cursor_row, grid.cursor_column = event.row, event.column
        self.render_document()

    @on(MatrixGrid.CursorMoved, "#dweights, #dbiases")
    def _gradient_cell(self, event: MatrixGrid.CursorMoved) -> None:
        """The explain panel follows the cursor in dW and db (``backward_panels.stage_cell``)."""
        self.render_document()

    def on_computed_grid_edit_asked(self, event: ComputedGrid.EditAsked) -> None:
        """A number typed into a computed grid: what to edit instead (``tui.app.computed_cells``)."""
        event.computed.refuse(why_computed(self.document, event.grid.id or ""))

    @on(NetworkPanel.LayerSelected)
    def _layer_selected(self, event: NetworkPanel.LayerSelected) -> None:
        if event.index != self.document.selected:
            self.document.select_layer(event.index)
            self.render_document()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.lessons.focus_moved(event.widget)

    def on_training_screen_stopped(self, message: TrainingScreen.Stopped) -> None:
        """A training run ended (the message bubbles up from the training view)."""
        self.lessons.training_stopped(message.diverged, message.ran > 0)

    # ---------------------------------------------------------------- commands
    def command_state(self) -> State:
        return self.gate.state()

    def training_open(self) -> bool:
        return self.gate.training_open()

    def run_command(self, name: str) -> bool:
        """The one gate every command passes, from a key, the palette or a click on the footer."""
        return self.gate.run(name)

    def action_run_command(self, name: str) -> None:
        self.run_command(name)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.gate.allows(action, parameters)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        return self.gate.system_commands(super().get_system_commands(screen))

    # ------------------------------------------------- actions (the table's names)
    def action_train(self) -> None:
        self.views.train()

    def action_help(self) -> None:
        self.views.help()

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        self.views.screenshot(filename, path)

    async def action_quit(self) -> None:
        """Ctrl+Q: asks first when work would be lost (``QuitCommand.quit``)."""
        self.quitting.quit()

    def action_save(self) -> None:
        self.files.save()

    def action_save_as(self) -> None:
        self.files.save_as()

    def action_open(self) -> None:
        self.files.open()

    def action_export_numpy(self) -> None:
        self.export.export_numpy()

    def action_presets(self) -> None:
        self.edits.choose_preset()

    def action_load_preset(self, name: str) -> None:
        self.edits.load_preset(name)

    def action_toggle_step(self) -> None:
        self.edits.toggle_step()

    def action_step_next(self) -> None:
        self.edits.step_next()

    def action_step_back(self) -> None:
        self.edits.apply(self.document.step_back)

    def action_leave_step(self) -> None:
        self.edits.leave_step()

    def action_descend(self, ask: bool = False) -> None:
        self.descent.run(ask)

    def action_fix(self) -> None:
        self.edits.fix()

    def action_undo(self) -> None:
        self.edits.undo()

    def action_redo(self) -> None:
        self.edits.redo()

    def action_select_layer(self, delta: int) -> None:
        self.edits.select_layer(delta)

    def action_add_layer(self) -> None:
        self.edits.apply(self.document.add_layer)

    def action_remove_layer(self) -> None:
        self.edits.remove_layer()

    def action_cycle_activation(self) -> None:
        self.edits.apply(self.document.cycle_activation)

    def action_toggle_view(self) -> None:
        self.edits.apply(self.document.toggle_view)

    def action_transpose(self) -> None:
        self.edits.apply(self.document.transpose_weights)

    def action_add_sample(self) -> None:
        self.edits.apply(self.document.add_sample)

    def action_remove_sample(self) -> None:
        self.edits.remove_sample()

    def action_add_feature(self) -> None:
        self.edits.add_feature()

    def action_remove_feature(self) -> None:
        self.edits.remove_feature()

    def action_toggle_labels(self) -> None:
        self.edits.apply(self.document.toggle_labels)

    def action_resize_weights(self, axis: int, delta: int) -> None:
        self.edits.resize_weights(axis, delta)

    def action_edit_sizes(self) -> None:
        self.edits.edit_sizes()

    def action_reinitialise(self) -> None:
        self.edits.reinitialise()

    def action_set_dropout(self) -> None:
        self.edits.set_dropout()

    def action_set_regularizers(self) -> None:
        self.edits.set_regularizers()

    def action_lessons(self) -> None:
        self.lessons.list_course()

    def action_open_lesson(self, name: str) -> None:
        self.lessons.open_by_name(name)

    def action_next_lesson(self) -> None:
        self.lessons.course_step(1)

    def action_previous_lesson(self) -> None:
        self.lessons.course_step(-1)

    def action_reset_lesson(self) -> None:
        self.lessons.reset()

    def action_answer(self) -> None:
        self.lessons.answer()

    def action_toggle_hints(self) -> None:
        self.lessons.toggle_hints()

    def action_toggle_lesson_panel(self) -> None:
        self.lessons.toggle_panel()

    def action_close_lesson(self) -> None:
        self.lessons.close()
