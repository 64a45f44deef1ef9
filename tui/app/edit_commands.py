"""The workbench's edits: each command that changes the document (a layer, a sample, a
feature, the labels, a step of the forward pass, undo), and the forms that ask for numbers.

Every change goes through ``EditCommands.apply``: the document validates it, a refusal is
shown in the errors panel and changes nothing, and otherwise every panel is redrawn.
"""

from __future__ import annotations

from collections.abc import Callable

from engine.numbers import exact_number, format_number
from tui.app.host import WorkbenchHost
from tui.document.changes import regularizers_of
from tui.document.state import Document, EditRefused
from tui.widgets.network_panel import regularizers_text


class EditCommands:
    """The document's edits, for the App (``host``)."""

    def __init__(self, host: WorkbenchHost) -> None:
        self.host = host

    def apply(self, change: Callable[..., object], *args: object) -> object:
        """Run a document change; a refusal is shown in the error panel and changes nothing."""
        try:
            result = change(*args)
        except EditRefused as refusal:
            self.show_refusal(str(refusal))
            self.host.bell()
            return None
        self.host.refused = ""
        self.host.render_document()
        return result

    def show_refusal(self, message: str) -> None:
        """A refused change, in full in the errors panel; nothing else changed, so nothing else redraws."""
        self.host.refused = message
        self.host.painter.show_errors(self.host.document, message)

    def _say(self, said: object, timeout: float = 6) -> None:
        """What a change said (where it went, and why), if anything."""
        if said:
            self.host.notify(str(said), timeout=timeout)

    # -------------------------------------------------------------- the network
    def load_preset(self, name: str) -> None:
        self.host.explain_cell = (0, 0)
        self.apply(self.host.document.load_preset, name)

    def choose_preset(self) -> None:
        from tui.screens.presets import PresetScreen

        def chosen(name: str | None) -> None:
            if name:
                self.load_preset(name)

        self.host.push_screen(PresetScreen(self.host.document.preset), chosen)

    def toggle_step(self) -> None:
        doc = self.host.document
        self.apply(doc.start_stepping if doc.step is None else doc.stop_stepping)

    def step_next(self) -> None:
        if not self.apply(self.host.document.step_forward):
            self.host.notify(walk_end_message(self.host.document), timeout=5)

    def leave_step(self) -> None:
        if self.host.document.step is not None:
            self.apply(self.host.document.stop_stepping)

    def fix(self) -> None:
        done = self.apply(self.host.document.fix_error)
        if done:
            self.host.notify(str(done), title="Fixed", timeout=4)

    def undo(self) -> None:
        if not self.apply(self.host.document.undo):
            self.host.notify(self.host.document.undo_note("undo"), timeout=4)

    def redo(self) -> None:
        if not self.apply(self.host.document.redo):
            self.host.notify(self.host.document.undo_note("redo"), timeout=3)

    def select_layer(self, delta: int) -> None:
        doc = self.host.document
        self.apply(doc.select_layer, doc.selected + delta)

    def remove_layer(self) -> None:
        self._say(self.apply(self.host.document.remove_layer))

    def remove_sample(self) -> None:
        self.apply(self.host.document.remove_sample, self.host.painter.panel("#inputs").cursor_row)

    def add_feature(self) -> None:
        self._say(self.apply(self.host.document.add_feature))  # not at the end: where, and why

    def remove_feature(self) -> None:
        self.apply(self.host.document.remove_feature, self.host.painter.panel("#inputs").cursor_column)

    def resize_weights(self, axis: int, delta: int) -> None:
        doc = self.host.document
        stored_axis = axis if doc.weights_view == "stored" else 1 - axis
        if delta < 0:  # the row or column under the cursor, as in the inputs
            editor = self.host.painter.panel("#weights")
            at = editor.cursor_row if axis == 0 else editor.cursor_column  # shown axis = stored_axis
            remove = doc.remove_layer_input if stored_axis == 0 else doc.remove_layer_neuron
            self.apply(remove, doc.selected, at)
            return
        sizes = list(doc.layer.dense.weights.shape)
        sizes[stored_axis] += delta
        self._say(self.apply(doc.resize_layer, doc.selected, sizes[0], sizes[1]))  # not at the end: where, and why

    # ------------------------------------------------------------------- forms
    def edit_sizes(self) -> None:
        from tui.screens.dialogs import FormScreen, whole_number

        doc = self.host.document
        n_inputs, n_neurons = doc.layer.dense.weights.shape
        number = doc.selected + 1

        def apply(values: list[str]) -> str:
            inputs = whole_number(values[0], "the inputs")
            neurons = whole_number(values[1], "the neurons")
            said = doc.resize_layer(doc.selected, inputs, neurons)
            return f"layer {number} is now Dense {inputs} → {neurons}" + (f"; {said}" if said else "")

        fields = [("layer-inputs", "Inputs (values per sample coming in)", str(n_inputs)),
                  ("layer-neurons", "Neurons (values going out)", str(n_neurons))]
        self.host.push_screen(FormScreen(f"Layer {number} sizes", fields, apply), self._form_done)

    def reinitialise(self) -> None:
        from tui.screens.dialogs import FormScreen, real_number, whole_number

        doc = self.host.document
        init = doc.inits[doc.selected]
        number = doc.selected + 1

        def apply(values: list[str]) -> str:
            seed = whole_number(values[0], "the seed")
            scale = real_number(values[1], "the scale", "0.01")
            doc.reinitialise(seed, scale)
            return f"layer {number}: weights = {scale:g} * randn after np.random.seed({seed}), biases 0"

        fields = [("init-seed", "Seed (np.random.seed)", str(init.seed)),
                  ("init-scale", "Scale (weights = scale * randn)", format_number(init.scale))]
        self.host.push_screen(FormScreen(f"Re-initialise layer {number}", fields, apply), self._form_done)

    def set_dropout(self) -> None:
        from tui.screens.dialogs import FormScreen, real_number

        doc = self.host.document
        number = doc.selected + 1

        def apply(values: list[str]) -> str:
            rate = real_number(values[0], "the dropout rate", "0.1")
            doc.set_dropout(rate)
            if rate == 0:
                return f"layer {number}: no dropout"
            return f"layer {number}: dropout {exact_number(rate)} after its activation, on while training only"

        fields = [("dropout-rate", "Rate: the fraction of its outputs dropped while training (0: none)",
                   exact_number(doc.layer.dropout))]
        self.host.push_screen(FormScreen(f"Dropout after layer {number}", fields, apply), self._form_done)

    def set_regularizers(self) -> None:
        from tui.screens.dialogs import FormScreen, real_number

        doc = self.host.document
        number = doc.selected + 1
        names = ("weight L1", "weight L2", "bias L1", "bias L2")

        def apply(values: list[str]) -> str:
            strengths = tuple(real_number(value, f"the {name} strength", "5e-4") for value, name in zip(values, names))
            doc.set_regularizers(strengths)  # type: ignore[arg-type]
            return f"layer {number}: {regularizers_text(strengths) or 'no regularization'}"

        fields = [(f"regularizer-{index}", f"{name.capitalize()} (λ; 0: off)", exact_number(value))
                  for index, (name, value) in enumerate(zip(names, regularizers_of(doc.layer.dense)))]
        self.host.push_screen(FormScreen(f"Regularizers of layer {number}", fields, apply), self._form_done)

    def _form_done(self, done: str | None) -> None:
        if done:
            self.host.refused = ""
            self.host.render_document()
            self.host.notify(done, timeout=4)


def walk_end_message(doc: Document) -> str:
    """What ``n`` says at the end of step mode's walk: the backward pass's end, or the forward
    pass's and why no backward pass follows it."""
    leave = "Escape leaves step mode."
    if doc.step is not None and doc.step.backward:
        return f"The backward pass is complete: {leave}"
    trace = doc.trace
    if doc.labels is None:
        why = "without labels there is no loss to differentiate, so no backward pass (l adds labels)"
    elif trace.loss_name is None:
        why = "a ReLU output has no loss, so no backward pass (f gives the last layer softmax, sigmoid or none)"
    else:
        why = "this pass has no loss to differentiate (see the errors), so no backward pass"
    return f"The forward pass is complete; {why}. {leave}"

