"""Issue 11: the loss follows the last activation, in the forward trace and in training;
dropout is off in the trace and on while training."""

from __future__ import annotations

import numpy as np
import pytest

import engine.training
from engine import (
    SGD,
    Adam,
    BinaryCrossentropy,
    Dense,
    Dropout,
    Linear,
    MeanAbsoluteError,
    MeanSquaredError,
    Network,
    ReLU,
    Sigmoid,
    Softmax,
    SoftmaxCategoricalCrossentropy,
    Step,
    Trainer,
    binary_accuracy,
    regression_accuracy,
    sine_data,
    spiral_data,
)
from engine.loss_choice import loss_for
from engine.metrics import regression_precision


def test_the_loss_follows_the_last_activation() -> None:
    assert loss_for("softmax") == "categorical cross-entropy"
    assert loss_for("sigmoid") == "binary cross-entropy"
    assert loss_for("linear") == "mean squared error"
    assert loss_for("linear", "mae") == "mean absolute error"
    assert loss_for("linear", "MSE") == "mean squared error"
    assert loss_for("relu") is None
    with pytest.raises(ValueError, match='no loss choice called "huber"'):
        loss_for("linear", "huber")


# -- the forward trace ------------------------------------------------------------------


def _one_output(activation: object, weights: list[list[float]], bias: float) -> Network:
    return Network([Step(Dense.from_arrays(np.array(weights), np.array([[bias]])), activation)])  # type: ignore[arg-type]


def test_a_sigmoid_output_is_scored_by_binary_crossentropy() -> None:
    network = _one_output(Sigmoid(), [[2.0], [-1.0]], 0.5)
    X = np.array([[1.0, 0.0], [0.0, 2.0], [0.5, 0.5], [-1.0, 1.0]])
    y = np.array([1, 0, 0, 1])
    trace = network.forward_trace(X, y)
    output = 1 / (1 + np.exp(-(X @ [[2.0], [-1.0]] + 0.5)))
    assert trace.ok and trace.loss_name == "binary cross-entropy"
    assert trace.loss == pytest.approx(BinaryCrossentropy().calculate(output, y), rel=1e-15)
    np.testing.assert_allclose(trace.sample_losses, -np.log([output[0, 0], 1 - output[1, 0], 1 - output[2, 0], output[3, 0]]))
    assert trace.predictions.tolist() == [[1], [0], [1], [0]]
    assert trace.accuracy == binary_accuracy(output, y) == 0.5
    assert trace.confidences is None and trace.labels.shape == (4, 1)
    assert network.forward_trace(X).loss_name == "binary cross-entropy"  # named without labels too


def test_a_sigmoid_label_that_is_not_0_or_1_is_a_label_error() -> None:
    trace = _one_output(Sigmoid(), [[1.0]], 0.0).forward_trace(np.ones((2, 1)), np.array([1, 3]))
    assert trace.error is not None and trace.error.operation == "class index"
    assert "label 3 of sample 1 is not 0 or 1" in trace.error.problem
    assert trace.loss is None and trace.accuracy is None


@pytest.mark.parametrize("choice, loss", [(None, MeanSquaredError), ("mse", MeanSquaredError), ("mae", MeanAbsoluteError)])
def test_a_linear_output_is_scored_by_mse_or_mae(choice: str | None, loss: type) -> None:
    network = _one_output(Linear(), [[1.0]], 0.1)
    X = np.array([[0.0], [0.5], [1.0]])
    y = np.array([0.1, 0.0, 2.0])
    trace = network.forward_trace(X, y, loss=choice)
    assert trace.loss_name == loss.name
    assert trace.loss == pytest.approx(loss().calculate(X + 0.1, y), rel=1e-15)
    np.testing.assert_array_equal(trace.predictions, X + 0.1)
    assert trace.accuracy == regression_accuracy(X + 0.1, y) == pytest.approx(1 / 3)  # only sample 0 is exact


def test_softmax_scoring_is_unchanged_and_named() -> None:
    network = Network([Step(Dense.from_arrays(np.eye(2), np.zeros((1, 2))), Softmax())])
    trace = network.forward_trace(np.array([[2.0, 0.0], [0.0, 1.0]]), np.array([0, 0]))
    assert trace.loss_name == "categorical cross-entropy"
    p = np.exp([2.0, 0.0]) / np.sum(np.exp([2.0, 0.0])), np.exp([0.0, 1.0]) / np.sum(np.exp([0.0, 1.0]))
    assert trace.loss == pytest.approx(np.mean(-np.log([p[0][0], p[1][0]])), rel=1e-15)
    assert trace.accuracy == 0.5 and trace.confidences is not None


def test_the_forward_trace_never_drops() -> None:
    rng = np.random.default_rng(0)
    X = rng.standard_normal((20, 3))
    network = Network([Step(Dense(3, 8), ReLU(), dropout=0.5), Step(Dense(8, 2), Softmax())])
    plain = Network([Step(network.steps[0].dense, ReLU()), Step(network.steps[1].dense, Softmax())])
    state = np.random.get_state()
    trace = network.forward_trace(X, np.zeros(20, dtype=int))
    assert np.array_equal(np.random.get_state()[1], state[1])  # no mask was drawn
    np.testing.assert_array_equal(trace.output, plain.forward_trace(X).output)
    np.testing.assert_array_equal(network.forward(X), trace.output)


@pytest.mark.parametrize("rate", [1.0, -0.5, float("nan")])
def test_a_step_refuses_a_dropout_rate_outside_0_to_1(rate: float) -> None:
    with pytest.raises(ValueError, match="dropout rate must be"):
        Step(Dense(2, 2), ReLU(), dropout=rate)


# -- training ---------------------------------------------------------------------------


def _sine_network(hidden: int = 32) -> Network:
    np.random.seed(0)
    return Network(
        [
            Step(Dense(1, hidden, weight_scale=0.1), ReLU()),
            Step(Dense(hidden, hidden, weight_scale=0.1), ReLU()),
            Step(Dense(hidden, 1, weight_scale=0.1), Linear()),
        ]
    )


@pytest.mark.parametrize("choice", [None, "mae"])
def test_a_small_sine_regression_learns(choice: str | None) -> None:
    X, y = sine_data(200)
    trainer = Trainer(_sine_network(), X, y, Adam(learning_rate=0.005, decay=1e-3), loss=choice)
    assert trainer.loss_name == ("mean absolute error" if choice else "mean squared error")
    history = list(trainer.train(300))
    assert history[-1].loss < history[0].loss / 4
    if choice is None:  # the book's accuracy (within std(y) / 250) rises later with MAE
        assert history[-1].accuracy > history[0].accuracy
    # The run's figures are those the trace shows for the same weights.
    trace = trainer.network.forward_trace(X, y, loss=choice)
    loss, _ = trainer.evaluate(X, y)
    assert loss == pytest.approx(trace.loss, rel=1e-12)


def test_the_trainers_regression_gradients_are_the_classes() -> None:
    X, y = sine_data(50)
    network = _sine_network(8)
    trainer = Trainer(network, X, y, SGD(learning_rate=0.1))
    trainer.run_epoch()
    fused = [dw.copy() for dw, _ in trainer.layer_gradients()]
    trainer.reset()
    # The same step with the book's classes, one after another.
    current = X
    for step in network.steps:
        current = step.activation.forward(step.dense.forward(current))
    loss = MeanSquaredError()
    dvalues = loss.backward(current, y)
    for step in reversed(network.steps):
        dvalues = step.dense.backward(step.activation.backward(dvalues))
    for ours, theirs in zip(fused, [step.dense.dweights for step in network.steps]):
        np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-15)


def _binary_setup() -> tuple[Network, np.ndarray, np.ndarray]:
    """The book's chapter 16: spiral_data(100, 2), labels 0/1, Dense(2, 64) ReLU Dense(64, 1) sigmoid."""
    np.random.seed(0)
    X, y = spiral_data(100, 2)
    network = Network(
        [
            Step(Dense(2, 64, weight_regularizer_l2=5e-4, bias_regularizer_l2=5e-4), ReLU()),
            Step(Dense(64, 1), Sigmoid()),
        ]
    )
    return network, X, y


def test_a_chapter_16_binary_run_gets_more_right() -> None:
    network, X, y = _binary_setup()
    trainer = Trainer(network, X, y, Adam(decay=5e-7))
    assert trainer.loss_name == "binary cross-entropy"
    history = list(trainer.train(700))
    assert history[0].accuracy <= 0.55 and history[-1].accuracy >= 0.75
    assert history[-1].data_loss < history[0].data_loss


def test_binary_training_follows_the_book_loop() -> None:
    network, X, y = _binary_setup()
    book = Network([Step(Dense.from_arrays(s.dense.weights.copy(), s.dense.biases.copy(),
                                           weight_regularizer_l2=s.dense.weight_regularizer_l2,
                                           bias_regularizer_l2=s.dense.bias_regularizer_l2), s.activation.__class__())
                    for s in network.steps])
    ours = [s.loss for s in Trainer(network, X, y, Adam(decay=5e-7)).train(20)]
    targets = y.reshape(-1, 1)
    optimizer, loss_function, theirs = Adam(decay=5e-7), BinaryCrossentropy(), []
    for _ in range(20):
        current = X
        for step in book.steps:
            current = step.activation.forward(step.dense.forward(current))
        theirs.append(loss_function.calculate(current, targets) + sum(loss_function.regularization_loss(s.dense) for s in book.steps))
        dvalues = loss_function.backward(current, targets)
        for step in reversed(book.steps):
            dvalues = step.dense.backward(step.activation.backward(dvalues))
        optimizer.pre_update_params()
        for step in book.steps:
            optimizer.update_params(step.dense)
        optimizer.post_update_params()
    np.testing.assert_allclose(ours, theirs, rtol=1e-9)


def _dropout_setup(rate: float = 0.3) -> tuple[Network, np.ndarray, np.ndarray]:
    np.random.seed(0)
    X, y = spiral_data(30, 3)
    network = Network([Step(Dense(2, 16), ReLU(), dropout=rate), Step(Dense(16, 3), Softmax())])
    return network, X, y


def _class_gradients(network: Network, X: np.ndarray, y: np.ndarray, rate: float) -> list[np.ndarray]:
    """One pass with the book's classes and Layer_Dropout, as chapter 15 writes it."""
    first, last = network.steps
    dropout, loss_activation = Dropout(rate), SoftmaxCategoricalCrossentropy()
    hidden = dropout.forward(first.activation.forward(first.dense.forward(X)))
    loss_activation.forward(last.dense.forward(hidden), y)
    dvalues = last.dense.backward(loss_activation.backward(loss_activation.output, y))
    first.dense.backward(first.activation.backward(dropout.backward(dvalues)))
    return [first.dense.dweights.copy(), last.dense.dweights.copy()]


def test_training_applies_the_books_dropout_mask_forward_and_back() -> None:
    network, X, y = _dropout_setup()
    trainer = Trainer(network, X, y, SGD(learning_rate=0.5))
    np.random.seed(7)
    trainer.run_epoch()
    fused = [dw.copy() for dw, _ in trainer.layer_gradients()]
    trainer.reset()
    np.random.seed(7)  # the same mask, drawn by the book's Layer_Dropout
    expected = _class_gradients(network, X, y, 0.3)
    for ours, theirs in zip(fused, expected):
        np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-15)
    # And a mask was applied: without dropout the gradients differ.
    np.random.seed(7)
    plain = Network([Step(network.steps[0].dense, ReLU()), Step(network.steps[1].dense, Softmax())])
    plain_first = _class_gradients(plain, X, y, 0.0)[0]
    assert not np.allclose(fused[0], plain_first)


def test_validation_and_evaluate_never_drop() -> None:
    network, X, y = _dropout_setup(0.5)
    trainer = Trainer(network, X, y, Adam(0.05))
    list(trainer.train(5))
    first = trainer.evaluate(X, y)
    assert trainer.evaluate(X, y) == first  # no random mask in a measurement
    trace = network.forward_trace(X, y)
    assert first[0] == pytest.approx(trace.loss, rel=1e-12) and first[1] == trace.accuracy


def test_dropout_in_sliced_heavy_batches_draws_as_the_whole_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    network, X, y = _dropout_setup()
    np.random.seed(3)
    whole = [s.loss for s in Trainer(network, X, y, Adam(0.05)).train(10)]
    monkeypatch.setattr(engine.training, "SLICE_WORK", 25 * 99)  # 99 parameters: slices of 25 samples
    monkeypatch.setattr(engine.training, "MIN_SLICE", 1)
    network2, X2, y2 = _dropout_setup()
    trainer = Trainer(network2, X2, y2, Adam(0.05))
    assert len(trainer._slices(90)) == 4
    np.random.seed(3)
    np.testing.assert_allclose([s.loss for s in trainer.train(10)], whole, rtol=1e-9)


def test_a_dropout_rate_set_between_epochs_is_taken_in() -> None:
    network, X, y = _dropout_setup(0.0)
    trainer = Trainer(network, X, y, Adam(0.05))
    before = np.random.get_state()[2]
    trainer.run_epoch()
    assert np.random.get_state()[2] == before  # no dropout, no draw
    network.steps[0].dropout = 0.5
    np.random.seed(11)
    trainer.run_epoch()
    assert trainer._pass.drops  # the pass was rebuilt with the new rate
    assert not np.array_equal(np.random.get_state()[1], np.random.RandomState(11).get_state()[1])


def test_dropout_on_the_last_layer_is_refused() -> None:
    network, X, y = _dropout_setup()
    network.steps[-1].dropout = 0.2
    with pytest.raises(ValueError, match="layer 2 is the last layer: dropout there would switch off"):
        Trainer(network, X, y)


def test_changing_the_last_activation_to_another_loss_asks_for_a_new_run() -> None:
    network, X, y = _binary_setup()
    trainer = Trainer(network, X, y)
    trainer.run_epoch()
    network.steps[-1].activation = Linear()
    with pytest.raises(ValueError, match="now linear, which is scored by mean squared error, not the binary cross-entropy"):
        trainer.run_epoch()


def test_divergence_is_still_caught_in_a_regression_run() -> None:
    X, y = sine_data(100)
    trainer = Trainer(_sine_network(8), X, y, SGD(learning_rate=1e4))
    with pytest.raises(engine.training.TrainingDiverged) as caught:
        list(trainer.train(200))
    assert "the learning rate 10000 is too high" in str(caught.value)
    assert all(np.all(np.isfinite(w)) for pair in trainer.weights() for w in pair)


def test_regression_in_mini_batches_and_heavy_slices_trains_as_whole_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    X, y = sine_data(200)
    whole = [s.loss for s in Trainer(_sine_network(8), X, y, Adam(0.01), batch_size=50).train(20)]
    assert whole[-1] < whole[0]
    monkeypatch.setattr(engine.training, "SLICE_WORK", 20 * 97)  # 97 parameters: slices of 20 of each batch's 50
    monkeypatch.setattr(engine.training, "MIN_SLICE", 1)
    trainer = Trainer(_sine_network(8), X, y, Adam(0.01), batch_size=50)
    assert len(trainer._slices(50)) == 3
    np.testing.assert_allclose([s.loss for s in trainer.train(20)], whole, rtol=1e-9)


def test_regression_accuracy_measures_targets_whose_squares_overflow() -> None:
    targets = np.array([[1.0], [-1e19], [1e308]])
    with np.errstate(over="ignore"):
        assert np.isinf(np.std(targets))  # the book's std overflows here
    spread = float(np.std(targets / 1e308)) * 1e308  # the true spread, about 4.7e307
    assert regression_precision(targets) == pytest.approx(spread / 250)
    # Only the predictions within std/250 count: the one 1e308 away does not.
    assert regression_accuracy(np.array([[1.0], [-1e19], [0.0]]), targets) == pytest.approx(2 / 3)
    assert regression_accuracy(np.zeros((3, 1)), targets) == pytest.approx(2 / 3)  # 1 and 1e19 are within 1.9e305
    ordinary = np.array([[0.5], [-0.25], [2.0]])
    assert regression_precision(ordinary) == float(np.std(ordinary) / 250)  # the book's, bit for bit
