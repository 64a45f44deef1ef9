"""The training view: data, optimizer and settings; start, pause, one epoch, reset; live
curves, the decision boundary and the gradients.

Training runs in a thread worker that calls ``Trainer.train`` on the document's network,
in place, and posts a ``Progress`` message a few times a second with the new epochs'
figures and what the pictures need (the class map and gradients, computed in the worker
on a copy of the weights). The UI thread never touches the arrays while the worker runs.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Input, Label, Select, Static
from textual.worker import get_current_worker

from engine import (
    PRESETS,
    EpochStats,
    ShapeError,
    Trainer,
    TrainingDiverged,
    loss_choice,
    optimizer_named,
    sine_data,
    spiral_data,
    vertical_data,
)
from engine.boundary import cell_of, data_range, decision_grid
from engine.curve import curve_points
from engine.loss_choice import loss_for
from engine.numbers import exact_number, format_number, plural
from tui.commands import TRAINING
from tui.document.changes import REGULARIZERS
from tui.document.state import Document, EditRefused
from tui.keys.bindings import bindings_for
from tui.screens.confirm import ConfirmScreen
from tui.training.fit_problem import BINARY, REGRESSION, fit_problem, map_note, target_kind
from tui.training.session import TrainingSession
from tui.training.session import fingerprint as _fingerprint
from tui.training.settings import BOOK, FORM_DEFAULTS, hint_settings
from tui.widgets.decision_boundary import DecisionBoundary
from tui.widgets.fitted_curve import FittedCurve
from tui.widgets.gradients_panel import GradientsPanel, gradient_scale
from tui.widgets.key_select import KeySelect
from tui.widgets.keys_footer import KeysFooter
from tui.widgets.loss_chart import LossChart

POST_EVERY = 0.33  # seconds between progress messages: three redraws a second
OPTIMIZERS = (("SGD", "sgd"), ("Adagrad", "adagrad"), ("RMSprop", "rmsprop"), ("Adam", "adam"))
DATA = (
    ("current inputs and labels", "current"),
    ("spiral (nnfs)", "spiral"),
    ("vertical (nnfs)", "vertical"),
    ("sine (nnfs, 1 input)", "sine"),
)
# A linear output's loss: the document's choice (tui/document/state.py Document.loss), named as
# engine.loss_choice names it.
LOSSES = (("mean squared error", "mse"), ("mean absolute error", "mae"))
# The form's fields: id, label, default text (shared with session files: tui/training/settings.py).
FIELDS = (
    ("samples", "samples/class", FORM_DEFAULTS["samples"]),
    ("classes", "classes", FORM_DEFAULTS["classes"]),
    ("lr", "learning rate", FORM_DEFAULTS["lr"]),
    ("decay", "decay", FORM_DEFAULTS["decay"]),
    ("momentum", "momentum", FORM_DEFAULTS["momentum"]),
    ("epochs", "epochs", FORM_DEFAULTS["epochs"]),
    ("batch", "batch size", FORM_DEFAULTS["batch"]),
    ("split", "validation", FORM_DEFAULTS["split"]),
    ("seed", "seed", FORM_DEFAULTS["seed"]),
)

Layers = list[tuple[np.ndarray, np.ndarray]]
# What "accuracy" measures with a loss other than categorical cross-entropy (whose accuracy,
# the largest output being the class, is the one the view has always shown): engine/metrics.py.
ACCURACY_MEANS = {
    loss_choice.BINARY: "accuracy: output > 0.5 read as class 1 (the book's binary accuracy)",
    loss_choice.SQUARED: "accuracy: share with |prediction - y| < std(y) / 250 (the book's)",
    loss_choice.ABSOLUTE: "accuracy: share with |prediction - y| < std(y) / 250 (the book's)",
}


@dataclass(frozen=True)
class Settings:
    data: str
    samples: int
    classes: int
    optimizer: str
    learning_rate: float
    decay: float
    momentum: float
    epochs: int
    batch_size: int | None
    validation_split: float
    seed: int


@dataclass(frozen=True)
class Snapshot:
    """What the pictures need, taken in the worker from a copy of the weights."""

    gradients: Layers
    ratios: list[float]
    grid: np.ndarray | None
    scales: list[float | None]  # each layer's gradient_scale: a pass over millions of values
    curve: np.ndarray | None = None  # a regression network's output over x (the fitted curve)


class TrainingScreen(Screen[None]):
    """Train the document's network; Escape or g goes back to the workbench."""

    CSS_PATH = "training.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    COMMAND_SCREEN = TRAINING  # the command table's name for this screen (tui/commands.py)
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

    class Progress(Message):
        """New epochs from the worker, and the pictures of the latest weights."""

        def __init__(self, stats: list[EpochStats], snapshot: Snapshot | None) -> None:
            super().__init__()
            self.stats, self.snapshot = stats, snapshot

    class Stopped(Message):
        """The worker ended: done, paused, diverged (``error``) or refused (``error``)."""

        def __init__(
            self,
            stats: list[EpochStats],
            snapshot: Snapshot | None,
            error: str = "",
            diverged: bool = False,
            blames_rate: bool = True,
            final: tuple[float | None, float] | None = None,
        ) -> None:
            super().__init__()
            self.stats, self.snapshot, self.error, self.diverged = stats, snapshot, error, diverged
            self.blames_rate = blames_rate
            self.final = final  # (loss, accuracy) of the weights now, as the workbench measures them

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
        self._ranges: tuple[tuple[float, float], tuple[float, float]] | None = None
        self._map_size = (40, 20)
        # A one-input, one-output regression network: (x range, y range) of its fitted curve,
        # and how many x the curve is computed at; None when the map shows instead.
        self._curve_ranges: tuple[tuple[float, float], tuple[float, float]] | None = None
        self._curve_count = 80
        self._curve: np.ndarray | None = None
        self._grid: np.ndarray | None = None
        self._started_at = 0.0
        self._started_epoch = 0
        self._rate = 0.0
        self._settings_dirty = True
        self._settings_seen: Settings | None = None
        self._status_lines = -1

    # ------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="train-body"):
            with VerticalScroll(id="train-settings") as settings:
                settings.border_title = "Settings"
                # Tab goes to the settings themselves (each scrolls into view when focused):
                # a stop on the scroll box showed no focus and changed nothing.
                settings.can_focus = False
                yield Label("Data", classes="train-heading")
                yield KeySelect(DATA, id="train-data", allow_blank=False, compact=True)
                for name, label, default in FIELDS[:2]:
                    yield from self._field(name, label, default)
                yield Label("Loss", classes="train-heading")
                # The loss the final activation takes (engine.loss_choice); a linear output
                # may take either regression loss, so only then is there a choice.
                yield Static(id="train-loss-name")
                yield KeySelect(LOSSES, id="train-loss", value="mse", allow_blank=False, compact=True)
                yield Label("Optimizer", classes="train-heading")
                yield KeySelect(OPTIMIZERS, id="train-optimizer", value="adam", allow_blank=False, compact=True)
                for name, label, default in FIELDS[2:]:
                    yield from self._field(name, label, default)
                yield Static("Enter: apply · Escape: back to the keys", classes="train-hint")
            with VerticalScroll(id="train-view") as view:
                view.border_title = "Training"
                yield Static(id="train-status")
                yield LossChart(id="train-chart")
                with Horizontal(id="train-lower"):
                    with Vertical(id="train-map-box") as box:
                        box.border_title = "Decision boundary"
                        yield DecisionBoundary(id="train-map")
                        yield FittedCurve(id="train-curve")
                    with Vertical(id="train-grad-box") as box:
                        box.border_title = "Gradients"
                        yield GradientsPanel(id="train-gradients")
        yield KeysFooter()

    @staticmethod
    def _field(name: str, label: str, default: str) -> ComposeResult:
        with Horizontal(id=f"row-{name}", classes="train-row"):
            yield Label(label, classes="train-label")
            yield Input(default, id=f"train-{name}", compact=True, select_on_focus=True)
        yield Static("", id=f"error-{name}", classes="train-error")

    def on_mount(self) -> None:
        self.sub_title = "training"
        self._take_hints()
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
        data = saved.get("data") or ("current" if doc.labels is not None else "spiral")
        self.query_one("#train-data", Select).value = data
        if "optimizer" in saved:
            self.query_one("#train-optimizer", Select).value = saved["optimizer"]
        self.query_one("#train-loss", Select).value = doc.loss or "mse"
        for name, _, _ in FIELDS:
            if name in saved:
                self.query_one(f"#train-{name}", Input).value = saved[name]
        self._show_fields()
        self._update_ranges()
        if self.session.trainer is None:
            self._check_fit(self._read_settings(quiet=True))
        self._redraw_history()
        self._refresh_pictures_from_document()
        self._show_status()
        self.query_one("#train-view").focus()

    def _take_hints(self) -> None:
        """A preset with the book's training settings (engine.datasets TrainingHints) fills the
        form with them the first time the view opens on it; settings read from a session
        file, or typed for this preset, stay."""
        session, preset = self.session, self.document.preset
        if session.settings_preset == preset:
            return
        from_file = session.settings_preset == "" and bool(session.settings)
        session.settings_preset = preset
        hints = PRESETS[preset].training if preset in PRESETS else None
        if hints is not None and not from_file:
            session.settings.update(hint_settings(hints))

    # ------------------------------------------------------------------ settings
    def _show_fields(self) -> None:
        data = self.query_one("#train-data", Select).value
        self.query_one("#row-samples").display = data != "current"
        self.query_one("#row-classes").display = data not in ("current", "sine")
        # Sine data has no classes: its samples field is the whole count.
        self.query_one("#row-samples Label", Label).update("samples" if data == "sine" else "samples/class")
        self.query_one("#row-momentum").display = self.query_one("#train-optimizer", Select).value == "sgd"
        linear = self._final_activation() == "linear"
        self.query_one("#train-loss").display = linear  # the choice names the loss itself
        name = self.query_one("#train-loss-name", Static)
        name.display = not linear
        name.update(self._loss_text())

    def _final_activation(self) -> str:
        steps = self.document.network.steps
        return steps[-1].activation.name if steps else ""

    def _loss_choice(self) -> str | None:
        """The document's loss choice for a linear output ("mse", "mae" or None: its own,
        mean squared error); None for any other output, whose loss is its own."""
        return self.document.loss if self._final_activation() == "linear" else None

    def _loss_name(self) -> str | None:
        """The loss training uses ("binary cross-entropy"...), or None (a ReLU output has none)."""
        return loss_for(self._final_activation(), self._loss_choice())

    def _loss_text(self) -> Text:
        name = self._loss_name()
        if name is None:
            return Text(f"none for a {self._final_activation()} output: f puts softmax last", "dim")
        return Text(name)

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

    @on(Input.Submitted)
    def _input_submitted(self, event: Input.Submitted) -> None:
        if self._read_settings() is not None and not self.running:
            self._check_fit(self._read_settings(quiet=True))
            self._show_status()
        self.query_one("#train-view").focus()

    def _read_settings(self, quiet: bool = False, only: str | None = None) -> Settings | None:
        """The form as Settings, or None; each bad field says why beside it (unless quiet)."""
        values: dict[str, object] = {}
        errors: dict[str, str] = {}
        data = str(self.query_one("#train-data", Select).value)
        optimizer = str(self.query_one("#train-optimizer", Select).value)

        def text(name: str) -> str:
            return self.query_one(f"#train-{name}", Input).value.strip()

        def whole(name: str, low: int, high: int, blank: int | None = None) -> None:
            raw = text(name)
            if raw == "" and blank is not None:
                values[name] = None
                return
            try:
                number = int(raw)
            except ValueError:
                errors[name] = f'"{raw}" is not a whole number' if raw else "a whole number is needed"
                return
            if not low <= number <= high:
                errors[name] = f"between {low} and {high}"
                return
            values[name] = number

        def real(name: str, low: float, high: float, low_open: bool = False, high_open: bool = False) -> None:
            raw = text(name)
            try:
                number = float(raw)
            except ValueError:
                errors[name] = f'"{raw}" is not a number' if raw else "a number is needed"
                return
            if not math.isfinite(number) or number < low or (low_open and number == low) or number > high or (high_open and number == high):
                left, right = "(" if low_open else "[", ")" if high_open else "]"
                errors[name] = f"must be in {left}{format_number(low)}, {format_number(high)}{right}"
                return
            values[name] = number

        whole("samples", 1, 3000)
        whole("classes", 2, 6)
        real("lr", 0.0, 1e12, low_open=True)
        real("decay", 0.0, 1e6)
        real("momentum", 0.0, 1.0, high_open=True)
        whole("epochs", 1, 10_000_000)
        whole("batch", 1, 10_000, blank=0)
        real("split", 0.0, 0.9)
        whole("seed", 0, 2**32 - 1)
        if data != "current":
            samples, classes = values.get("samples"), values.get("classes")
            if isinstance(samples, int) and isinstance(classes, int) and samples * classes > 10_000:
                errors["samples"] = "at most 10000 samples in all"
        else:
            errors.pop("samples", None)
            errors.pop("classes", None)
        if optimizer != "sgd":
            errors.pop("momentum", None)
        for name, _, _ in FIELDS:
            if only is not None and name != only:
                continue
            if not quiet or only is not None or name not in errors:
                widget = self.query_one(f"#error-{name}", Static)
                widget.update(Text(errors.get(name, ""), "bold red"))
                widget.display = name in errors
        if errors:
            return None
        return Settings(
            data=data,
            samples=int(values.get("samples") or 100),
            classes=int(values.get("classes") or 3),
            optimizer=optimizer,
            learning_rate=float(values["lr"]),  # type: ignore[arg-type]
            decay=float(values["decay"]),  # type: ignore[arg-type]
            momentum=float(values.get("momentum") or 0.0),  # type: ignore[arg-type]
            epochs=int(values["epochs"]),  # type: ignore[call-overload]
            batch_size=values["batch"],  # type: ignore[arg-type]
            validation_split=float(values["split"]),  # type: ignore[arg-type]
            seed=int(values["seed"]),  # type: ignore[call-overload]
        )

    # ------------------------------------------------------------------ data and fit
    def _use_data(self, settings: Settings) -> bool:
        """Make the generated data the document's; False (with a problem) if it cannot be."""
        doc, session = self.document, self.session
        if settings.data == "current":
            if doc.labels is None:
                self.problem = (
                    "The current inputs have no labels, so there is nothing to learn. Choose spiral, "
                    "vertical or sine data above, or add labels in the workbench (l in the inputs)."
                )
                self.fixable = False
                return False
            return True
        if self._data_in_place(settings):
            return True
        key = self._data_key(settings)
        np.random.seed(settings.seed)
        if settings.data == "sine":
            X, targets = sine_data(settings.samples, doc.dtype)
            y = targets[:, 0]  # the document keeps one labels column
        else:
            make = spiral_data if settings.data == "spiral" else vertical_data
            X, y = make(settings.samples, settings.classes, doc.dtype)
        try:
            doc.use_data(X, y)
        except EditRefused as refusal:
            self.problem, self.fixable = str(refusal), False
            return False
        session.data_key = key
        self._update_ranges()
        return True

    def _data_in_place(self, settings: Settings) -> bool:
        """Whether the document already holds the data the settings ask for."""
        if settings.data == "current":
            return True
        return self.session.data_key == self._data_key(settings) and self.document.inputs.shape == self._data_shape(settings)

    @staticmethod
    def _data_key(settings: Settings) -> tuple[object, ...]:
        """(kind, samples, classes, seed) of the generated data; sine data has 1 "class"."""
        classes = 1 if settings.data == "sine" else settings.classes
        return (settings.data, settings.samples, classes, settings.seed)

    @staticmethod
    def _data_shape(settings: Settings) -> tuple[int, int]:
        """The inputs' shape the generated data has: sine data is one x per sample."""
        if settings.data == "sine":
            return (settings.samples, 1)
        return (settings.samples * settings.classes, 2)

    def _ask_to_replace_data(self, settings: Settings, epochs: int | None) -> None:
        """Generated data replaces the learner's inputs and labels: ask first."""
        doc = self.document
        name = settings.data
        rows, features = self._data_shape(settings)
        if name == "sine":
            about = f"{settings.samples} samples of y = sin(2πx), 1 feature: {rows} x 1"
        else:
            about = f"{settings.samples} samples in each of {settings.classes} classes, 2 features: {rows} x {features}"
        why = (
            "The inputs have no labels, so there is nothing to learn from them."
            if doc.labels is None
            else "You chose generated data at the left."
        )
        message = (
            f"{why}\n\n{name.capitalize()} data ({about}) would replace the inputs X {doc.inputs.shape[0]} x {doc.inputs.shape[1]}"
            f"{' and their labels' if doc.labels is not None else ' and give them labels'}. "
            "Ctrl+Z in the workbench brings yours back."
        )

        def answered(use: bool | None) -> None:
            if use:
                self._start(epochs, data_confirmed=True)
                return
            if doc.labels is None:
                self.problem, self.fixable = (
                    f"Not started: your inputs are kept. Training needs labels: choose {name} data and confirm "
                    "with Enter, or add labels in the workbench (l in the inputs).",
                    False,
                )
            else:  # the inputs have labels: only the change of data was declined
                self.problem, self.fixable = (
                    f"Not started: your inputs and labels are kept. To train on them, choose \"current inputs "
                    f"and labels\" as the data; to train on {name} data, press Space and confirm with Enter.",
                    False,
                )
            self._show_status()

        self.app.push_screen(ConfirmScreen(f"Train on {name} data?", message, f"use {name} data"), answered)

    def _label_classes(self) -> int:
        labels = self.document.labels
        return int(labels.max()) + 1 if labels is not None and labels.size else 0

    def _check_fit(self, settings: Settings | None) -> bool:
        """Whether the network fits the data; if not, says why in the data's terms (and whether f fits it)."""
        self.problem, self.fixable = "", False
        doc = self.document
        if settings is None:
            return False
        if settings.data == "current" and doc.labels is None:
            return self._use_data(settings)
        targets = target_kind(doc.network, settings.data)
        if settings.data != "current":
            data, (samples, features) = f"the {settings.data} data", self._data_shape(settings)
            classes = 0 if settings.data == "sine" else settings.classes
        else:
            data, (samples, features) = "the inputs", doc.inputs.shape
            classes = 0 if targets == REGRESSION else self._label_classes()
        chosen = loss_for("linear", doc.loss) or "mean squared error"  # the regression loss chosen
        self.problem, self.fixable = fit_problem(doc.network, data, samples, features, classes, targets, chosen)
        return not self.problem

    def action_fit(self) -> None:
        """Resize the first layer's inputs and the last layer's neurons to the data; softmax last."""
        if self.running:
            return
        settings = self._read_settings()
        if settings is None:
            return
        doc = self.document
        features = self._data_shape(settings)[1] if settings.data != "current" else doc.inputs.shape[1]
        classes = settings.classes if settings.data != "current" else max(self._label_classes(), 2)
        targets = target_kind(doc.network, settings.data)
        # What the last layer becomes: one linear output for numbers, one sigmoid output for
        # two classes with a sigmoid already there, else softmax with an output per class.
        if targets == REGRESSION:
            outputs, last_activation = 1, "linear"
        elif targets == BINARY and classes <= 2:
            outputs, last_activation = 1, "sigmoid"
        else:
            outputs, last_activation = classes, "softmax"
        try:
            first = doc.network.steps[0].dense
            if first.n_inputs != features:
                doc.resize_layer(0, features, first.n_neurons)
            last_index = len(doc.network) - 1
            last = doc.network.steps[last_index].dense
            if last.n_neurons != outputs:
                doc.resize_layer(last_index, last.n_inputs, outputs)
            if doc.network.steps[last_index].activation.name != last_activation:
                doc.set_activation(last_index, last_activation)
        except EditRefused as refusal:
            self.problem, self.fixable = f"f cannot fit the network to this data: {refusal}", False  # say why; offer f no more
            self._show_status()
            return
        self.notify(
            f"The network now takes {plural(features, 'input')} and gives {plural(outputs, 'output')}, {last_activation} last.",
            timeout=3,
        )
        self._show_fields()  # the loss follows the last activation
        self._check_fit(settings)
        self._refresh_pictures_from_document()
        self._show_status()

    def _update_ranges(self) -> None:
        doc = self.document
        inputs = doc.inputs
        if inputs.ndim == 2 and inputs.shape[1] == 2:
            self._ranges = (data_range(inputs[:, 0]), data_range(inputs[:, 1]))
        else:
            self._ranges = None
        self._curve_ranges = None
        if self._shows_curve():
            assert doc.labels is not None
            self._curve_ranges = (data_range(inputs[:, 0], 0.0), data_range(doc.labels, 0.1))

    def _shows_curve(self) -> bool:
        """Whether the lower left panel is the fitted curve: a network of one input and one
        output, a regression loss, and one-feature inputs with targets to draw."""
        doc = self.document
        steps = doc.network.steps
        return (
            bool(steps)
            and steps[0].dense.n_inputs == 1
            and steps[-1].dense.n_neurons == 1
            and self._loss_name() in (loss_choice.SQUARED, loss_choice.ABSOLUTE)
            and doc.inputs.ndim == 2
            and doc.inputs.shape[1] == 1
            and doc.labels is not None
            and len(doc.labels) == len(doc.inputs)
        )

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
        optimizer_key = (settings.optimizer, settings.learning_rate, settings.decay, settings.momentum)
        layers = tuple(step.dense for step in doc.network.steps)
        key = (
            tuple(tuple(d.weights.shape) + tuple(d.biases.shape) for d in layers),
            _fingerprint(doc.inputs),
            _fingerprint(doc.labels),
            settings.batch_size,
            settings.validation_split,
            settings.seed,
            self._loss_choice(),
        )
        try:
            options = {"learning_rate": settings.learning_rate, "decay": settings.decay}
            if settings.optimizer == "sgd":
                options["momentum"] = settings.momentum
            optimizer = optimizer_named(settings.optimizer, **options)
        except ValueError as error:
            self.problem, self.fixable = str(error), False
            return None
        same_layers = len(layers) == len(session.layers) and all(a is b for a, b in zip(layers, session.layers))
        if session.trainer is None or key != session.key or not same_layers:
            try:
                trainer = Trainer(
                    doc.network,
                    doc.inputs,
                    doc.labels,
                    optimizer,
                    settings.batch_size,
                    settings.validation_split,
                    settings.seed,
                    loss=self._loss_choice(),
                )
            except (ShapeError, ValueError) as error:
                self.problem, self.fixable = str(error), False
                return None
            session.trainer, session.key, session.layers, session.optimizer_key = trainer, key, layers, optimizer_key
            session.clear_history()
        elif optimizer_key != session.optimizer_key:
            session.trainer.optimizer = optimizer
            session.optimizer_key = optimizer_key
        session.trainer.book_rate = self._book_rate(settings.optimizer)
        self.problem = ""
        session.diverged = ""
        self._update_ranges()
        return session.trainer

    def _book_rate(self, optimizer: str) -> tuple[float, str] | None:
        """(rate, "Chapter 17"): the book's rate for the document's preset network with this
        optimizer (its training hints), the rate a divergence suggests; None without hints."""
        preset = PRESETS.get(self.document.preset)
        hints = preset.training if preset is not None else None
        if hints is None or hints.optimizer != optimizer:
            return None
        return hints.learning_rate, preset.title.partition(":")[0]

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
        self._map_size = self.query_one(DecisionBoundary).map_size()
        self.query_one("#train-loss").disabled = True  # the run's loss is the trainer's until it stops
        self._curve_count = self.query_one(FittedCurve).curve_count()
        self._show_status()
        self._train(trainer, count, self._loss_choice())

    @work(thread=True, exclusive=True, group="training")
    def _train(self, trainer: Trainer, epochs: int, choice: str | None) -> None:
        worker = get_current_worker()
        pending: list[EpochStats] = []
        last_post = time.monotonic()

        def stopping() -> bool:
            # Consulted between epochs and, in a heavy epoch, between its slices: a
            # pause, leaving the screen or quitting the app is answered within a slice.
            return worker.is_cancelled or self._pause_requested

        def pictures() -> Snapshot | None:
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
                now = time.monotonic()
                if now - last_post >= POST_EVERY and not stopping():
                    self.post_message(self.Progress(pending, self._snapshot(trainer)))
                    pending, last_post = [], now
        except TrainingDiverged as error:
            self.post_message(
                self.Stopped(pending, pictures(), str(error), diverged=True, blames_rate=error.blames_rate, final=final())
            )
            return
        except (ShapeError, ValueError) as error:
            self.post_message(self.Stopped(pending, None, str(error)))
            return
        self.post_message(self.Stopped(pending, pictures(), final=final()))

    def _snapshot(self, trainer: Trainer) -> Snapshot:
        """In the worker: the gradients and class map of a copy of the current weights."""
        grid = None
        if self._ranges is not None:
            activations = [step.activation for step in trainer.network.steps]
            layers = [(w, b, a) for (w, b), a in zip(trainer.weights(), activations)]
            width, height = self._map_size
            try:
                grid = decision_grid(layers, self._ranges[0], self._ranges[1], width, height)
            except ValueError:
                grid = None
        curve = None
        if self._curve_ranges is not None:
            activations = [step.activation for step in trainer.network.steps]
            layers = [(w, b, a) for (w, b), a in zip(trainer.weights(), activations)]
            try:
                curve = curve_points(layers, self._curve_ranges[0], self._curve_count)[1]
            except ValueError:
                curve = None
        ratios = trainer.last_update_ratios() if trainer.epoch > 0 else []
        gradients = trainer.layer_gradients()
        return Snapshot(gradients, ratios, grid, [gradient_scale(dweights) for dweights, _ in gradients], curve)

    # ------------------------------------------------------------------ messages
    @on(Progress)
    def _progress(self, message: Progress) -> None:
        self._take(message.stats, message.snapshot)

    @on(Stopped)
    def _stopped(self, message: Stopped) -> None:
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
        if getattr(self, "_settings_seen", None) is None or self._settings_dirty:
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
        board, curve = self.query_one(DecisionBoundary), self.query_one(FittedCurve)
        doc = self.document
        showing_curve = self._curve_ranges is not None
        board.display, curve.display = not showing_curve, showing_curve
        self.query_one("#train-map-box").border_title = "Fitted curve" if showing_curve else "Decision boundary"
        if self._curve_ranges is not None:
            assert doc.labels is not None
            x_range, y_range = self._curve_ranges
            curve.show(doc.inputs[:, 0], doc.labels, self._curve, x_range, y_range)
            return
        if self._ranges is None or self._grid is None:
            features = doc.inputs.shape[1] if doc.inputs.ndim == 2 else 0
            board.show(None, note=map_note(doc.network, features, self.problem))
            return
        height, width = self._grid.shape
        cells = cell_of(doc.inputs, self._ranges[0], self._ranges[1], width, height)
        labels = doc.labels if doc.labels is not None else np.zeros(len(cells), dtype=np.int64)
        samples = [(int(r) // 2, int(c), int(k)) for (r, c), k in zip(cells, labels)]
        # One output (sigmoid) still tells two classes apart: 0 and 1 (engine/boundary.py).
        board.show(self._grid, samples, max(doc.network.steps[-1].dense.n_neurons, 2))

    def _refresh_pictures_from_document(self) -> None:
        """Not training: draw from the document's own weights (the UI thread owns them now)."""
        if self.running:
            return
        doc = self.document
        self._grid = self._curve = None
        self._update_ranges()  # the network may be another shape since (f, or edits in the workbench)
        if self._curve_ranges is not None:
            layers = [(s.dense.weights, s.dense.biases, s.activation) for s in doc.network.steps]
            try:
                self._curve = curve_points(layers, self._curve_ranges[0], self.query_one(FittedCurve).curve_count())[1]
            except (ValueError, ShapeError):
                self._curve = None
        if self._ranges is not None:
            layers = [(s.dense.weights, s.dense.biases, s.activation) for s in doc.network.steps]
            width, height = self.query_one(DecisionBoundary).map_size()
            try:
                self._grid = decision_grid(layers, self._ranges[0], self._ranges[1], width, height)
            except (ValueError, ShapeError):
                self._grid = None
        self._show_map()
        trainer = self.session.trainer
        gradients = trainer.layer_gradients() if trainer is not None and self.session.epochs else []
        self.query_one(GradientsPanel).show(self._gradient_layer, gradients, [])

    def on_resize(self) -> None:
        if not self.running:
            self.call_after_refresh(self._refresh_pictures_from_document)

    def _show_status(self) -> None:
        s = self.session
        planned = self._planned()
        text = Text()
        done = s.epochs[-1] + 1 if s.epochs else 0
        if self.running:
            state = "pausing…" if self._pause_requested else "TRAINING"
            text.append(f" {state} ", "bold black on green")
        elif s.diverged:
            text.append(" STOPPED ", "bold white on red")
        elif done and planned and done >= planned:
            text.append(" DONE ", "bold black on cyan")
        elif done:
            text.append(" PAUSED ", "bold black on yellow")
        else:
            text.append(" READY ", "bold black on cyan")
        text.append(f"  epoch {done} of {planned}" if planned else f"  epoch {done}")
        final = s.final if s.epochs and not self.running else None
        regularized = self._regularized()
        if final is not None:
            # The weights now, with the workbench's own digits: the same figures it shows.
            final_loss, final_accuracy = final
            if final_loss is not None:
                # The workbench's loss is the data loss: with L1/L2 on, say so (the book's name)
                text.append("  data_loss " if regularized else "  loss ")
                text.append(format_number(final_loss, 6).strip(), "bold")
            text.append("  accuracy ")
            text.append(format_number(final_accuracy, 4).strip(), "bold")
        elif s.epochs:
            text.append("  loss ")
            text.append(format_number(s.loss[-1], 4).strip(), "bold")
            if regularized:
                text.append(f" ({self._loss_parts()})")
            text.append("  accuracy ")
            text.append(format_number(s.accuracy[-1], 4).strip(), "bold")
        if s.epochs:
            if not math.isnan(s.val_loss[-1]):
                text.append("  val loss ")
                text.append(format_number(s.val_loss[-1], 4).strip(), "bold")
                text.append("  val acc ")
                text.append(format_number(s.val_accuracy[-1], 4).strip(), "bold")
            text.append(f"  lr {format_number(s.learning_rate, 4).strip()}", "dim")
        if self.running and self._rate:
            text.append(f"  {self._rate:,.0f} epochs/s", "dim")
        for line in self._about_training():
            text.append("\n" + line, "dim")
        if final is not None:
            text.append(
                f"\nthe weights now, as the workbench measures them (all {len(self.document.inputs)} samples); "
                f"epoch {s.epochs[-1]} had loss {format_number(s.loss[-1], 4).strip()}"
                + (f" ({self._loss_parts()})" if regularized else "")
                + " and accuracy "
                f"{format_number(s.accuracy[-1], 4).strip()} before its update",
                "dim",
            )
        if s.diverged:
            text.append("\nTraining stopped: ", "bold red")
            text.append(s.diverged, "red")
            if s.diverged_blames_rate:
                text.append("\nChange the learning rate (or decay) at the left, then space continues from the kept weights.", "dim")
            else:
                text.append("\nMake the weights (or inputs) smaller in the workbench (g; i draws new weights), then space.", "dim")
        elif self.problem:
            text.append("\n" + self.problem, "bold red")
            if self.fixable:
                text.append("\nPress f to fit the network to the data (first layer's inputs, last layer's outputs and activation).", "yellow")
        elif not self.running:
            text.append("\nspace starts or continues · o one epoch · z reset to the first weights · g back to edit the weights", "dim")
        status = self.query_one("#train-status", Static)
        # Relayout (costly while training) only when the status changes its number of lines.
        lines = text.plain.count("\n")
        status.update(text, layout=lines != getattr(self, "_status_lines", -1))
        self._status_lines = lines
        keys = (self.running, self.fixable)
        if keys != getattr(self, "_footer_keys", None):
            self._footer_keys = keys
            self.refresh_bindings()

    def _regularized(self) -> bool:
        """Whether a layer has L1/L2 on: then training's loss is data_loss + reg_loss."""
        return any(getattr(step.dense, name) > 0 for step in self.document.network.steps for name in REGULARIZERS)

    def _loss_parts(self) -> str:
        """The last epoch's loss in the book's two parts: "data_loss 0.2036, reg_loss 0.05638"."""
        s = self.session
        return (f"data_loss {format_number(s.data_loss, 4).strip()}, "
                f"reg_loss {format_number(s.regularization_loss, 4).strip()}")

    def _about_training(self) -> list[str]:
        """What training does that the workbench does not show: the loss and accuracy it
        measures, and each dropout (on only while training)."""
        lines = []
        name = self._loss_name()
        if name in ACCURACY_MEANS:
            lines.append(ACCURACY_MEANS[name])
        for number, step in enumerate(self.document.network.steps, start=1):
            rate = step.dropout
            if rate > 0:
                lines.append(
                    f"dropout {exact_number(rate)} after layer {number}: on while training; "
                    "the workbench shows the pass without it"
                )
        return lines

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
