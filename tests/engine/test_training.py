"""The Trainer: the book's results, the book's numbers step by step, and its controls."""

from __future__ import annotations

import copy
import importlib.util
import threading
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from engine import (
    PRESETS,
    SGD,
    Adagrad,
    Adam,
    CategoricalCrossentropy,
    Dense,
    Linear,
    Network,
    ReLU,
    RMSprop,
    ShapeError,
    Softmax,
    SoftmaxCategoricalCrossentropy,
    Step,
    Trainer,
    TrainingDiverged,
    nnfs_mode,
    regularization_loss,
    spiral_data,
)
from engine.optimizers import Optimizer


def book_setup(dtype: np.dtype | type = np.float64, hidden: type = ReLU, **regularisers: float) -> tuple[Network, np.ndarray, np.ndarray]:
    """The book's chapter 10 start: seed 0, spiral_data(100, 3), Dense(2, 64), Dense(64, 3)."""
    nnfs_mode(0)
    X, y = spiral_data(100, 3, dtype)
    network = Network(
        [
            Step(Dense(2, 64, dtype=dtype, **regularisers), hidden()),
            Step(Dense(64, 3, dtype=dtype, **regularisers), Softmax()),
        ]
    )
    return network, X, y


def class_path_epoch(network: Network, X: np.ndarray, y: np.ndarray, optimizer: Optimizer) -> tuple[float, float]:
    """One epoch written with the book-compatible methods, as a learner would: (loss, accuracy)."""
    *hidden, last = network.steps
    current = X
    for step in hidden:
        current = step.activation.forward(step.dense.forward(current))
    loss_activation = SoftmaxCategoricalCrossentropy()
    data_loss = loss_activation.forward(last.dense.forward(current), y)
    loss = data_loss + sum(regularization_loss(step.dense) for step in network.steps)
    accuracy = float(np.mean(np.argmax(loss_activation.output, axis=1) == y))
    dvalues = last.dense.backward(loss_activation.backward(loss_activation.output, y))
    for step in reversed(hidden):
        dvalues = step.dense.backward(step.activation.backward(dvalues))
    optimizer.pre_update_params()
    for step in network.steps:
        optimizer.update_params(step.dense)
    optimizer.post_update_params()
    return loss, accuracy


def weights_of(network: Network) -> list[np.ndarray]:
    return [np.array(a) for step in network.steps for a in (step.dense.weights, step.dense.biases)]


def load_book_style() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "benchmarks" / "book_style.py"
    spec = importlib.util.spec_from_file_location("book_style", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- what the book reaches ----------------------------------------------------------------


@pytest.mark.slow  # the book's 10,001 epochs
@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["nnfs-mode", "float64"])
def test_adam_reaches_the_books_result(dtype: type) -> None:
    network, X, y = book_setup(dtype)
    trainer = Trainer(network, X, y, Adam(learning_rate=0.05, decay=5e-7))
    history = list(trainer.train(10001))
    assert history and history[-1].epoch == 10000
    last = history[-1]
    assert last.accuracy > 0.9 and last.loss < 0.25, last
    assert last.learning_rate == pytest.approx(0.05 / (1 + 5e-7 * 10000), rel=1e-12)  # the book's 0.04975...
    assert network.steps[0].dense.weights.dtype == dtype


@pytest.mark.slow  # the book's 10,001 epochs
def test_sgd_with_momentum_reaches_the_books_result() -> None:
    network, X, y = book_setup(np.float32)
    trainer = Trainer(network, X, y, SGD(learning_rate=1.0, decay=1e-3, momentum=0.9))
    last = list(trainer.train(10001))[-1]
    assert last.accuracy > 0.9 and last.loss < 0.25, last


# -- the same numbers as the book's code --------------------------------------------------


def test_trainer_equals_the_book_compatible_methods_step_by_step() -> None:
    network, X, y = book_setup()
    reference = copy.deepcopy(network)
    trainer = Trainer(network, X, y, Adam(learning_rate=0.05, decay=5e-7))
    reference_optimizer = Adam(learning_rate=0.05, decay=5e-7)
    for stats in trainer.train(40):
        loss, accuracy = class_path_epoch(reference, X, y, reference_optimizer)
        assert stats.loss == pytest.approx(loss, rel=1e-12)
        assert stats.accuracy == accuracy
        assert stats.learning_rate == reference_optimizer.current_learning_rate
    for ours, theirs in zip(weights_of(network), weights_of(reference)):
        np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("optimizer_name", ["adam", "sgd"])
def test_trainer_equals_the_books_literal_code(optimizer_name: str) -> None:
    book = load_book_style()
    nnfs_mode(0)
    X, y = spiral_data(100, 3)
    if optimizer_name == "adam":
        ours, theirs = Adam(learning_rate=0.05, decay=5e-7), book.Optimizer_Adam(learning_rate=0.05, decay=5e-7)
    else:
        ours, theirs = SGD(decay=1e-3, momentum=0.9), book.Optimizer_SGD(decay=1e-3, momentum=0.9)
    dense1, dense2, book_loss, book_accuracy = book.train_book_style(X, y, theirs, epochs=60, seed=1)
    np.random.seed(1)
    network = Network([Step(Dense(2, 64), ReLU()), Step(Dense(64, 3), Softmax())])
    last = list(Trainer(network, X, y, ours).train(60))[-1]
    assert last.loss == pytest.approx(book_loss, rel=1e-10)
    assert last.accuracy == book_accuracy
    np.testing.assert_allclose(network.steps[0].dense.weights, dense1.weights, rtol=1e-8, atol=1e-12)
    np.testing.assert_allclose(network.steps[1].dense.biases, dense2.biases, rtol=1e-8, atol=1e-12)


# The book's Chapter_10/Ch10_Final.py (github.com/Sentdex/nnfs_book), with nnfs.init(), run
# for 1001 epochs; at every 100th it printed repr(float(loss)), repr(float(accuracy)) and
# repr(optimizer.current_learning_rate). Its code stays out of this project: these are its
# figures.
BOOK_CHAPTER_10 = [
    (0, 1.098594307899475, 0.36, 0.05),
    (100, 0.7050226926803589, 0.67, 0.04999752512250644),
    (200, 0.5223735570907593, 0.7966666666666666, 0.04999502549496326),
    (300, 0.4298107326030731, 0.8466666666666667, 0.049992526117345455),
    (400, 0.34374159574508667, 0.8866666666666667, 0.04999002698961558),
    (500, 0.30293700098991394, 0.91, 0.049987528111736124),
    (600, 0.27604541182518005, 0.9066666666666666, 0.049985029483669646),
    (700, 0.2522711753845215, 0.9166666666666666, 0.049982531105378675),
    (800, 0.2446342259645462, 0.92, 0.04998003297682575),
    (900, 0.22839798033237457, 0.93, 0.049977535097973466),
    (1000, 0.2165888398885727, 0.94, 0.049975037468784345),
]


def test_nnfs_mode_prints_the_books_chapter_10_run_to_the_last_bit() -> None:
    network, X, y = book_setup(np.float32)
    run = list(Trainer(network, X, y, Adam(learning_rate=0.05, decay=5e-7)).train(1001))
    for epoch, loss, accuracy, learning_rate in BOOK_CHAPTER_10:
        # The book's loss is np.mean of float32 losses, a float32.
        assert float(np.float32(run[epoch].loss)) == loss, epoch
        assert run[epoch].accuracy == accuracy, epoch
        # The book prints the rate before the epoch's own decay step: the previous epoch's.
        assert (run[epoch - 1].learning_rate if epoch else 0.05) == learning_rate, epoch


def test_nnfs_mode_trains_in_float32_like_the_class_path() -> None:
    network, X, y = book_setup(np.float32)
    reference = copy.deepcopy(network)
    trainer = Trainer(network, X, y, SGD(learning_rate=1.0, momentum=0.5))
    reference_optimizer = SGD(learning_rate=1.0, momentum=0.5)
    for stats in trainer.train(20):
        loss, _ = class_path_epoch(reference, X, y, reference_optimizer)
        assert stats.loss == pytest.approx(loss, rel=1e-5)
    assert trainer.flat.params.dtype == np.float32
    for ours, theirs in zip(weights_of(network), weights_of(reference)):
        np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-6)


def test_gradients_stay_on_the_layers_after_an_epoch() -> None:
    network, X, y = book_setup()
    reference = copy.deepcopy(network)
    trainer = Trainer(network, X, y, SGD(learning_rate=0.5))
    trainer.run_epoch()
    class_path_epoch(reference, X, y, SGD(learning_rate=0.5))
    for step, reference_step in zip(network.steps, reference.steps):
        np.testing.assert_allclose(step.dense.dweights, reference_step.dense.dweights, rtol=1e-10, atol=1e-15)
        np.testing.assert_allclose(step.dense.dbiases, reference_step.dense.dbiases, rtol=1e-10, atol=1e-15)
    copies = trainer.layer_gradients()
    np.testing.assert_array_equal(copies[1][0], network.steps[1].dense.dweights)
    assert copies[1][0] is not network.steps[1].dense.dweights


def test_regularisation_is_in_the_loss_and_the_updates() -> None:
    network, X, y = book_setup(weight_regularizer_l2=5e-4, bias_regularizer_l2=5e-4)
    reference = copy.deepcopy(network)
    trainer = Trainer(network, X, y, Adam(learning_rate=0.02))
    reference_optimizer = Adam(learning_rate=0.02)
    for stats in trainer.train(30):
        expected_regularisation = sum(regularization_loss(step.dense) for step in reference.steps)
        loss, _ = class_path_epoch(reference, X, y, reference_optimizer)
        assert stats.regularization_loss == pytest.approx(expected_regularisation, rel=1e-10)
        assert stats.loss == pytest.approx(loss, rel=1e-12)
        assert stats.loss == pytest.approx(stats.data_loss + stats.regularization_loss, rel=1e-15)
    assert stats.regularization_loss > 0
    # Adam divides by the root of each gradient's own size, so a weight whose gradient is
    # near 0 carries the summation-order noise of BLAS at about 1e-12: hence atol.
    for ours, theirs in zip(weights_of(network), weights_of(reference)):
        np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-10)


# -- mini-batches and validation -------------------------------------------------------------


def test_mini_batches_without_shuffling_step_through_the_data_in_order() -> None:
    network, X, y = book_setup()
    reference = copy.deepcopy(network)
    trainer = Trainer(network, X, y, SGD(learning_rate=0.5), batch_size=64, shuffle=False)
    assert trainer.steps_per_epoch == 5  # 4 x 64 + 44
    reference_optimizer = SGD(learning_rate=0.5)
    for stats in trainer.train(3):
        losses = []
        for start in range(0, 300, 64):
            loss, _ = class_path_epoch(reference, X[start : start + 64], y[start : start + 64], reference_optimizer)
            losses.append(loss * len(X[start : start + 64]))
        assert stats.loss == pytest.approx(sum(losses) / 300, rel=1e-12)
        assert stats.steps == 5 * (stats.epoch + 1)
    for ours, theirs in zip(weights_of(network), weights_of(reference)):
        np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-12)


def test_shuffled_mini_batches_are_reproducible_from_the_seed() -> None:
    def history(seed: int) -> list[float]:
        network, X, y = book_setup()
        trainer = Trainer(network, X, y, Adam(learning_rate=0.01), batch_size=32, seed=seed)
        return [stats.loss for stats in trainer.train(5)]

    assert history(1) == history(1)
    assert history(1) != history(2)


def test_validation_split_holds_out_a_random_fifth() -> None:
    network, X, y = book_setup()
    trainer = Trainer(network, X, y, Adam(learning_rate=0.05), validation_split=0.2, seed=3)
    assert trainer.X_val is not None and trainer.y_val is not None
    assert len(trainer.X_train) == 240 and len(trainer.X_val) == 60
    together = np.concatenate([trainer.X_train, trainer.X_val])
    assert sorted(map(tuple, together)) == sorted(map(tuple, X))
    assert len(set(trainer.y_val.tolist())) == 3  # shuffled: not just the last class
    for stats in trainer.train(5):
        assert stats.val_loss is not None and stats.val_accuracy is not None
    # Validation is measured with the weights at the end of the epoch.
    trace = network.forward_trace(trainer.X_val, trainer.y_val)
    assert stats.val_loss == pytest.approx(trace.loss, rel=1e-12)
    assert stats.val_accuracy == trace.accuracy
    assert trainer.evaluate() == (pytest.approx(trace.loss, rel=1e-12), trace.accuracy)


def test_without_validation_the_fields_are_none() -> None:
    network, X, y = book_setup()
    stats = Trainer(network, X, y).run_epoch()
    assert stats.val_loss is None and stats.val_accuracy is None
    with pytest.raises(ValueError, match="validation"):
        Trainer(network, X, y).evaluate()


# -- controls -----------------------------------------------------------------------------------


def test_train_stops_between_epochs_and_resumes() -> None:
    network, X, y = book_setup()
    trainer = Trainer(network, X, y, Adam(learning_rate=0.05))
    assert [s.epoch for s in trainer.train(100, stop=lambda: trainer.epoch >= 3)] == [0, 1, 2]
    for stats in trainer.train(100):
        if stats.epoch == 5:
            break
    after_the_request = []
    for stats in trainer.train(100):
        after_the_request.append(stats.epoch)
        trainer.request_stop()
    assert after_the_request == [6] and trainer.epoch == 7
    assert [s.epoch for s in trainer.history] == list(range(7))


def test_training_in_a_thread_stops_when_asked() -> None:
    network, X, y = book_setup()
    trainer = Trainer(network, X, y, Adam(learning_rate=0.05))
    seen: list[int] = []
    started = threading.Event()

    def work() -> None:
        for stats in trainer.train(10**6):
            seen.append(stats.epoch)
            started.set()

    thread = threading.Thread(target=work)
    thread.start()
    started.wait(timeout=10)
    trainer.request_stop()
    thread.join(timeout=10)
    assert not thread.is_alive()
    assert 0 < len(seen) < 10**6 and seen == list(range(len(seen)))


def test_a_long_run_keeps_a_bounded_history_with_its_first_and_latest_epochs(monkeypatch: pytest.MonkeyPatch) -> None:
    import engine.thinning

    monkeypatch.setattr(engine.thinning, "HISTORY_LIMIT", 64)
    np.random.seed(0)
    X, y = spiral_data(5, 3)
    network = Network([Step(Dense(2, 3), ReLU()), Step(Dense(3, 3), Softmax())])
    trainer = Trainer(network, X, y, SGD(learning_rate=0.1))
    for _ in trainer.train(2000):
        assert len(trainer.history) <= 64
    epochs = [s.epoch for s in trainer.history]
    assert epochs[0] == 0 and epochs[-1] == 1999
    assert epochs[-32:] == list(range(1968, 2000))  # the newest half at full resolution
    assert epochs == sorted(set(epochs))


def test_thinning_halves_the_older_points_and_keeps_the_lists_in_step() -> None:
    from engine.thinning import thin

    epochs, losses = list(range(9)), [float(e) for e in range(9)]
    thin((epochs, losses), limit=8)
    assert epochs == [0, 2, 4, 5, 6, 7, 8] and losses == [float(e) for e in epochs]
    long = list(range(100))
    thin((long,), limit=8)  # far over the bound at once: thinned until it fits
    assert len(long) <= 8 and long[0] == 0 and long[-1] == 99


# -- heavy epochs: slices of samples, a stop between them ---------------------------------------


def sliced(monkeypatch: pytest.MonkeyPatch, work: int) -> None:
    """Make SLICE_WORK small, so that a small network's epoch is heavy."""
    import engine.training

    monkeypatch.setattr(engine.training, "SLICE_WORK", work)
    monkeypatch.setattr(engine.training, "MIN_SLICE", 1)


@pytest.mark.parametrize("regularised", [False, True])
def test_a_heavy_batch_in_slices_trains_as_the_whole_batch(monkeypatch: pytest.MonkeyPatch, regularised: bool) -> None:
    regularisers = {"weight_regularizer_l2": 5e-4, "bias_regularizer_l1": 1e-4} if regularised else {}
    network, X, y = book_setup(**regularisers)
    whole = list(Trainer(network, X, y, Adam(0.05)).train(30))
    sliced(monkeypatch, 70 * 387)  # 387 parameters: slices of 70 samples, the last of 20
    network2, X2, y2 = book_setup(**regularisers)
    trainer = Trainer(network2, X2, y2, Adam(0.05))
    assert list(trainer._slices(300)) == [0, 70, 140, 210, 280]
    parts = list(trainer.train(30))
    for a, b in zip(whole, parts):
        assert b.loss == pytest.approx(a.loss, rel=1e-9) and b.accuracy == a.accuracy
    for ours, theirs in zip(weights_of(network2), weights_of(network)):
        np.testing.assert_allclose(ours, theirs, rtol=1e-7, atol=1e-12)


def test_a_book_size_network_runs_unsliced() -> None:
    network, X, y = book_setup()
    assert len(Trainer(network, X, y)._slices(300)) == 1


def test_the_stop_is_consulted_between_the_slices_of_a_heavy_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    sliced(monkeypatch, 70 * 387)
    network, X, y = book_setup()
    trainer = Trainer(network, X, y, Adam(0.05))
    list(trainer.train(2))
    before = weights_of(network)
    calls: list[int] = []

    def stop() -> bool:
        calls.append(trainer.epoch)
        return len(calls) == 3  # before the epoch, after slice 1, then after slice 2: stop

    assert list(trainer.train(5, stop=stop)) == []
    assert len(calls) == 3 and trainer.epoch == 2 and trainer.optimizer.iterations == 2
    for ours, theirs in zip(weights_of(network), before):
        np.testing.assert_array_equal(ours, theirs)  # the stopped epoch took no step


def test_a_stop_between_heavy_mini_batches_undoes_the_epoch_so_it_resumes_exactly(monkeypatch: pytest.MonkeyPatch) -> None:
    sliced(monkeypatch, 100 * 387)
    reference, X, y = book_setup()
    expected = list(Trainer(reference, X, y, Adam(0.05), batch_size=32).train(3))
    network, X, y = book_setup()
    trainer = Trainer(network, X, y, Adam(0.05), batch_size=32)
    calls = 0

    def stop() -> bool:
        nonlocal calls
        calls += 1
        return calls == 16  # in the middle of the second epoch's 10 batches

    first = list(trainer.train(3, stop=stop))
    assert [s.epoch for s in first] == [0] and trainer.optimizer.iterations == 10
    rest = list(trainer.train(2))
    assert [s.loss for s in first + rest] == [s.loss for s in expected]
    for ours, theirs in zip(weights_of(network), weights_of(reference)):
        np.testing.assert_array_equal(ours, theirs)


def test_a_stop_during_a_heavy_validation_keeps_the_epoch_without_its_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    sliced(monkeypatch, 20 * 387)
    network, X, y = book_setup()
    trainer = Trainer(network, X, y, Adam(0.05), validation_split=0.2)
    calls = 0

    def stop() -> bool:
        nonlocal calls
        calls += 1
        # 1 before the epoch, 11 between its 12 training slices, then the 2nd of the 2
        # between the 3 validation slices; and on (before the next epoch).
        return calls >= 14

    stats = list(trainer.train(3, stop=stop))
    assert len(stats) == 1 and stats[0].val_loss is None and trainer.optimizer.iterations == 1


def test_reset_restores_the_first_weights_and_starts_again() -> None:
    network, X, y = book_setup()
    first = weights_of(network)
    trainer = Trainer(network, X, y, Adam(learning_rate=0.05, decay=1e-3), batch_size=100, seed=4)
    before = [s.loss for s in trainer.train(5)]
    assert not np.array_equal(weights_of(network)[0], first[0])
    trainer.reset()
    for restored, original in zip(weights_of(network), first):
        np.testing.assert_array_equal(restored, original)
    for (w, b), (w0, b0) in zip(trainer.initial_weights(), zip(first[::2], first[1::2])):
        np.testing.assert_array_equal(w, w0)
        np.testing.assert_array_equal(b, b0)
    assert trainer.epoch == 0 and trainer.history == [] and trainer.optimizer.iterations == 0
    assert [s.loss for s in trainer.train(5)] == before


def test_weights_edited_between_epochs_are_taken_in() -> None:
    network, X, y = book_setup()
    trainer = Trainer(network, X, y, SGD(learning_rate=0.5))
    trainer.run_epoch()
    edited = np.array(network.steps[1].dense.weights) * 2
    network.steps[1].dense.weights = edited.copy()
    reference = copy.deepcopy(network)
    stats = trainer.run_epoch()
    loss, _ = class_path_epoch(reference, X, y, SGD(learning_rate=0.5))
    assert stats.loss == pytest.approx(loss, rel=1e-12)
    network.steps[1].dense.weights = np.zeros((64, 4))
    with pytest.raises(ValueError, match="changed shape"):
        trainer.run_epoch()


def test_an_activation_changed_between_epochs_is_followed() -> None:
    network, X, y = book_setup()
    trainer = Trainer(network, X, y, SGD(learning_rate=0.5))
    trainer.run_epoch()
    network.steps[0].activation = Linear()
    reference = copy.deepcopy(network)
    stats = trainer.run_epoch()
    loss, _ = class_path_epoch(reference, X, y, SGD(learning_rate=0.5))
    assert stats.loss == pytest.approx(loss, rel=1e-12)
    network.steps.append(Step(Dense(3, 3), Softmax()))
    with pytest.raises(ValueError, match="layers changed"):
        trainer.run_epoch()


# -- when it goes wrong ----------------------------------------------------------------------------


def diverging_setup() -> tuple[Network, np.ndarray, np.ndarray]:
    # Without ReLU nothing dies, so too large a rate makes the weights grow without bound.
    return book_setup(hidden=Linear)


def test_a_run_that_blows_up_stops_says_why_and_keeps_the_last_good_weights() -> None:
    network, X, y = diverging_setup()
    trainer = Trainer(network, X, y, SGD(learning_rate=1e6))
    with pytest.raises(TrainingDiverged) as caught:
        for _ in trainer.train(1000):
            pass
    error = caught.value
    message = str(error)
    assert f"at epoch {error.epoch}" in message
    assert ": the learning rate 1e6 is too high; try 1, the book's rate for SGD, or add decay" in message
    assert error.learning_rate == 1e6 and error.suggested_learning_rate == 1.0
    assert trainer.diverged is error
    # The count follows the weights: the epochs from the restored one on are undone.
    assert error.restored_epoch is not None and len(trainer.history) == trainer.epoch == error.restored_epoch
    assert all(np.isfinite(s.loss) for s in trainer.history)
    # The weights are those of the restored epoch, as a second run that stops there has them.
    assert error.restored_epoch is not None and error.restored_epoch <= error.epoch
    assert f"back to those of epoch {error.restored_epoch}" in message
    twin, X2, y2 = diverging_setup()
    twin_trainer = Trainer(twin, X2, y2, SGD(learning_rate=1e6))
    for _ in twin_trainer.train(error.restored_epoch):
        pass
    for ours, theirs in zip(weights_of(network), weights_of(twin)):
        assert np.all(np.isfinite(ours))
        np.testing.assert_array_equal(ours, theirs)
    # Training can go on from there with a sensible rate.
    trainer.optimizer = SGD(learning_rate=1e-3)
    assert np.isfinite(trainer.run_epoch().loss)


def spiral_preset() -> tuple[Network, np.ndarray, np.ndarray]:
    example = PRESETS["spiral"].build()
    assert example.labels is not None
    return example.network, example.inputs, example.labels


def two_layers_preset_with_softmax() -> tuple[Network, np.ndarray, np.ndarray]:
    """The default preset as the training view's f fits it to spiral data: its first layer
    keeps the weights of the first 2 inputs, and the last layer gets a softmax."""
    network = PRESETS["two-layers"].build().network
    first = network.steps[0].dense
    network.steps[0] = Step(Dense.from_arrays(first.weights[:2], first.biases), network.steps[0].activation)
    network.steps[-1].activation = Softmax()
    np.random.seed(0)
    X, y = spiral_data(100, 3)
    return network, X, y


PRESETS_LEARNERS_USE = {"spiral": spiral_preset, "two-layers": two_layers_preset_with_softmax}


@pytest.mark.parametrize("preset", PRESETS_LEARNERS_USE)
@pytest.mark.parametrize("optimizer", [Adam, SGD])
def test_a_learning_rate_of_1e6_on_a_learners_preset_stops_with_the_rate_to_try(preset: str, optimizer: type) -> None:
    network, X, y = PRESETS_LEARNERS_USE[preset]()
    first = largest_weight(network)
    trainer = Trainer(network, X, y, optimizer(learning_rate=1e6))
    seen: list[float] = []  # each epoch's loss as it came (the history drops the undone epochs)
    with pytest.raises(TrainingDiverged) as caught:
        for stats in trainer.train(10001):
            seen.append(stats.loss)
    message = str(caught.value)
    assert "the weights exploded" in message or "the loss climbed" in message
    # Not a hundredth (1e4, still hopeless): the book's rate, which is known to work.
    book = {Adam: "0.05, the book's rate for Adam", SGD: "1, the book's rate for SGD"}[optimizer]
    assert f"the learning rate 1e6 is too high; try {book}, or add decay" in message
    # Put back to weights from before it went wrong, not those of 2e9.
    assert largest_weight(network) < 1e3 * max(first, 1.0)
    restored = caught.value.restored_epoch
    assert restored is None or seen[restored] <= 3 * seen[0]


@pytest.mark.parametrize("preset", PRESETS_LEARNERS_USE)
@pytest.mark.parametrize(
    "optimizer", [Adam(0.05, 5e-7), SGD(1.0, 1e-3, 0.5), Adagrad(1.0, 1e-4), RMSprop(0.02, 1e-5)], ids=repr
)
def test_sensible_rates_on_a_learners_preset_are_not_called_divergence(preset: str, optimizer: Optimizer) -> None:
    network, X, y = PRESETS_LEARNERS_USE[preset]()
    history = list(Trainer(network, X, y, optimizer).train(1000))
    assert len(history) == 1000


@pytest.mark.parametrize(
    ("optimizer", "rate", "advice"),
    [
        (Adam, 1e6, (0.05, "the book's rate for Adam")),
        (RMSprop, 10, (0.02, "the book's rate for RMSprop")),
        (Adagrad, 1e4, (1.0, "the book's rate for Adagrad")),
        (SGD, 50, (0.5, "a hundredth of it")),  # below the book's 1: a hundredth is the smaller
        (Adam, 1, (0.01, "a hundredth of it")),
    ],
)
def test_the_rate_to_try_is_the_smaller_of_a_hundredth_and_the_books(optimizer: type, rate: float, advice: tuple[float, str]) -> None:
    from engine.divergence import rate_to_try

    assert rate_to_try(rate, optimizer.__name__) == advice


def test_the_engines_book_rates_are_the_training_forms() -> None:
    from engine.divergence import BOOK_RATES
    from tui.training.settings import BOOK

    names = {"SGD": "sgd", "Adagrad": "adagrad", "RMSprop": "rmsprop", "Adam": "adam"}
    assert {name: float(BOOK[key][0]) for name, key in names.items()} == BOOK_RATES


def test_a_climb_is_stopped_only_after_it_stays_and_the_message_says_from_where() -> None:
    network, X, y = spiral_preset()
    trainer = Trainer(network, X, y, Adam(learning_rate=1000))
    losses: list[float] = []
    said = r"the loss climbed from 1.098 at the start to [\d.]+ at epoch \d+, and stayed above 3.295 for 50 epochs"
    with pytest.raises(TrainingDiverged, match=said) as caught:
        for stats in trainer.train(10001):
            losses.append(stats.loss)
    assert all(loss > 3.295 for loss in losses[-49:])  # the 50th is the one that stopped it
    restored = caught.value.restored_epoch
    assert restored is not None and losses[restored] <= 3.295
    # Training goes on from the restored weights: the climb's epochs are undone.
    assert trainer.epoch == restored and [s.loss for s in trainer.history] == losses[:restored]


def largest_weight(network: Network) -> float:
    return max(float(np.max(np.abs(a))) for a in weights_of(network))


def test_weights_too_large_to_compute_with_are_blamed_not_the_learning_rate() -> None:
    network, X, y = two_layers_preset_with_softmax()
    network.steps[1].dense.weights[0, 0] = network.steps[1].dense.weights[1, 0] = 1e308
    with pytest.raises(TrainingDiverged) as caught:
        list(Trainer(network, X, y, Adam(0.001)).train(10))
    message = str(caught.value)
    assert "before any training step: this is not the learning rate" in message
    assert "the largest is 1e308" in message and "overflow" in message
    assert "try" not in message and not caught.value.blames_rate


def test_two_finite_weights_of_1e308_are_not_called_infinite() -> None:
    # Their sum overflows, but each is finite and the loss too: nothing went wrong yet.
    network, X, y = two_layers_preset_with_softmax()
    network.steps[0].dense.weights[0, 0] = network.steps[0].dense.weights[1, 0] = 1e308
    history = list(Trainer(network, X, y, Adam(0.001)).train(5))
    assert len(history) == 5 and all(np.isfinite(s.loss) for s in history)


def test_weights_that_became_infinite_from_huge_ones_are_blamed_on_their_size() -> None:
    network, X, y = two_layers_preset_with_softmax()
    network.steps[0].dense.biases[0, 0] = 1.7e308  # a step of SGD(1e300) pushes it past the top
    trainer = Trainer(network, X, y, SGD(learning_rate=1e300))
    with pytest.raises(TrainingDiverged) as caught:
        list(trainer.train(5))
    message = str(caught.value)
    assert "they were already huge before the step: this is not the learning rate" in message


def test_divergence_in_mini_batches_and_float32_is_caught_too() -> None:
    network, X, y = book_setup(np.float32, hidden=Linear)
    trainer = Trainer(network, X, y, SGD(learning_rate=1e6, decay=1e-9), batch_size=50)
    with pytest.raises(TrainingDiverged, match="try 1, the book's rate for SGD, or a larger decay"):
        list(trainer.train(1000))
    assert all(np.all(np.isfinite(w)) for w in weights_of(network))


# -- other networks and inputs ----------------------------------------------------------------


def test_a_network_ending_without_softmax_trains_through_the_chained_backward() -> None:
    rng = np.random.default_rng(0)
    X = rng.standard_normal((50, 2))
    y = (X[:, 0] > 0).astype(int)
    network = Network([Step(Dense(2, 8), ReLU()), Step(Dense.from_arrays(0.01 * rng.standard_normal((8, 2)), [[0.5, 0.5]]), Linear())])
    # Cross-entropy asked for by name: a linear output is scored by MSE unless told otherwise.
    history = list(Trainer(network, X, y, SGD(learning_rate=0.05), loss=CategoricalCrossentropy()).train(30))
    assert all(np.isfinite(s.loss) for s in history)
    assert history[-1].loss < history[0].loss


def test_chained_and_fused_softmax_train_alike() -> None:
    losses = []
    for fuse in (True, False):
        network, X, y = book_setup()
        losses.append([s.loss for s in Trainer(network, X, y, Adam(0.05), fuse_softmax=fuse).train(20)])
    np.testing.assert_allclose(losses[0], losses[1], rtol=1e-9)


def test_bad_inputs_are_explained() -> None:
    network, X, y = book_setup()
    with pytest.raises(ShapeError):
        Trainer(network, np.ones((300, 3)), y)
    with pytest.raises(ShapeError, match="labels"):
        Trainer(network, X, y[:-1])
    with pytest.raises(ShapeError, match="outside"):
        Trainer(network, X, np.full(300, 5))
    with pytest.raises(ValueError, match="validation_split"):
        Trainer(network, X, y, validation_split=1.0)
    with pytest.raises(ValueError, match="batch_size"):
        Trainer(network, X, y, batch_size=0)
    bad = X.copy()
    bad[3, 1] = np.nan
    with pytest.raises(ValueError, match="finite"):
        Trainer(network, bad, y)
    with pytest.raises(ValueError, match="no layers"):
        Trainer(Network(), X, y)


@pytest.mark.parametrize("epochs", [float("nan"), float("inf"), None, 2.5, -1, True, "10"])
def test_epochs_that_are_not_a_whole_count_are_refused_in_words(epochs: object) -> None:
    network, X, y = book_setup()
    trainer = Trainer(network, X, y)
    with pytest.raises(ValueError, match="epochs must be a whole number"):
        trainer.train(epochs)  # type: ignore[arg-type]
    assert trainer.epoch == 0


@pytest.mark.parametrize("batch_size", [float("nan"), float("inf"), True, 0, 2.5, "32"])
def test_batch_sizes_that_are_not_a_whole_count_are_refused_in_words(batch_size: object) -> None:
    network, X, y = book_setup()
    with pytest.raises(ValueError, match="batch_size must be a whole number"):
        Trainer(network, X, y, batch_size=batch_size)  # type: ignore[arg-type]


def test_whole_number_epochs_and_batch_sizes_of_any_numeric_type_are_taken() -> None:
    network, X, y = book_setup()
    trainer = Trainer(network, X, y, batch_size=np.int64(100))
    assert trainer.batch_size == 100
    assert len(list(trainer.train(2.0))) == 2  # type: ignore[arg-type]
    assert len(list(trainer.train(np.int32(1)))) == 1  # type: ignore[arg-type]


def test_no_samples_is_refused_as_no_samples() -> None:
    network, X, y = book_setup()
    with pytest.raises(ValueError, match="no samples to train on") as refused:
        Trainer(network, X[:0], y[:0])
    assert "validation" not in str(refused.value)


def test_one_hot_labels_and_a_custom_loss_instance_are_accepted() -> None:
    network, X, y = book_setup()
    stats = Trainer(network, X, np.eye(3)[y], loss=CategoricalCrossentropy()).run_epoch()
    assert stats.loss == pytest.approx(np.log(3), abs=1e-3)


def test_last_update_ratio_is_the_latest_step_relative_to_the_weights() -> None:
    from engine import SGD, Dense, Network, ReLU, Softmax, Step, Trainer, spiral_data

    np.random.seed(0)
    X, y = spiral_data(20, 3)
    network = Network([Step(Dense(2, 4, weight_scale=0.1), ReLU()), Step(Dense(4, 3, weight_scale=0.1), Softmax())])
    trainer = Trainer(network, X, y, SGD(learning_rate=0.5), shuffle=False)
    trainer.run_epoch()
    before = trainer.weights()
    trainer.run_epoch()
    after = trainer.weights()
    expected = [
        float(np.sqrt(np.sum((w1 - w0) ** 2) + np.sum((b1 - b0) ** 2)) / np.sqrt(np.sum(w1**2) + np.sum(b1**2)))
        for (w0, b0), (w1, b1) in zip(before, after)
    ]
    assert trainer.last_update_ratios() == pytest.approx(expected)
    # Asking moves nothing: the weights stay, and asking again gives the same step's ratios.
    for (w, b), (w_now, b_now) in zip(after, trainer.weights()):
        np.testing.assert_array_equal(w, w_now)
        np.testing.assert_array_equal(b, b_now)
    assert trainer.last_update_ratios() == pytest.approx(expected)
    # The latest step, not an earlier one: a third epoch's step gives other ratios...
    trainer.run_epoch()
    third = trainer.last_update_ratios()
    assert third != pytest.approx(expected)
    # ... and before any step there is none: every layer's ratio is 0.
    trainer.reset()
    assert trainer.last_update_ratios() == [0.0, 0.0]


def test_a_presets_own_book_rate_is_the_rate_to_try_when_below_a_hundredth() -> None:
    from engine.divergence import rate_to_try

    assert rate_to_try(1e6, "Adam", (0.005, "Chapter 17")) == (0.005, "the book's rate in Chapter 17")
    assert rate_to_try(0.1, "Adam", (0.005, "Chapter 17")) == (0.1 / 100, "a hundredth of it")
    assert rate_to_try(1e6, "Adam") == (0.05, "the book's rate for Adam")  # no preset: chapter 10's
