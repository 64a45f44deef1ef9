"""WorkbenchApp: the layout, the keys, and the one-way flow from an edit to every panel.

key or click -> a widget posts a Message -> a handler here applies it to the Document
(which validates it) -> ``render_document`` redraws every panel from the document and
its trace, before the next frame.
"""

from __future__ import annotations

import gc
import inspect
import time
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from rich.text import Text
from textual import events, on
from textual.app import App, ComposeResult, SystemCommand
from textual.command import CommandPalette
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Static

from engine import DEFAULT_PRESET, PRESETS
from engine.loss_choice import ABSOLUTE, SQUARED
from engine.network import Trace
from engine.numbers import exact_number, format_number
from tui.app.export_command import ExportCommands
from tui.app.file_commands import FileCommands
from tui.app.lesson_commands import LessonCommands
from tui.commands import ANYWHERE, BY_NAME, COMMANDS, DIALOG, TRAINING, WORKBENCH, State, keys_text, offered, refusal
from tui.document.limits import largest_class
from tui.document.overflow import not_scored_reason
from tui.document.state import Document, EditRefused
from tui.files.autosave import Autosaver, Leftover, leftovers, snapshot
from tui.format import shape_text
from tui.keys.bindings import bindings_for
from tui.keys.key_gate import KeyGate
from tui.serve.tab import tell_tab
from tui.widgets.error_panel import ErrorPanel
from tui.widgets.explain_panel import ExplainPanel
from tui.widgets.keys_footer import KeysFooter
from tui.widgets.layout import Column, Columns
from tui.widgets.lesson_panel import LessonPanel
from tui.widgets.matrix_editor import MatrixEditor
from tui.widgets.matrix_grid import MatrixGrid
from tui.widgets.network_panel import NetworkPanel
from tui.widgets.panel_text import update_text
from tui.widgets.shape_chain import ShapeChain

if TYPE_CHECKING:
    from tui.lessons.model import Lesson

# Wide enough for the largest class index whole: in 3 characters 4095 read "4e3", another class.
LABEL_CELL_WIDTH = len(str(largest_class())) + 1

ACTIVATION_WORDS = {"linear": "no activation", "relu": "after ReLU", "sigmoid": "after sigmoid", "softmax": "after softmax"}


class InputsEditor(MatrixEditor):
    BINDINGS = bindings_for(WORKBENCH, "inputs")


class WeightsEditor(MatrixEditor):
    BINDINGS = bindings_for(WORKBENCH, "weights")


class LayerActions(NetworkPanel):
    """The network panel; the layer keys are the workbench's, and the footer shows them
    while this panel has focus (``Command.footer_focus``)."""


class WorkbenchApp(LessonCommands, FileCommands, ExportCommands, App[None]):
    """nnwb: see and change every number of a small network."""

    CSS_PATH = "app.tcss"
    TITLE = "nnwb"
    NARROW_BELOW = 100  # columns: below this the panels reflow into two scrolling columns

    # Every key comes from the command table (tui/commands.py), as do the palette, the
    # help screen, the footer and the training lock.
    BINDINGS = bindings_for(WORKBENCH) + bindings_for(ANYWHERE)

    AUTOSAVE_EVERY_S = 0.4  # a change is written within this, plus the write: a kill loses under a second

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
        at_start = document is None
        if document is None and lesson is not None:
            document = lesson.start_document()
        self.document = document if document is not None else Document.from_preset(preset or DEFAULT_PRESET)
        if lesson is not None:
            self.lesson = self.lesson_opened(lesson, at_start)
        if path is not None:
            self.start_file(path, training, saved)
        else:
            self.saved_version = self.document.version  # nothing to lose yet
        self.autosaver = Autosaver()
        # Set by ``nnwb``: the last autosave is written after the terminal is restored, so that
        # Ctrl+Q leaves the screen at once even when a large network takes seconds to write.
        self.finish_after_exit = False
        self.finish_autosave: Callable[[], None] | None = None
        self.autosaver.written = self._autosave_key()  # as opened: nothing to write until a change
        self._autosave_error = ""
        # Work a session that did not end cleanly left: offered after the first frame.
        # A directory listing and a few stats; nothing is read before the first frame.
        found = leftovers(self.autosaver.folder)
        self.offer = found[0] if found else None
        self.autosaver.replaces = found[:1]  # only the work offered: the others are offered next time
        self.explain_cell = (0, 0)
        self.refused = ""
        self._keys_state: tuple[bool, bool, bool] = (False, False, False)
        self._panels: dict[str | type[Widget], Widget] = {}
        self._borders: dict[str, tuple[str, str | None]] = {}
        self.key_gate = KeyGate(self, super().on_event)

    # ------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        # The layout class is set before the widgets are styled: applying it after the first
        # resize (as HORIZONTAL_BREAKPOINTS does) would style every widget twice at start-up.
        self.screen.set_class(self.size.width < self.NARROW_BELOW, "-narrow")
        yield Header()
        yield ShapeChain(id="chain")
        with Columns(id="body"):
            with Column(id="left"):
                network = LayerActions(id="network")
                network.border_title = "Network"
                yield network
                explain = ExplainPanel(id="explain")
                explain.border_title = "Explain"
                yield explain
            with Column(id="middle"):
                with Columns(id="inputs-row"):
                    yield InputsEditor("inputs", id="inputs", row_prefix="s", column_prefix="f")
                    yield MatrixEditor("labels", id="labels", cell_width=LABEL_CELL_WIDTH, row_prefix="s", column_prefix="y")
                yield WeightsEditor("weights", id="weights")
                yield MatrixEditor("biases", id="biases", column_prefix="n")
            with Column(id="right"):
                yield MatrixGrid(id="z", row_prefix="s", column_prefix="n")
                yield MatrixGrid(id="output", row_prefix="s", column_prefix="n")
                yield MatrixGrid(id="results", row_prefix="s", column_prefix="o")
                yield Static(id="summary")
        yield ErrorPanel(id="errors")
        yield LessonPanel(id="lesson")
        yield KeysFooter()

    async def on_event(self, event: events.Event) -> None:
        # Keys and pastes from the terminal are handed on one at a time (tui/keys/key_gate.py).
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
        for panel_id, title in (("#inputs", "Inputs"), ("#weights", "Weights"), ("#z", "Outputs"), ("#results", "Network output")):
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

    # --------------------------------------------------------- autosave, quit
    def start_autosave(self) -> None:
        saver = self.autosaver
        saver.open(self.file_path)
        self.set_interval(self.AUTOSAVE_EVERY_S, self._autosave_tick, name="autosave")
        if self.offer is not None:
            self._offer_recovery(self.offer)

    def _autosave_key(self) -> tuple[int, Path | None]:
        """Which state an autosave holds: the document's version (every change bumps it,
        undo too) and the file it belongs to (named in the marker)."""
        return (self.document.version, self.file_path)

    def _autosave_tick(self) -> None:
        """Every AUTOSAVE_EVERY_S: after a change, a copy of the document is written by a
        thread. Never while training runs: its thread changes the weights in place."""
        saver = self.autosaver
        if saver.busy:
            return
        if saver.error != self._autosave_error:  # said once per new failure, and when it works again
            self._autosave_error = saver.error
            if saver.error:
                self.notify(f"Autosave failed ({saver.error}); nnwb keeps trying.",
                            title="Autosave", severity="error", timeout=10, markup=False)
        if self._autosave_key() == saver.written or self.command_state().running:
            return
        saver.save_soon(self.document, self.training_settings(), self._autosave_key(), self.file_path)

    def on_unmount(self) -> None:
        """The session ends. Cleanly (Ctrl+Q, SIGTERM, SIGHUP): the marker goes, unless
        work never saved to a file is left for the next start to offer. After an error the
        latest state is written and the marker stays, so the next start offers it."""
        saver = self.autosaver
        if not saver.opened:
            return
        crashed = self._exception is not None
        # Unsaved changes to a named file reach here only by a signal (Ctrl+Q asks first).
        keep = crashed or self.unsaved()
        # The state as it is now; writing it can wait until the terminal is back.
        final = (snapshot(self.document), self.training_settings(), self._autosave_key(), self.file_path) if keep else None

        def finish() -> None:
            if final is not None:
                saver.save_now(*final)
            saver.stop()
            if not crashed:
                saver.close(keep=keep)

        if self.finish_after_exit:
            self.finish_autosave = finish
        else:
            finish()

    def _offer_recovery(self, leftover: Leftover) -> None:
        from tui.screens.choice import Answer, ChoiceScreen

        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(leftover.modified))
        named = leftover.named()
        what = f"your changes to {named}" if named else "work that was never saved to a file"
        if leftover.ended_cleanly():  # Ctrl+Q (or a closed terminal) with work kept: no crash
            message = f"Last time nnwb ended with {what} kept for you: it had autosaved it at {when}."
        else:
            message = f"nnwb did not end cleanly last time (killed or crashed). It had autosaved {what} at {when}."
        answers = [Answer("enter", "Enter", "Restore it", "restore"), Answer("escape", "Escape", "Start fresh", "fresh")]

        def chosen(answer: str | None) -> None:
            if answer == "restore":
                self.restore(leftover)
            else:
                self.autosaver.declined = True

        self.push_screen(ChoiceScreen("Restore your work?", message, answers, "recover"), chosen)

    def restore(self, leftover: Leftover) -> None:
        """The autosaved work, as one edit (Ctrl+Z gives back the fresh start), not yet in
        any file: Ctrl+S or Ctrl+Q asks where."""
        from tui.files.session_file import SessionFileError, load

        try:
            document, training = load(leftover.autosave)
        except (SessionFileError, OSError) as error:
            self.notify(f"The autosave could not be read: {error}", title="Not restored", severity="error",
                        timeout=10, markup=False)
            self.autosaver.declined = True
            return
        self._take(document)
        self.restore_lesson(leftover.lesson())  # the work comes back under its own lesson, or none
        self.start_file(leftover.named(), training, saved=False)
        self.render_document()
        self.notify("Restored the autosaved work.", timeout=4)

    async def action_quit(self) -> None:
        """Ctrl+Q. Unsaved changes to a named file: save, discard or cancel. Work never
        named needs no question: it stays in the autosave, offered at the next start."""
        if self.file_path is None or not self.unsaved():
            self.exit()
            return
        if self.screen.id == "quit":
            return  # already asking
        from tui.screens.choice import Answer, ChoiceScreen

        answers = [Answer("s", "s", "Save and quit", "save"), Answer("d", "d", "Discard the changes and quit", "discard"),
                   Answer("escape", "Escape", "Cancel: back to the work", "cancel")]
        message = f"{self.file_path.name} has unsaved changes."

        def chosen(answer: str | None) -> None:
            if answer == "save":
                if self.command_state().running:  # its thread is changing the weights in place
                    self.notify("Training is running: pause it (space), then Ctrl+Q again to save.",
                                title="Not saved", severity="warning", timeout=8)
                elif self.save_document():
                    self.exit()
            elif answer == "discard":
                self.saved_version = self.document.version  # nothing left to keep
                self.exit()

        self.push_screen(ChoiceScreen("Quit nnwb?", message, answers, "quit"), chosen)

    def save_document(self) -> bool:
        """Write the document to its file; False (and why, on screen) if it could not."""
        assert self.file_path is not None
        try:
            self.save_to(self.file_path)
        except OSError as error:
            self.notify(str(error), title="Not saved",
                        severity="error", timeout=10, markup=False)
            return False
        return True

    # ------------------------------------------------------------------ render
    def _panel(self, selector: str | type[Widget]) -> Any:
        """A panel of the main screen, looked up once (every edit redraws them all)."""
        widget = self._panels.get(selector)
        if widget is None:
            widget = self._panels[selector] = self.query_one(selector)
        return widget

    def _set_border(self, selector: str, title: str, subtitle: str | None = None) -> None:
        """Border texts, set only when they change: setting one repaints the whole panel."""
        key = (title, subtitle)
        if self._borders.get(selector) != key:
            self._borders[selector] = key
            panel = self._panel(selector)
            panel.border_title = title
            if subtitle is not None:
                panel.border_subtitle = subtitle

    def render_document(self) -> None:
        """Every panel from (document, trace): the only place panels are updated."""
        doc = self.document
        try:
            chain = self.query_one(ShapeChain)  # also the guard below
        except NoMatches:
            return  # shutting down: a message queued behind the quit found the panels gone
        trace = doc.trace
        error = trace.error
        self.sub_title = self._subtitle()
        self.show_file_title()
        chain.show(doc)
        self._panel(NetworkPanel).show(doc)
        sample, neuron = self.explain_cell

        inputs = self._panel("#inputs")
        x_axis = 1 if error is not None and error.operation == "dot" and error.layer == 1 else None
        inputs.set_caption(self._title("X", doc.inputs.shape, "rows: samples, columns: features", x_axis is not None))
        inputs.show(doc.inputs, error_axis=x_axis, highlight_rows=[sample] if doc.selected == 0 else [])

        labels = self._panel("#labels")
        if labels.display != (doc.labels is not None):
            labels.display = doc.labels is not None
        if doc.labels is not None:
            label_bad = error is not None and error.operation in ("labels", "class index")
            labels.set_caption(self._title("y", doc.labels.shape, "", label_bad))
            # A linear output's targets are any numbers (-0.375): as wide as the inputs' cells.
            labels.cell_width = 9 if doc.labels.dtype.kind == "f" else LABEL_CELL_WIDTH
            labels.show(doc.labels.reshape(-1, 1).astype(float), error_axis=0 if label_bad else None)

        self._render_layer(doc, sample, neuron)
        self._render_results(doc)
        self._panel(ExplainPanel).show(doc, sample, neuron)
        self._panel(ErrorPanel).show(doc, self.refused)
        self.show_lesson()
        tell_tab(self)  # a browser tab's own notes (nnwb serve); nothing in a terminal
        # Step, fix and lesson keys come and go with the state: the footer must follow, but
        # rebuilding it is costly, so only when they do.
        keys_state = (doc.step is not None, error is not None and error.fix_action is not None, self.lesson is not None)
        if keys_state != self._keys_state:
            self._keys_state = keys_state
            self.refresh_bindings()

    def _subtitle(self) -> str:
        doc = self.document
        preset = PRESETS[doc.preset].title if doc.preset in PRESETS else "your network"
        mode = "nnfs mode, float32" if doc.dtype == np.float32 else "float64"
        if doc.step is not None:
            return f"{preset} · STEP layer {doc.step.layer + 1}: {doc.step.stage_name} · {mode}"
        return f"{preset} · {mode}"

    @staticmethod
    def _title(name: str, shape: tuple[int, ...], note: str, bad: bool = False) -> Text:
        text = Text()
        text.append(f"{name} ", "bold")
        text.append(shape_text(tuple(shape)), "bold white on red" if bad else "bold")
        if note:
            text.append(f"  {note}", "dim")
        return text

    def _render_layer(self, doc: Document, sample: int, neuron: int) -> None:
        index = doc.selected
        number = index + 1
        step = doc.network.steps[index]
        error = doc.trace.error
        here = error is not None and error.layer == number
        dot_bad = here and error is not None and error.operation == "dot"
        bias_bad = here and error is not None and error.operation == "add bias"

        weights = self._panel("#weights")
        init = doc.inits[index]
        self._set_border(
            "#weights",
            f"Layer {number} weights and biases",
            f"i: redraw with seed {init.seed}, scale {format_number(init.scale)}",
        )
        shown = doc.weights_shown()
        if doc.weights_view == "stored":
            name, note, prefix_rows, prefix_columns = f"W{number}", "as stored: (inputs, neurons)", "i", "n"
            w_axis = 0 if dot_bad else (1 if bias_bad else None)
            rows, columns = [], [neuron]
        else:
            # Named as what it is, W1ᵀ: "W1 (3, 4)" here contradicted "W1 (4, 3)" in the shapes line.
            name, note, prefix_rows, prefix_columns = f"W{number}ᵀ", f"one row per neuron (W{number} transposed, as the notes write it)", "n", "i"
            w_axis = 1 if dot_bad else (0 if bias_bad else None)
            rows, columns = [neuron], []
        weights.row_prefix, weights.column_prefix = prefix_rows, prefix_columns
        weights.set_caption(self._title(name, shown.shape, note, dot_bad))
        weights.show(shown, error_axis=w_axis, highlight_rows=rows, highlight_columns=columns)

        biases = self._panel("#biases")
        # Its row is named, not numbered: a "0" there read as a value (a mistaken (2, 3) shows b0, b1).
        biases.one_row_label, biases.row_prefix = "b", "b"
        biases.set_caption(self._title(f"b{number}", step.dense.biases.shape, "one bias per neuron", bias_bad))
        biases.show(step.dense.biases, error_axis=1 if bias_bad else None, highlight_columns=[neuron])

        z = self._panel("#z")
        output = self._panel("#output")
        self._set_border("#z", f"Layer {number} outputs")
        records = doc.trace.records
        if index >= len(records):
            z.set_caption(Text(f"z of layer {number}", "bold"))
            z.show(None, placeholder="not computed: the shapes do not fit")
            output.set_caption(Text("output", "bold"))
            output.show(None, placeholder="not computed")
            return
        record = records[index]
        if not doc.computed(index, 1):
            # The columns are X's features (f0, as in the inputs panel) or the previous layer's
            # neurons: headed n0 with no word, they read as this layer's neurons.
            if index == 0:
                z.column_prefix, source = "f", "X (columns: features)"
            else:
                z.column_prefix, source = "n", f"layer {index}'s output (columns: its neurons)"
            z.set_caption(self._title("inputs", record.inputs.shape, f"= {source}"))
            z.show(record.inputs)
        elif not doc.computed(index, 2):
            z.column_prefix = "n"
            z.set_caption(self._title(f"inputs · W{number}", record.product.shape, "before the bias"))
            z.show(record.product)
        else:
            z.column_prefix = "n"
            z.set_caption(self._title(f"z = inputs · W{number} + b{number}", record.z.shape, "before the activation"))
            z.show(record.z)
        if doc.computed(index, 3):
            word = ACTIVATION_WORDS[record.activation]
            output.set_caption(self._title("output", record.output.shape, word))
            output.show(record.output)
        else:
            output.set_caption(Text("output", "bold"))
            activation = "no activation here" if step.activation.name == "linear" else step.activation.label
            output.show(None, placeholder=f"not yet computed: the activation comes last ({activation})")

    def _render_results(self, doc: Document) -> None:
        trace = doc.trace
        results = self._panel("#results")
        summary = self._panel("#summary")
        last = len(doc.network) - 1
        final = trace.output
        if final is None or not doc.computed(last, 3) or len(trace.records) < len(doc.network):
            results.set_caption(Text("final output", "bold"))
            results.show(None, placeholder="not yet computed" if doc.step is not None else "not computed")
            update_text(summary, "")
            return
        columns: list[tuple[str, list[str | float]]] = []
        if trace.predictions is not None and trace.labels is not None and not not_scored_reason(trace):
            columns = result_columns(trace)
        results.set_caption(self._title("final output", final.shape, "one row per sample"))
        results.show(final, text_columns=columns)
        update_text(summary, summary_text(doc))

    # ------------------------------------------------------------------ events
    @on(MatrixEditor.CellEdited)
    def _cell_edited(self, event: MatrixEditor.CellEdited) -> None:
        try:
            self.document.set_cell(event.editor.matrix, event.row, event.column, event.text)  # type: ignore[arg-type]
        except EditRefused as refusal:
            event.editor.refuse(str(refusal))
            self._show_refusal(f"{event.editor.matrix}[{event.row}, {event.column}]: {refusal}")
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
            grid = self._panel(panel_id)
            if grid is not event.grid:
                grid.cursor_row, grid.cursor_column = event.row, event.column
        self.render_document()

    @on(NetworkPanel.LayerSelected)
    def _layer_selected(self, event: NetworkPanel.LayerSelected) -> None:
        if event.index != self.document.selected:
            self.document.select_layer(event.index)
            self.render_document()

    def _show_refusal(self, message: str) -> None:
        """A refused change, in full in the errors panel; nothing else changed, so nothing else redraws."""
        self.refused = message
        self._panel(ErrorPanel).show(self.document, message)

    # ----------------------------------------------------------------- actions
    def _apply(self, change: Callable[..., object], *args: object) -> object:
        """Run a document change; a refusal is shown in the error panel and changes nothing."""
        try:
            result = change(*args)
        except EditRefused as refusal:
            self._show_refusal(str(refusal))
            self.bell()
            return None
        self.refused = ""
        self.render_document()
        return result

    def action_train(self) -> None:
        """The training view, on this document's network; its weights are trained in place."""
        from tui.screens.training import TrainingScreen
        from tui.training.session import TrainingSession

        if self.training_open():  # one training view, one worker, ever
            self.notify("The training view is already open.", timeout=3)
            return
        session = getattr(self, "training_session", None) or TrainingSession()
        self.training_session = session
        self.push_screen(TrainingScreen(self.document, session), lambda _: self.render_document())

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self._front(), HelpScreen):  # Keys from the palette over the help: it is open
            self.push_screen(HelpScreen())

    def action_presets(self) -> None:
        def chosen(name: str | None) -> None:
            if name:
                self.load_preset(name)

        from tui.screens.presets import PresetScreen

        self.push_screen(PresetScreen(self.document.preset), chosen)

    def action_load_preset(self, name: str) -> None:
        self.load_preset(name)

    def load_preset(self, name: str) -> None:
        self.explain_cell = (0, 0)
        self._apply(self.document.load_preset, name)

    def action_toggle_step(self) -> None:
        if self.document.step is None:
            self._apply(self.document.start_stepping)
        else:
            self._apply(self.document.stop_stepping)

    def action_step_next(self) -> None:
        if not self._apply(self.document.step_forward):
            self.notify("The forward pass is complete: Escape leaves step mode.", timeout=3)

    def action_step_back(self) -> None:
        self._apply(self.document.step_back)

    def action_leave_step(self) -> None:
        if self.document.step is not None:
            self._apply(self.document.stop_stepping)

    def action_fix(self) -> None:
        done = self._apply(self.document.fix_error)
        if done:
            self.notify(str(done), title="Fixed", timeout=4)

    def action_undo(self) -> None:
        if not self._apply(self.document.undo):
            self.notify(self.document.undo_note("undo"), timeout=4)

    def action_redo(self) -> None:
        if not self._apply(self.document.redo):
            self.notify(self.document.undo_note("redo"), timeout=3)

    def action_select_layer(self, delta: int) -> None:
        self._apply(self.document.select_layer, self.document.selected + delta)

    def action_add_layer(self) -> None:
        self._apply(self.document.add_layer)

    def action_remove_layer(self) -> None:
        note = self._apply(self.document.remove_layer)
        if note:
            self.notify(str(note), timeout=6)

    def action_cycle_activation(self) -> None:
        self._apply(self.document.cycle_activation)

    def action_toggle_view(self) -> None:
        self._apply(self.document.toggle_view)

    def action_transpose(self) -> None:
        self._apply(self.document.transpose_weights)

    def action_add_sample(self) -> None:
        self._apply(self.document.add_sample)

    def action_remove_sample(self) -> None:
        self._apply(self.document.remove_sample, self.query_one("#inputs", MatrixEditor).cursor_row)

    def action_add_feature(self) -> None:
        said = self._apply(self.document.add_feature)
        if said:  # not at the end: say where, and why
            self.notify(str(said), timeout=6)

    def action_remove_feature(self) -> None:
        self._apply(self.document.remove_feature, self.query_one("#inputs", MatrixEditor).cursor_column)

    def action_toggle_labels(self) -> None:
        self._apply(self.document.toggle_labels)

    def action_resize_weights(self, axis: int, delta: int) -> None:
        doc = self.document
        stored_axis = axis if doc.weights_view == "stored" else 1 - axis
        if delta < 0:  # the row or column under the cursor, as in the inputs
            editor = self.query_one("#weights", MatrixEditor)
            at = editor.cursor_row if axis == 0 else editor.cursor_column  # shown axis = stored_axis
            remove = doc.remove_layer_input if stored_axis == 0 else doc.remove_layer_neuron
            self._apply(remove, doc.selected, at)
            return
        sizes = list(doc.layer.dense.weights.shape)
        sizes[stored_axis] += delta
        said = self._apply(doc.resize_layer, doc.selected, sizes[0], sizes[1])
        if said:  # not at the end: say where, and why
            self.notify(str(said), timeout=6)

    def action_edit_sizes(self) -> None:
        from tui.screens.dialogs import FormScreen, whole_number

        doc = self.document
        n_inputs, n_neurons = doc.layer.dense.weights.shape
        number = doc.selected + 1

        def apply(values: list[str]) -> str:
            inputs = whole_number(values[0], "the inputs")
            neurons = whole_number(values[1], "the neurons")
            said = doc.resize_layer(doc.selected, inputs, neurons)
            return f"layer {number} is now Dense {inputs} → {neurons}" + (f"; {said}" if said else "")

        fields = [("layer-inputs", "Inputs (values per sample coming in)", str(n_inputs)),
                  ("layer-neurons", "Neurons (values going out)", str(n_neurons))]
        self.push_screen(FormScreen(f"Layer {number} sizes", fields, apply), self._form_done)

    def action_reinitialise(self) -> None:
        from tui.screens.dialogs import FormScreen, real_number, whole_number

        doc = self.document
        init = doc.inits[doc.selected]
        number = doc.selected + 1

        def apply(values: list[str]) -> str:
            seed = whole_number(values[0], "the seed")
            scale = real_number(values[1], "the scale", "0.01")
            doc.reinitialise(seed, scale)
            return f"layer {number}: weights = {scale:g} * randn after np.random.seed({seed}), biases 0"

        fields = [("init-seed", "Seed (np.random.seed)", str(init.seed)),
                  ("init-scale", "Scale (weights = scale * randn)", format_number(init.scale))]
        self.push_screen(FormScreen(f"Re-initialise layer {number}", fields, apply), self._form_done)

    def action_set_dropout(self) -> None:
        from tui.screens.dialogs import FormScreen, real_number

        doc = self.document
        number = doc.selected + 1

        def apply(values: list[str]) -> str:
            rate = real_number(values[0], "the dropout rate", "0.1")
            doc.set_dropout(rate)
            if rate == 0:
                return f"layer {number}: no dropout"
            return f"layer {number}: dropout {exact_number(rate)} after its activation, on while training only"

        fields = [("dropout-rate", "Rate: the fraction of its outputs dropped while training (0: none)",
                   exact_number(doc.layer.dropout))]
        self.push_screen(FormScreen(f"Dropout after layer {number}", fields, apply), self._form_done)

    def _form_done(self, done: str | None) -> None:
        if done:
            self.refused = ""
            self.render_document()
            self.notify(done, timeout=4)

    # ---------------------------------------------------------------- commands
    def training_open(self) -> bool:
        return any(getattr(screen, "COMMAND_SCREEN", "") == TRAINING for screen in self.screen_stack)

    def _front(self) -> Screen:
        """The screen in front, the command palette aside (its commands are for the screen under it)."""
        return next((s for s in reversed(self.screen_stack) if not isinstance(s, CommandPalette)), self.screen)

    def command_state(self) -> State:
        """Which screen is in front and whether training runs."""
        front = self._front()
        kind = WORKBENCH if front is self.screen_stack[0] else getattr(front, "COMMAND_SCREEN", DIALOG)
        running = any(getattr(s, "COMMAND_SCREEN", "") == TRAINING and getattr(s, "running", False) for s in self.screen_stack)
        return State(kind, self.training_open(), running, partial(self._holds, front))

    def _holds(self, front: Screen, when: str) -> bool:
        doc = self.document
        if when == "step":
            return doc.step is not None
        if when == "fix":
            error = doc.trace.error
            return error is not None and error.fix_action is not None
        if when == "fixable":
            return bool(getattr(front, "fixable", False))
        if when == "lesson":
            return self.lesson is not None
        return False

    def run_command(self, name: str) -> bool:
        """The one gate every command passes, from a key, the palette or a click on the footer:
        it runs the command if the table allows it now, and otherwise says why and changes nothing."""
        command = BY_NAME[name]
        reason = refusal(command, self.command_state())
        if reason:
            self.notify(reason, title="Not now", severity="warning", timeout=5, markup=False)
            return False
        target: Any = self._front() if command.screen == TRAINING else self
        method = getattr(target, f"action_{command.action}")
        # Recorded before it runs: the redraw it makes asks the lesson's tasks with it.
        lesson = self.lesson
        new_event = lesson is not None and lesson.record_command(name)
        if inspect.iscoroutinefunction(method):
            self.call_next(method, *command.args)  # Textual's own (quit): awaited in the app's loop
        else:
            method(*command.args)
        if new_event and lesson is self.lesson and not self.training_open():
            self.show_lesson()  # a command that draws nothing (help, the palette) may still tick a task
        return True

    def action_run_command(self, name: str) -> None:
        self.run_command(name)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A table key is live when the screen in front offers its command (Textual's own
        actions, Tab among them, are always live). A command refused only because training
        runs stays live, so that its key says why."""
        if action != "run_command":
            return True
        command = BY_NAME.get(str(parameters[0])) if parameters else None
        return command is not None and offered(command, self.command_state())

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """An SVG of the screen, saved where the user can find it; the notification says where."""
        from tui.files.paths import screenshot_folder

        folder = Path(path).expanduser() if path else screenshot_folder()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            saved = self.save_screenshot(filename, str(folder))
        except OSError as error:
            self.notify(f"Could not save the screenshot in {folder}: {error.strerror or error}",
                        title="Screenshot", severity="error", markup=False)
            return
        self.notify(f"Saved the screen as {Path(saved).resolve()}", title="Screenshot", timeout=10, markup=False)

    # ---------------------------------------------------------- command palette
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The table's commands; one the screen cannot run now says why, and is listed only
        when searched for. Textual's own Keys and Screenshot are replaced by the table's."""
        for command in super().get_system_commands(screen):
            if command.title in ("Maximize", "Minimize"):
                yield command
        state = self.command_state()
        for command in COMMANDS:
            if not command.title:
                continue
            reason = refusal(command, state, named=False)
            where = f" in the {command.panel}" if command.panel else ""
            hint = f" ({keys_text(command)}{where})" if command.keys else ""
            help_text = f"not now: {reason}" if reason else command.help + hint
            yield SystemCommand(command.title, help_text, partial(self.run_command, command.name), discover=not reason)


def result_columns(trace: Trace) -> list[tuple[str, list[str | float]]]:
    """The columns beside the final output: what the loss in use compares, sample by sample.

    Classes (softmax, ReLU) and binary outputs: the prediction, the label, ✓ or ✗; a
    regression's prediction is the output itself, so only its target. Then each sample's
    loss (and, for softmax, the confidence in the label). Numbers stay numbers, not text:
    the grid fits them to the cell (a cut "0.0063906" read ".0063906").
    """
    assert trace.predictions is not None and trace.labels is not None
    columns: list[tuple[str, list[str | float]]] = []
    predictions, labels = np.asarray(trace.predictions), np.asarray(trace.labels)
    one_column = predictions.ndim == 1 or predictions.shape[1] == 1  # a label per sample
    if trace.loss_name in (SQUARED, ABSOLUTE):
        if one_column:
            columns.append(("y", [float(y) for y in labels.ravel()]))
    elif one_column:
        predicted, wanted = predictions.ravel().astype(int), labels.ravel().astype(int)
        columns.append(("pred", [str(p) for p in predicted]))
        columns.append(("y", [str(y) for y in wanted]))
        columns.append(("ok", ["✓" if p == y else "✗" for p, y in zip(predicted, wanted)]))
    if trace.confidences is not None:
        columns.append(("conf", [float(c) for c in trace.confidences]))
    if trace.sample_losses is not None:
        columns.append(("loss", [float(v) for v in trace.sample_losses]))
    return columns


def summary_text(doc: Document) -> Text:
    trace = doc.trace
    text = Text()
    unscored = not_scored_reason(trace)
    if unscored:
        # Never a score for numbers that overflowed: a NaN softmax once read "accuracy 1.0".
        text.append("Not scored: ", "bold red")
        text.append(f"{unscored}, so loss and accuracy would mean nothing. See the note below.")
        return text
    if trace.accuracy is None and doc.labels is not None:
        text.append("The labels do not fit the outputs: see the error below.", "dim")
        return text
    if trace.accuracy is None:
        text.append("Add labels (l in the inputs) to see predictions, loss and accuracy.", "dim")
        return text
    if trace.loss is not None:
        text.append("loss ", "bold")
        text.append(format_number(trace.loss, 6))
        text.append("  ")
    text.append("accuracy ", "bold")
    text.append(format_number(trace.accuracy, 4))
    text.append("  error rate ", "bold")
    text.append(format_number(trace.error_rate or 0.0, 4))
    text.append(" (errors / predictions)", "dim")
    if trace.loss is None:
        text.append("\nA ReLU output has no loss: f gives the last layer softmax (classes), "
                    "sigmoid (0 or 1) or none (numbers).", "dim")
    return text

