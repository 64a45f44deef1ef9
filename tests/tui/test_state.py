"""The document: every edit applies whole or is refused and changes nothing."""

from __future__ import annotations

import copy
import tracemalloc

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import Network
from tui.document.state import MAX_UNITS, Document, EditRefused


def snapshot(doc: Document) -> tuple:
    return (
        doc.inputs.copy(),
        None if doc.labels is None else doc.labels.copy(),
        [copy.deepcopy((s.dense.weights, s.dense.biases, s.activation.name)) for s in doc.network.steps],
    )


def same(a: tuple, b: tuple) -> bool:
    if not np.array_equal(a[0], b[0]):
        return False
    if (a[1] is None) != (b[1] is None) or (a[1] is not None and not np.array_equal(a[1], b[1])):
        return False
    return len(a[2]) == len(b[2]) and all(
        np.array_equal(x[0], y[0]) and np.array_equal(x[1], y[1]) and x[2] == y[2] for x, y in zip(a[2], b[2])
    )


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.set_cell("weights", 0, 0, "abc"),
        lambda d: d.set_cell("inputs", 9, 0, "1"),
        lambda d: d.set_cell("labels", 0, 0, "1"),  # no labels yet
        lambda d: d.resize_layer(0, 0, 3),
        lambda d: d.resize_layer(0, 3, MAX_UNITS + 1),
        lambda d: d.reinitialise(-1, 0.1),
        lambda d: d.reinitialise(0, float("nan")),
        lambda d: d.fix_error(),  # nothing to fix
    ],
)
def test_refused_changes_leave_the_document_as_it_was(change) -> None:  # type: ignore[no-untyped-def]
    doc = Document.from_preset()
    before = snapshot(doc)
    version = doc.version
    with pytest.raises(EditRefused):
        change(doc)
    assert same(before, snapshot(doc))
    assert doc.version == version


def test_float32_documents_refuse_values_beyond_float32() -> None:
    doc = Document.from_preset("spiral")
    with pytest.raises(EditRefused, match="float32"):
        doc.set_cell("weights", 0, 0, "1e39")
    assert doc.set_cell("weights", 0, 0, "0.5") == 0.5


def test_resize_keeps_what_fits_and_undo_restores() -> None:
    doc = Document.from_preset()
    old = doc.network.steps[0].dense.weights.copy()
    doc.resize_layer(0, 5, 2)
    new = doc.network.steps[0].dense.weights
    assert new.shape == (5, 2)
    assert np.array_equal(new[:4, :2], old[:, :2])
    init = doc.inits[0]
    np.random.seed(init.seed)
    assert np.array_equal(new[4], (init.scale * np.random.randn(5, 2))[4])  # drawn, not 0
    assert doc.undo()
    assert np.array_equal(doc.network.steps[0].dense.weights, old)


def test_reinitialise_same_seed_same_weights() -> None:
    doc = Document.from_preset()
    doc.reinitialise(3, 0.1)
    first = doc.network.steps[0].dense.weights.copy()
    doc.reinitialise(4, 0.1)
    doc.reinitialise(3, 0.1)
    assert np.array_equal(doc.network.steps[0].dense.weights, first)
    np.random.seed(3)
    assert np.array_equal(first, 0.1 * np.random.randn(4, 3))


def test_fix_resizes_labels_to_the_samples() -> None:
    doc = Document.from_preset("spiral")
    doc.remove_sample(0)
    assert doc.trace.error is None  # labels follow the samples
    doc.labels = np.append(doc.labels, 1)
    doc.version += 1
    assert doc.trace.error is not None and doc.trace.error.fix_action == "resize labels"
    doc.fix_error()
    assert doc.trace.error is None and len(doc.labels) == doc.inputs.shape[0]


def test_stepping_stops_at_the_end_and_at_the_start() -> None:
    doc = Document.from_preset("two-layers")
    doc.start_stepping()
    assert not doc.step_back()
    steps = 0
    while doc.step_forward():
        steps += 1
    assert steps == 7 and doc.step is not None and (doc.step.layer, doc.step.stage) == (1, 3)
    assert doc.computed(1, 3) and doc.computed(0, 3)
    doc.step_back()
    assert not doc.computed(1, 3)


def test_weights_rows_view_edits_the_transposed_cell() -> None:
    doc = Document.from_preset()
    doc.toggle_view()
    doc.set_cell("weights", 2, 0, "7")  # neuron 2, input 0
    assert doc.network.steps[0].dense.weights[0, 2] == 7


# ------------------------------------------------------------------ labels (issue 8, 1)
@pytest.mark.parametrize("text", ["1e19", "1e300", "9e18", "4096"])
def test_a_label_past_the_class_bound_is_refused_before_undo(text: str) -> None:
    doc = Document.from_preset("spiral")
    labels = doc.labels.copy()
    with pytest.raises(EditRefused, match="too large for a class index.*0 to 4,095"):
        doc.set_cell("labels", 0, 0, text)
    assert np.array_equal(doc.labels, labels)
    assert not doc.history.can_undo  # nothing was remembered for a refused edit
    assert doc.set_cell("labels", 0, 0, "4095") == 4095.0


# ------------------------------------------------------------ undo's cost (issue 8, 3)
def big_document(layers: int = 4, width: int = 1000) -> Document:
    """``layers`` layers of width x width (4 M weights at the defaults), one sample."""
    doc = Document(Network.from_sizes([width] * (layers + 1)), np.ones((1, width)))
    return doc


def test_a_cell_edit_remembers_a_cell_not_the_document() -> None:
    doc = big_document()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for value in range(20):
            doc.set_cell("inputs", 0, value, str(value))
            doc.set_cell("weights", value, 0, str(value))
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown < 200_000  # a deep copy would be 32 MB an edit
    assert doc.history.nbytes < 40 * 1_000
    for _ in range(40):
        assert doc.undo()
    assert np.array_equal(doc.inputs, np.ones((1, 1000)))


def test_a_layer_edit_remembers_that_layer_and_training_all_layers() -> None:
    doc = big_document()
    layer_bytes = doc.network.steps[0].dense.weights.nbytes
    doc.reinitialise(5, 0.1)
    assert layer_bytes <= doc.history.nbytes < layer_bytes + 20_000
    doc.begin_training()
    assert doc.history.nbytes >= 5 * layer_bytes  # the old layer, and a copy of all four


def test_the_history_drops_the_oldest_steps_and_says_so() -> None:
    doc = big_document(layers=2, width=500)
    doc.history.max_bytes = 3 * 2**20  # room for one 2 MB layer record and some cells
    doc.reinitialise(1, 0.1)
    doc.reinitialise(2, 0.1)  # pushes the first reinitialise out
    doc.set_cell("inputs", 0, 0, "7")
    assert doc.undo() and doc.undo()
    assert not doc.undo()
    note = doc.undo_note()
    assert "Nothing more to undo" in note and "the last 1,000 steps, up to 3 MB" in note
    assert "The oldest 1 step was dropped to stay within 3 MB" in note
    doc = Document.from_preset()
    doc.history.max_steps = 5
    for value in range(8):
        doc.set_cell("inputs", 0, 0, str(value))
    for _ in range(5):
        assert doc.undo()
    assert not doc.undo() and doc.inputs[0, 0] == 2
    assert "3 steps were dropped to keep the last 5" in doc.undo_note()


# --------------------------------------------------------- undo restores all (issue 8, 5)
def test_undo_of_a_preset_load_restores_the_whole_state_and_redo_reloads_it() -> None:
    doc = Document.from_preset("two-layers")
    doc.select_layer(1)
    doc.toggle_view()
    before = state(doc)
    doc.load_preset("spiral")
    after = state(doc)
    assert doc.undo()
    assert same_state(state(doc), before)
    assert doc.preset == "two-layers" and doc.dtype == np.float64 and doc.weights_view == "rows"
    assert doc.redo() and same_state(state(doc), after)
    assert not doc.redo()
    assert doc.undo()
    doc.add_layer()  # a new edit ends the line of redos
    assert doc.layer.dense.weights.dtype == np.float64
    assert not doc.redo()
    assert "Nothing to redo" in doc.undo_note("redo")


def state(doc: Document) -> dict[str, object]:
    """Everything undo restores, copied."""
    return {
        "inputs": doc.inputs.copy(),
        "labels": None if doc.labels is None else doc.labels.copy(),
        "layers": [(s.dense.weights.copy(), s.dense.biases.copy(), s.activation.name) for s in doc.network.steps],
        "dtype": doc.dtype,
        "preset": doc.preset,
        "inits": list(doc.inits),
        "selected": doc.selected,
        "view": doc.weights_view,
        "pending": doc.incoming_rows,
    }


def bits(a: np.ndarray | None, b: np.ndarray | None) -> bool:
    """The same array bit for bit: shape, dtype and bytes (NaN included)."""
    if a is None or b is None:
        return a is b
    return a.shape == b.shape and a.dtype == b.dtype and a.tobytes() == b.tobytes()


def same_state(a: dict[str, object], b: dict[str, object]) -> bool:
    layers_a, layers_b = a["layers"], b["layers"]
    assert isinstance(layers_a, list) and isinstance(layers_b, list)
    return (
        bits(a["inputs"], b["inputs"])  # type: ignore[arg-type]
        and bits(a["labels"], b["labels"])  # type: ignore[arg-type]
        and len(layers_a) == len(layers_b)
        and all(bits(x[0], y[0]) and bits(x[1], y[1]) and x[2] == y[2] for x, y in zip(layers_a, layers_b))
        and all(a[key] == b[key] for key in ("dtype", "preset", "inits", "selected", "view", "pending"))
    )


def _train(doc: Document) -> None:
    """What a training session does to the document: one undo step, then in-place updates."""
    doc.begin_training()
    for step in doc.network.steps:
        step.dense.weights *= 0.5
        step.dense.biases += 0.25
    doc.training_changed()


EDITS = [
    lambda d, n, t: d.set_cell("inputs", n % 5, t % 5, str(n)),
    lambda d, n, t: d.set_cell("weights", n % 5, t % 5, f"{n}.5"),
    lambda d, n, t: d.set_cell("biases", 0, t % 5, str(-n)),
    lambda d, n, t: d.set_cell("labels", n % 5, 0, str(t % 4)),
    lambda d, n, t: d.add_sample(),
    lambda d, n, t: d.remove_sample(n % 5),
    lambda d, n, t: d.add_feature(),
    lambda d, n, t: d.remove_feature(n % 5),
    lambda d, n, t: d.toggle_labels(),
    lambda d, n, t: d.resize_layer(d.selected, 1 + n % 6, 1 + t % 6),
    lambda d, n, t: d.remove_layer_input(d.selected, n % 5),
    lambda d, n, t: d.remove_layer_neuron(d.selected, n % 5),
    lambda d, n, t: d.add_layer(),
    lambda d, n, t: d.remove_layer(),
    lambda d, n, t: d.cycle_activation(),
    lambda d, n, t: d.reinitialise(n, 0.1 * (1 + t % 3)),
    lambda d, n, t: d.transpose_weights(),
    lambda d, n, t: d.fix_error(),
    lambda d, n, t: d.load_preset(["spiral", "layer", "two-layers", "batch"][n % 4]),
    lambda d, n, t: d.use_data(np.arange(2 * (n + 1), dtype=float).reshape(-1, 2), np.arange(n + 1) % 3),
    lambda d, n, t: _train(d),
    # Not edits: they change what undo restores with the next edit, and leave no step.
    lambda d, n, t: d.select_layer(n % 4),
    lambda d, n, t: d.toggle_view(),
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(EDITS) - 1), st.integers(0, 9), st.integers(0, 9)), max_size=25))
def test_undo_all_gives_the_first_state_and_redo_all_the_last(ops: list[tuple[int, int, int]]) -> None:
    doc = Document.from_preset("two-layers")
    # befores[i]: the document just before edit i + 1 (selections since edit i included).
    befores: list[dict[str, object]] = []
    for which, n, t in ops:
        steps, version = doc.history.steps, doc.version
        before = state(doc)
        try:
            EDITS[which](doc, n, t)
        except EditRefused:
            assert doc.version == version and same_state(state(doc), before)  # refused: nothing changed
            continue
        if doc.history.steps > steps:
            befores.append(before)
    # Undoing edit i gives timeline[i - 1]; redoing it gives back timeline[i], the state
    # undo found (the one before edit i + 1, or the last one).
    timeline = befores + [state(doc)]
    for i in range(len(befores), 0, -1):
        assert doc.undo()
        assert same_state(state(doc), timeline[i - 1]), f"undo of edit {i}"
    assert not doc.undo()
    for i in range(1, len(befores) + 1):
        assert doc.redo()
        assert same_state(state(doc), timeline[i]), f"redo of edit {i}"
    assert not doc.redo()


# -------------------------------------------------------------- limits (issue 8, 3)
def test_add_layer_goes_through_the_weights_budget() -> None:
    doc = Document.from_preset()
    doc.resize_layer(0, 976, 4096)  # 3,997,696 weights: inside the budget
    with pytest.raises(EditRefused, match="the weights budget: all layers together may hold 4,000,000"):
        doc.add_layer()  # would be 4096 x 4096 more
    assert len(doc.network) == 2 and doc.history.steps == 1


def test_walk_to_each_budget_and_one_step_past_it() -> None:
    from tui.document import limits

    # Weights: two layers of 2000 x 1000 are exactly the budget.
    doc = Document.from_preset("layer")
    doc.resize_layer(0, 2000, 1000)
    doc.add_layer()
    doc.resize_layer(1, 1000, 2000)
    assert doc.counts()[0] == limits.MAX_WEIGHTS
    for step_past in (doc.add_layer, lambda: doc.resize_layer(1, 1000, 2001), lambda: doc.resize_layer(0, 2001, 1000)):
        with pytest.raises(EditRefused, match="weights budget"):
            step_past()
    # Activations: 10,000 samples x (2 features + 995 + 3 neurons) is exactly the budget.
    doc = Document.from_preset("spiral")
    doc.use_data(np.zeros((limits.MAX_SAMPLES, 2)), np.zeros(limits.MAX_SAMPLES))
    doc.resize_layer(0, 2, 995)
    doc.resize_layer(1, 995, 3)
    assert doc.inputs.shape[0] * (2 + 995 + 3) == limits.MAX_ACTIVATIONS
    for step_past in (doc.add_feature, lambda: doc.resize_layer(0, 2, 996), lambda: doc.resize_layer(1, 995, 4)):
        with pytest.raises(EditRefused, match="the activations budget: samples x \\(features \\+ all neurons\\)"):
            step_past()
    with pytest.raises(EditRefused, match="at most|1 to 10,000 samples"):
        doc.add_sample()
    assert doc.trace.ok  # the largest batch computes
    # Compute: 10,000 samples x 200,000 weights (2-400-400-98) is exactly the budget.
    doc.resize_layer(0, 2, 400)
    doc.resize_layer(1, 400, 98)
    doc.select_layer(0)
    doc.add_layer()  # 400 x 400 after layer 1
    assert [s.dense.weights.shape for s in doc.network.steps] == [(2, 400), (400, 400), (400, 98)]
    assert limits.MAX_SAMPLES * doc.counts()[0] == limits.MAX_MULTIPLY_ADDS
    with pytest.raises(EditRefused, match="the compute budget: samples x all weights"):
        doc.resize_layer(2, 400, 99)
    assert doc.trace.ok


def test_every_size_path_refuses_past_the_caps() -> None:
    doc = Document.from_preset()
    while len(doc.network) < 16:
        doc.add_layer()
    with pytest.raises(EditRefused, match="1 to 16 layers"):
        doc.add_layer()
    doc = Document.from_preset()
    with pytest.raises(EditRefused, match="between 1 and 4096"):
        doc.resize_layer(0, 4097, 1)
    with pytest.raises(EditRefused, match="1 to 4096 features"):
        doc.use_data(np.zeros((1, 4097)), np.zeros(1))


def test_undo_and_redo_of_training_are_safe_from_the_trainer_that_trained() -> None:
    from engine import Trainer

    doc = Document.from_preset("spiral")
    first = state(doc)
    trainer = Trainer(doc.network, doc.inputs, doc.labels)  # the layers become views of its buffer
    doc.begin_training()
    list(trainer.train(5))
    doc.training_changed()
    trained = state(doc)
    assert not same_state(trained, first)
    assert doc.undo() and same_state(state(doc), first)
    trainer.reset()  # a trainer left behind (the training view's z) still writes to its buffer
    assert same_state(state(doc), first)
    assert doc.redo() and same_state(state(doc), trained)


async def test_typing_a_huge_label_is_refused_under_the_cell_and_the_app_goes_on() -> None:
    from tests.tui.conftest import focus, grid_rows
    from tui.app.workbench import WorkbenchApp

    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40)) as pilot:
        await focus(pilot, app, "#labels")
        before = grid_rows(app, "#labels")[0]
        await pilot.press(*"1e19", "enter")
        await pilot.pause()
        assert "too large for a class index" in app.query_one("#labels").message
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running and grid_rows(app, "#labels")[0] == before
        await pilot.press("ctrl+z")  # nothing was remembered for the refused label
        await pilot.pause()
        assert "Nothing more to undo" in " ".join(n.message for n in app._notifications)


def test_the_fix_keeps_the_weight_rows_of_the_values_that_are_left() -> None:
    doc = Document.from_preset()
    w1 = doc.network.steps[0].dense.weights.copy()
    doc.remove_feature(2)
    doc.remove_feature(0)  # features f1 and f3 are left
    assert "removed weight rows i0, i2" in doc.fix_error()
    assert np.array_equal(doc.network.steps[0].dense.weights, w1[[1, 3]])
    doc.undo()
    # A new feature goes where the first removed one was (f0), meeting its row i0; the fix
    # then drops i2 only, so f1 and f3 still meet their own rows.
    assert "added feature f0 where the removed one was" in doc.add_feature()
    assert doc.inputs[:, 0].tolist() == [0, 0, 0]
    assert "removed weight row i2" in doc.fix_error()
    assert np.array_equal(doc.network.steps[0].dense.weights, w1[[0, 1, 3]])
    # Neurons: layer 1 shrinks from 3 to 1, so layer 2 keeps only the row of neuron 0.
    doc = Document.from_preset()
    w2 = doc.network.steps[1].dense.weights.copy()
    doc.resize_layer(0, 4, 1)
    doc.fix_error()
    assert np.array_equal(doc.network.steps[1].dense.weights, w2[[0]])


def test_a_sample_added_keeps_the_labels_type_and_undo_gives_back_the_same_labels() -> None:
    """Found by the undo property above: float32 targets became float64 when a sample was
    added, and undoing the sample left them float64."""
    doc = Document.from_preset("spiral")
    doc.remove_layer()
    doc.add_layer()  # a linear output: labels are float targets of the document's dtype
    doc.set_cell("labels", 0, 0, "0")
    assert doc.labels is not None and doc.labels.dtype == np.float32
    before = doc.labels.copy()
    doc.add_sample()
    assert doc.labels.dtype == np.float32 and doc.labels[-1] == 0
    assert doc.undo()
    assert doc.labels.dtype == before.dtype and np.array_equal(doc.labels, before)
