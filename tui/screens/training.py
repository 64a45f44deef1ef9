"""The training view: data, optimizer and settings; start, pause, one epoch, reset; live
curves, the decision boundary and the gradients.

Training runs in a thread worker that calls ``Trainer.train`` on the document's network,
in place, and posts a ``Progress`` message a few times a second with the new epochs'
figures and what the pictures need (the class map and gradients, computed in the worker
on a copy of the weights). The UI thread never touches the arrays while the worker runs.

The decisions are the UI-free ``tui.training``'s: the settings' one field table and parser
(``tui.training.settings``), the data (``tui.training.data``), the fit and the Trainer
(``tui.training.run``), the pictures (``tui.training.pictures``) and the status
(``tui.training.status``). This screen lays them out and runs the worker.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Input, Select, Static
from textual.worker import get_current_worker

from engine.divergence import TrainingDiverged
from engine.numbers import plural
from engine.training import EpochStats, Trainer
from tui.commands import TRAINING
from tui.document.state import Document, EditRefused
from tui.keys.bindings import bindings_for
from tui.screens.confirm import ConfirmScreen
from tui.training import data, run
from tui.training.pictures import Frame, Snapshot, frame_for, network_layers, pictures, snapshot
from tui.training.session import TrainingSession
from tui.training.settings import BOOK, Settings, form_problems, read_form, settings_of
from tui.training.status import Situation, optimizer_text, status_pieces
from tui.widgets.gradients_panel import GradientsPanel
from tui.widgets.keys_footer import KeysFooter
from tui.widgets.loss_chart import LossChart
from tui.widgets.training_form import TrainingForm
from tui.widgets.training_pictures import TrainingPictures

POST_EVERY = 0.33  # seconds between progress messages: three redraws a second


class TrainingScreen(Screen[None]):
    """Train the document's network; Escape or g goes back to the workbench."""

    CSS_PATH = "training.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    COMMAND_SCREEN = TRAINING  # the command table's name for this screen (tui.commands)
    # The keys come from the command table: each runs the app's one gate, run_command,
    # which applies the training lock (e.g. o and f wait while training runs).
    BINDINGS = [
        *bindings_for(TRAINING),
        # The table's Tab (focus_next, which Textual binds) as a priority key here: the app
        # takes it as it arrives, so that the keys typed after it in a burst (Tab Enter ↓
        # Enter) go to the setting Tab reached, not to the one it left.
        Binding("tab", "app.focus_next", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", show=False, priority=True),
    ]

    @dataclass
    class Progress(Message):
        """New epochs from the worker, and the pictures of the latest weights."""

        stats: list[EpochStats]
        snapshot: Snapshot | None

    @dataclass
    class Stopped(Message):
        """The worker ended: done, paused, diverged (``error``) or refused (``error``)."""

        stats: list[EpochStats]
        snapshot: Snapshot | None
        error: str = ""
        diverged: bool = False
        blames_rate: bool = True
        final: tuple[float | None, float] | None = None  # (loss, accuracy) of the weights now, as the workbench measures them
        ran: int = 0  # epochs this run trained; ``stats`` holds only those no progress message carried

    def __init__(self, document: Document, session: TrainingSession | None = None) -> None:
        super().__init__()
        self.document = document
        self.session = session if session is not None else TrainingSession()
        self.running = False
        self.problem = ""  # why training cannot start, shown in the status
        self.fixable = False
        self._pause_requested = False
        self._after_stop: str = ""  # "reset" or "leave"
        self._begun = False
        self._gradient_layer = 0
        # Where the pictures are drawn: the map's ranges, or a one-input, one-output
        # regression network's fitted curve's (then the curve shows instead of the map).
        self._frame = Frame()
        self._map_size = (40, 20)
        self._curve_count = 80  # how many x the curve is computed at
        self._curve: np.ndarray | None = None
        self._grid: np.ndarray | None = None
        self._started_at = 0.0
        self._started_epoch = 0
        self._rate = 0.0
        self._settings_dirty = True
        self._settings_seen: Settings | None = None
        self._status_lines = -1
        self._footer_keys: tuple[bool, bool] | None = None  # (running, fixable) the footer was drawn for

    # ------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="train-body"):
            yield TrainingForm(id="train-settings")
            with VerticalScroll(id="train-view") as view:
                view.border_title = "Training"
                yield Static(id="train-status")
                yield LossChart(id="train-chart")
                yield TrainingPictures(id="train-lower")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.sub_title = "training"
        self.session.take_hints(self.document.preset)
        saved = self.session.settings
        doc = self.document
        if not self.session.follows(doc.network, doc.inputs, doc.labels):
            # Undone, or another network: the old run's figures and trainer describe
            # weights the document no longer holds.
            self.session.forget()
        elif self.session.epochs:
            # The weights now (training's last update, or edits since), as the workbench
            # showed them: its trace is already computed for this version of the document.
            trace = doc.trace
            self.session.final = None if trace.accuracy is None else (trace.loss, trace.accuracy)
        data_name = saved.get("data") or ("current" if doc.labels is not None else "spiral")
        self.query_one(TrainingForm).fill(saved, data_name, doc.loss or "mse")
        self._show_fields()
        self._update_frame()
        if self.session.trainer is None:
            self._check_fit(self._read_settings(quiet=True))
        self._redraw_history()
        self._refresh_pictures_from_document()
        self._show_status()
        self.query_one("#train-view").focus()

    # ------------------------------------------------------------------ settings
    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.query_one(TrainingForm).show_hint(event.widget)

    def _show_fields(self) -> None:
        self.query_one(TrainingForm).show_fields(run.final_activation(self.document.network), self._loss_name())

    def _loss_choice(self) -> str | None:
        return run.loss_choice(self.document.network, self.document.loss)

    def _loss_name(self) -> str | None:
        return run.loss_name(self.document.network, self.document.loss)

    @on(Select.Changed, "#train-loss")
    def _loss_changed(self, event: Select.Changed) -> None:
        if event.value != event.select.value:
            return  # stale: posted at mount, before on_mount set the saved choice
        self._settings_dirty = True
        choice = str(event.value)
        if choice != (self.document.loss or "mse"):
            try:
                self.document.set_loss(choice)  # the workbench scores the output the same way; undo puts it back
            except EditRefused as refusal:
                self.notify(str(refusal), severity="error", timeout=4)
                return
        self._show_fields()
        if not self.running:
            self._refresh_pictures_from_document()
            self._show_status()

    @on(Select.Changed, "#train-optimizer")
    def _optimizer_changed(self, event: Select.Changed) -> None:
        if event.value != event.select.value:
            # Stale: posted when the Select mounted with its default, before on_mount set the
            # saved optimizer; taken, it would overwrite the saved learning rate and decay.
            return
        self._settings_dirty = True
        name = str(event.value)
        if self.session.settings.get("optimizer", "adam") != name:
            lr, decay = BOOK[name]
            self.query_one("#train-lr", Input).value = lr
            self.query_one("#train-decay", Input).value = decay
        self.session.settings["optimizer"] = name
        self._show_fields()
        if not self.running:
            self._show_status()  # the optimizer the next epoch uses

    @on(Select.Changed, "#train-data")
    def _data_changed(self, event: Select.Changed) -> None:
        self._settings_dirty = True
        self.session.settings["data"] = str(event.value)
        self._show_fields()
        if not self.running:
            self._check_fit(self._read_settings(quiet=True))
            self._show_status()

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        self._settings_dirty = True
        if event.input.id and event.input.id.startswith("train-"):
            self.session.settings[event.input.id.removeprefix("train-")] = event.value
            self._read_settings(only=event.input.id.removeprefix("train-"))
            if not self.running:
                self._show_status()  # a new rate: the next epoch's

    @on(Input.Submitted)
    def _input_submitted(self, event: Input.Submitted) -> None:
        if self._read_settings() is not None and not self.running:
            self._check_fit(self._read_settings(quiet=True))
            self._show_status()
        self.query_one("#train-view").focus()

    def _read_settings(self, quiet: bool = False, only: str | None = None) -> Settings | None:
        """The form as Settings (``read_form``: the settings' one parser), or None; each bad
        field says why beside it (unless quiet)."""
        form = self.query_one(TrainingForm)
        values, refused = read_form(form.text(), self.document.labels is not None)
        errors = form_problems(values, refused)
        form.show_errors(errors, quiet, only)
        if errors:
            return None
        if "momentum" in refused:
            # A momentum left unused (not SGD) and refused counts as 0, as it always has:
            # it is part of the optimizer's key (TrainingSession.optimizer_key).
            values["momentum"] = 0.0
        return settings_of(values)

    # ------------------------------------------------------------------ data and fit
    def _use_data(self, settings: Settings) -> bool:
        """Make the generated data the document's; False (with a problem) if it cannot be."""
        doc, session = self.document, self.session
        if settings.data == "current":
            if doc.labels is None:
                self.problem, self.fixable = data.NO_LABELS, False
                return False
            return True
        if self._data_in_place(settings):
            return True
        try:
            doc.use_data(*data.generated_data(settings, doc.dtype))
        except EditRefused as refusal:
            self.problem, self.fixable = str(refusal), False
            return False
        session.data_key = data.data_key(settings)
        self._update_frame()
        return True

    def _data_in_place(self, settings: Settings) -> bool:
        return data.data_in_place(settings, self.session.data_key, self.document.inputs)

    def _ask_to_replace_data(self, settings: Settings, epochs: int | None) -> None:
        """Generated data replaces the learner's inputs and labels: ask first."""
        doc = self.document
        name = settings.data
        message = data.replace_question(settings, doc.inputs, doc.labels is not None)

        def answered(use: bool | None) -> None:
            if use:
                self._start(epochs, data_confirmed=True)
                return
            self.problem, self.fixable = data.declined(name, doc.labels is not None), False
            self._show_status()

        self.app.push_screen(ConfirmScreen(f"Train on {name} data?", message, f"use {name} data"), answered)

    def _check_fit(self, settings: Settings | None) -> bool:
        """Whether the network fits the data; if not, says why in the data's terms (and whether f fits it)."""
        self.problem, self.fixable = "", False
        doc = self.document
        if settings is None:
            return False
        if settings.data == "current" and doc.labels is None:
            return self._use_data(settings)
        self.problem, self.fixable = run.fit_check(doc.network, settings, doc.inputs, doc.labels, doc.loss)
        return not self.problem

    def action_fit(self) -> None:
        """Resize the first layer's inputs and the last layer's neurons to the data; softmax last."""
        if self.running:
            return
        settings = self._read_settings()
        if settings is None:
            return
        doc = self.document
        fit = run.fit_for(doc.network, settings, doc.inputs, doc.labels)
        try:
            doc.fit(fit.features, fit.outputs, fit.last_activation)  # all or nothing, one undo step
        except EditRefused as refusal:
            self.problem, self.fixable = f"f cannot fit the network to this data: {refusal}", False  # say why; offer f no more
            self._show_status()
            return
        self.notify(
            f"The network now takes {plural(fit.features, 'input')} and gives {plural(fit.outputs, 'output')}, "
            f"{fit.last_activation} last.",
            timeout=3,
        )
        self._show_fields()  # the loss follows the last activation
        self._check_fit(settings)
        self._refresh_pictures_from_document()
        self._show_status()

    def _update_frame(self) -> None:
        doc = self.document
        self._frame = frame_for(doc.network, doc.inputs, doc.labels, self._loss_name())

    # ------------------------------------------------------------------ the trainer
    def _prepare(self) -> Trainer | None:
        """The Trainer to continue with, or a new one if the data, network or settings changed."""
        settings = self._read_settings()
        if settings is None:
            self.problem, self.fixable = "A setting is not valid: see the message under it.", False
            return None
        if not self._use_data(settings) or not self._check_fit(settings):
            return None
        doc, session = self.document, self.session
        try:
            trainer = run.prepared_trainer(session, doc.network, doc.inputs, doc.labels, settings, self._loss_choice())
        except ValueError as error:  # ShapeError too
            self.problem, self.fixable = str(error), False
            return None
        trainer.book_rate = run.book_rate(doc.preset, settings.optimizer)
        self.problem = ""
        session.diverged = ""
        self._update_frame()
        return trainer

    def _start(self, epochs: int | None, data_confirmed: bool = False) -> None:
        if self.running:
            return
        settings = self._read_settings(quiet=True)
        if settings is not None and not data_confirmed and not self._data_in_place(settings):
            self._ask_to_replace_data(settings, epochs)
            return
        trainer = self._prepare()
        if trainer is None:
            self._show_status()
            self.app.bell()
            return
        settings = self._read_settings(quiet=True)
        assert settings is not None
        count = 1 if epochs is None else settings.epochs - trainer.epoch
        if count <= 0:
            self.problem = f"All {settings.epochs} epochs are done: raise the epochs to go on, or reset (z)."
            self._show_status()
            return
        if not self._begun:
            self.document.begin_training()
            self._begun = True
        self.session.run_begins(self.document.network)
        self.session.final = None
        self.running, self._pause_requested = True, False
        self._started_at, self._started_epoch = time.monotonic(), trainer.epoch
        self._map_size, self._curve_count = self.query_one(TrainingPictures).sizes()
        self.query_one("#train-loss").disabled = True  # the run's loss is the trainer's until it stops
        self._show_status()
        self._train(trainer, count, self._loss_choice())

    @work(thread=True, exclusive=True, group="training")
    def _train(self, trainer: Trainer, epochs: int, choice: str | None) -> None:
        worker = get_current_worker()
        pending: list[EpochStats] = []
        ran = 0
        last_post = time.monotonic()

        def stopping() -> bool:
            # Consulted between epochs and, in a heavy epoch, between its slices: a
            # pause, leaving the screen or quitting the app is answered within a slice.
            return worker.is_cancelled or self._pause_requested

        def pictures_now() -> Snapshot | None:
            # The pictures cost a forward pass of the map's points: not for a screen
            # that is going away.
            return None if worker.is_cancelled or self._after_stop == "leave" else self._snapshot(trainer)

        inputs, labels = self.document.inputs, self.document.labels

        def final() -> tuple[float | None, float] | None:
            # The weights now, after the run's last update, measured as the workbench
            # measures them (its own forward pass, on all the document's samples), so the
            # two show the same figures. Not for a screen that is going away.
            if worker.is_cancelled or self._after_stop == "leave" or labels is None:
                return None
            with np.errstate(all="ignore"):
                trace = trainer.network.forward_trace(inputs, labels, loss=choice)
            return None if trace.accuracy is None else (trace.loss, trace.accuracy)

        try:
            for stats in trainer.train(epochs, stop=stopping):
                pending.append(stats)
                ran += 1
                now = time.monotonic()
                if now - last_post >= POST_EVERY and not stopping():
                    self.post_message(self.Progress(pending, self._snapshot(trainer)))
                    pending, last_post = [], now
        except TrainingDiverged as error:
            self.post_message(
                self.Stopped(pending, pictures_now(), str(error), diverged=True, blames_rate=error.blames_rate, final=final(),
                             ran=ran)
            )
            return
        except ValueError as error:  # ShapeError too
            self.post_message(self.Stopped(pending, None, str(error), ran=ran))
            return
        self.post_message(self.Stopped(pending, pictures_now(), final=final(), ran=ran))

    def _snapshot(self, trainer: Trainer) -> Snapshot:
        """In the worker: the gradients and pictures of a copy of the current weights."""
        return snapshot(trainer, self._frame, self._map_size, self._curve_count)

    # ------------------------------------------------------------------ messages
    def on_training_screen_progress(self, message: Progress) -> None:
        self._take(message.stats, message.snapshot)

    def on_training_screen_stopped(self, message: Stopped) -> None:
        self.running = False
        self.query_one("#train-loss").disabled = False
        self._take(message.stats, message.snapshot)
        self.session.final = message.final
        if message.diverged:
            if self.session.trainer is not None:  # the figures of the epochs it undid go
                self.session.rewind(self.session.trainer.epoch)
            self.session.diverged = message.error
            self.session.diverged_blames_rate = message.blames_rate
        elif message.error:
            self.problem = message.error
        self.document.training_changed()
        self.session.run_ended(self.document.network)
        after, self._after_stop = self._after_stop, ""
        if after == "reset":
            self.action_reset()
        elif after == "leave":
            self.dismiss(None)
            return
        self._show_status()

    def _take(self, stats: list[EpochStats], snapshot: Snapshot | None) -> None:
        self.session.add(stats)
        if stats:
            elapsed = time.monotonic() - self._started_at
            done = (stats[-1].epoch + 1) - self._started_epoch
            self._rate = done / elapsed if elapsed > 0 else 0.0
            self._redraw_history()
        if snapshot is not None:
            self._show_snapshot(snapshot)
        self._show_status()

    # ------------------------------------------------------------------ drawing
    def _planned(self) -> int:
        settings = self._settings_now()
        return settings.epochs if settings is not None else 0

    def _settings_now(self) -> Settings | None:
        """The form's settings, read again only after a field changed (cheap while training)."""
        if self._settings_seen is None or self._settings_dirty:
            self._settings_seen = self._read_settings(quiet=True)
            self._settings_dirty = False
        return self._settings_seen

    def _redraw_history(self) -> None:
        s = self.session
        series = {("loss", "train"): s.loss, ("accuracy", "train"): s.accuracy}
        if any(not math.isnan(v) for v in s.val_loss[-1:]):
            series[("loss", "val")] = s.val_loss
            series[("accuracy", "val")] = s.val_accuracy
        self.query_one(LossChart).show(s.epochs, series, self._planned())

    def _show_snapshot(self, snapshot: Snapshot) -> None:
        self._grid, self._curve = snapshot.grid, snapshot.curve
        self._show_map()
        self.query_one(GradientsPanel).show(self._gradient_layer, snapshot.gradients, snapshot.ratios, snapshot.scales)

    def _show_map(self) -> None:
        doc = self.document
        self.query_one(TrainingPictures).show_map(
            self._frame, self._grid, self._curve, doc.network, doc.inputs, doc.labels, self.problem
        )

    def _refresh_pictures_from_document(self) -> None:
        """Not training: draw from the document's own weights (the UI thread owns them now)."""
        if self.running:
            return
        self._update_frame()  # the network may be another shape since (f, or edits in the workbench)
        size, count = self.query_one(TrainingPictures).sizes()
        self._grid, self._curve = pictures(network_layers(self.document.network), self._frame, size, count)
        self._show_map()
        trainer = self.session.trainer
        gradients = trainer.layer_gradients() if trainer is not None and self.session.epochs else []
        self.query_one(GradientsPanel).show(self._gradient_layer, gradients, [])

    def on_resize(self) -> None:
        if not self.running:
            self.call_after_refresh(self._refresh_pictures_from_document)

    def _next_optimizer(self) -> str:
        """The form's optimizer if the next epoch uses another than the last epoch did, else ""."""
        settings = self._settings_now()
        session = self.session
        if self.running or settings is None or not session.epochs:
            return ""
        return "" if run.optimizer_key(settings) == session.last_epoch_optimizer else optimizer_text(settings)

    def _show_status(self) -> None:
        now = Situation(
            running=self.running,
            pausing=self._pause_requested,
            planned=self._planned(),
            rate=self._rate,
            problem=self.problem,
            fixable=self.fixable,
            samples=len(self.document.inputs),
            next_optimizer=self._next_optimizer(),
        )
        text = Text.assemble(*status_pieces(self.session, self.document.network, self._loss_name(), now))
        status = self.query_one("#train-status", Static)
        # Relayout (costly while training) only when the status changes its number of lines.
        lines = text.plain.count("\n")
        status.update(text, layout=lines != self._status_lines)
        self._status_lines = lines
        keys = (self.running, self.fixable)
        if keys != self._footer_keys:
            self._footer_keys = keys
            self.refresh_bindings()

    # ------------------------------------------------------------------ actions
    def action_start_pause(self) -> None:
        if self.running:
            self._pause_requested = True
            self._show_status()
        else:
            self._start(epochs=0)

    def action_one_epoch(self) -> None:
        if self.running:
            self.notify("Pause first (space), then step one epoch at a time.", timeout=2)
            return
        self._start(epochs=None)

    def action_reset(self) -> None:
        if self.running:
            self._after_stop = "reset"
            self._pause_requested = True
            return
        trainer = self.session.trainer
        if trainer is None:
            self.notify("Nothing to reset: training has not started.", timeout=2)
            return
        trainer.reset()
        self.session.clear_history()
        self.session.run_ended(self.document.network)
        self.problem = ""
        self.document.training_changed()
        self._redraw_history()
        self._refresh_pictures_from_document()
        self._show_status()
        self.notify("Back to the first weights (epoch 0).", timeout=2)

    def action_gradient_layer(self, delta: int) -> None:
        panel = self.query_one(GradientsPanel)
        count = max(len(panel.gradients), len(self.document.network))
        self._gradient_layer = min(max(self._gradient_layer + delta, 0), count - 1)
        panel.show(self._gradient_layer, panel.gradients, panel.ratios)

    def action_back(self) -> None:
        focused = self.focused
        if isinstance(focused, (Input, Select)):
            self.query_one("#train-view").focus()
            return
        if self.running:
            self._after_stop = "leave"
            self._pause_requested = True
            self._show_status()
            return
        self.document.training_changed()
        self.dismiss(None)
