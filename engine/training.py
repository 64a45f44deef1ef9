"""Training a Network: epochs of forward, backward and optimizer steps, one report each.

Built for a UI that runs it in a thread and redraws a few times a second::

    trainer = Trainer(network, X, y, Adam(learning_rate=0.05, decay=5e-7))
    for stats in trainer.train(10001, stop=lambda: worker.is_cancelled):
        post(stats)                      # EpochStats: loss, accuracy, learning rate...

Each epoch is one step on the whole training set (full batch, the book's chapters 9-10)
or one step per mini-batch (``batch_size``, its chapter 18). The loss follows the last
activation (``engine.loss_choice``): softmax with categorical cross-entropy on class
indices, sigmoid with binary cross-entropy on 0/1 targets (chapter 16), linear with mean
squared or absolute error on numbers (chapter 17). Steps with ``dropout`` drop a fresh
random share of their outputs at every training pass (chapter 15), never when measuring.
``validation_split`` holds out a shuffled fraction of the samples, measured after every
epoch and never trained on.
Epochs are numbered from 0, as the book's ``for epoch in range(10001)`` prints them.

A run that goes wrong raises ``TrainingDiverged`` (``engine.divergence``): a loss or
weight that becomes NaN or infinite, weights that explode, or a loss that climbs far
above where the run started and stays there. Its message says what happened, why and
what to try; the weights are first put back to the last good ones.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator

import numpy as np

from engine.batches import (
    MiniBatches,
    Slicer,
    StopNow,
    masks_state,
    restore_masks,
    split_off,
    validation_count,
)
from engine.column_losses import ColumnLoss
from engine.divergence import DivergenceWatch, TrainingDiverged
from engine.epoch_stats import EpochStats
from engine.flat import FlatParameters
from engine.fused import BatchResult, FusedPass
from engine.loss_choice import chosen_loss, labels_for, loss_for
from engine.losses import CategoricalCrossentropy
from engine.metrics import regression_precision
from engine.network import Network
from engine.optimizers import Adam, Optimizer
from engine.thinning import thin
from engine.updates import update_ratios

# Samples x parameters a pass takes at once (about 20 ms of work). A batch above it is
# run in slices of samples whose gradients add up to the batch's (``engine.batches``),
# with a look at the stop request between slices, so that a pause or quit is answered
# within a slice whatever the network's size; it also bounds the pass's buffers. A
# book-size network (300 samples x 387 parameters) is far below it and runs the exact,
# unsliced pass. Read by the Trainer from this module, where tests make it small.
SLICE_WORK = 1 << 24
# Fewer samples than this per slice waste more time in memory traffic than a stop saves.
MIN_SLICE = 64


def whole_number(name: str, value: object, low: int, what: str = "") -> int:
    """``value`` as an int >= ``low``, or a ValueError that says what was given and why not.

    Refuses what ``int()`` would quietly read as a number: True and False, 2.5, NaN,
    infinity, None and strings.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(f"{name} must be a whole number{what}, not {value!r}")
    if isinstance(value, (float, np.floating)) and not (math.isfinite(value) and value == int(value)):
        raise ValueError(f"{name} must be a whole number{what}, not {value}")
    number = int(value)
    if number < low:
        raise ValueError(f"{name} must be a whole number >= {low}{what}, not {value}")
    return number


def _checked_inputs(network: Network, X: np.ndarray) -> np.ndarray:
    """``X`` as a 2-D array the network can take, or the error that says why not."""
    if not network.steps:
        raise ValueError("the network has no layers to train: add a layer first")
    X = np.atleast_2d(np.asarray(X))
    if not np.issubdtype(X.dtype, np.number) or not np.all(np.isfinite(X)):
        raise ValueError("every input value must be a finite number to train on it")
    with np.errstate(all="ignore"):  # huge values are explained when training meets them
        trace = network.forward_trace(X[:1])
    if trace.error is not None:
        raise trace.error
    return X


class Trainer:
    """Trains ``network`` in place on (X, y) with ``optimizer`` (Adam(0.001) if None).

    - ``batch_size``: None for full batch, else samples per step (the last step of an
      epoch takes the rest); ``shuffle`` reorders the training samples every epoch.
    - ``validation_split``: the fraction in [0, 1) of samples held out for validation,
      drawn at random with ``seed``.
    - ``fuse_softmax``: use the fused softmax + cross-entropy gradient when the last step
      is a Softmax (the default; False chains the two backward passes, for comparison).
    - ``loss``: None for the loss the last activation calls for (``engine.loss_choice``),
      "mse" or "mae" to choose a linear output's, or a loss object. ``y`` is read as that
      loss reads it: class indices, or targets (a 1-D list is one target per sample).

    The layers' ``weights``/``biases``/``dweights``/``dbiases`` become views of two flat
    arrays (``FlatParameters``): same values and shapes, updated in place. After an epoch each
    Dense's ``dweights``/``dbiases`` hold the gradients of its last step. ``reset()`` puts
    the weights back to what they were when the Trainer was made.
    """

    def __init__(
        self,
        network: Network,
        X: np.ndarray,
        y: np.ndarray,
        optimizer: Optimizer | None = None,
        batch_size: int | None = None,
        validation_split: float = 0.0,
        seed: int | None = 0,
        *,
        shuffle: bool = True,
        loss: str | CategoricalCrossentropy | ColumnLoss | None = None,
        fuse_softmax: bool = True,
    ) -> None:
        X = _checked_inputs(network, X)
        samples, classes = len(X), network.steps[-1].dense.n_neurons
        if samples == 0:
            raise ValueError("there are no samples to train on: the inputs X have 0 rows")
        if batch_size is not None:
            batch_size = whole_number("batch_size", batch_size, 1, " (or None for the full batch)")
        self._loss_choice = loss
        chosen = chosen_loss(network.steps[-1].activation.name, loss)
        labels = labels_for(chosen, y, samples, classes, network.steps[0].dense.weights.dtype)
        n_val = validation_count(samples, validation_split)

        self._hold(network, optimizer, seed, shuffle)
        self._split(X, labels, n_val, seed)
        n_train = len(self.X_train)
        self.batch_size = None if batch_size is None or batch_size >= n_train else int(batch_size)
        self._loss, self._fuse_softmax = chosen, fuse_softmax
        # The book's regression accuracy counts a prediction right within std(y) / 250 of
        # its target, y being the data it trains on; validation is measured by the same.
        self.accuracy_precision = regression_precision(self.y_train) if isinstance(chosen, ColumnLoss) else None
        self._prepare_pass()
        self._start_running()

    def _hold(self, network: Network, optimizer: Optimizer | None, seed: int | None, shuffle: bool) -> None:
        """The network, its weights in flat arrays, their first values and the watch over them."""
        self.network = network
        self.optimizer: Optimizer = optimizer if optimizer is not None else Adam()
        # (rate, "Chapter 17"): the book's rate for this network and optimizer, which a
        # divergence suggests when it is below a hundredth of the rate that failed; None:
        # the book's chapter 10 rate for the optimizer. Set by whoever knows the preset.
        self.book_rate: tuple[float, str] | None = None
        self.seed = seed
        self.shuffle = shuffle
        self.flat = FlatParameters([step.dense for step in network.steps])
        self.dtype = self.flat.dtype
        self._initial = self.flat.copy()
        self._watch = DivergenceWatch(self.flat)  # the last good weights, and the checks
        self._steps_taken = 0  # since the Trainer was made or reset

    def _split(self, X: np.ndarray, labels: np.ndarray, n_val: int, seed: int | None) -> None:
        """The training and validation samples, in the dtype the pass reads them in."""
        # float64 inputs beside float32 layers stay float64, as the book's dot products read
        # them (the nnfs mode, chapter 17's sine_data); the pass says which it keeps.
        self._input_dtype = np.dtype(np.float64) if X.dtype == np.float64 else self.dtype
        X = X.astype(self._input_dtype, copy=False)
        # Two independent streams from one seed: the split, and the epochs' shuffles
        # (one stream for both would reuse the split's order as the first shuffle's).
        split_seed, self._shuffle_seed = np.random.SeedSequence(seed).spawn(2)
        self.X_train, self.y_train, self.X_val, self.y_val = split_off(X, labels, n_val, split_seed)

    def _prepare_pass(self) -> None:
        """The pass, and its inputs: samples as columns with a row of ones, prepared once."""
        self._pass = self._new_pass()
        self._inputs_train = self._pass.prepare(self.X_train)
        self._inputs_val = None if self.X_val is None else self._pass.prepare(self.X_val)
        self._mini_batches: MiniBatches | None = None
        if self.batch_size is not None:
            self._mini_batches = MiniBatches(self._inputs_train, self.y_train, self.batch_size)

    def _start_running(self) -> None:
        """Epoch 0, no history, no stop asked for, the shuffles' generator at its start."""
        self._stop_requested = False
        self._stop_check: Callable[[], bool] | None = None  # set while train() runs an epoch
        # Samples per slice of a heavy batch (read here, so a test may change SLICE_WORK first).
        self._slicer = Slicer(max(MIN_SLICE, SLICE_WORK // self.flat.params.size))
        self.epoch = 0  # the number of the next epoch, = epochs done
        # Every epoch's stats, the older ones thinned past HISTORY_LIMIT (``engine.thinning``).
        self.history: list[EpochStats] = []
        self.diverged: TrainingDiverged | None = None
        self._rng = np.random.default_rng(self._shuffle_seed)

    @property
    def loss_name(self) -> str:
        """The loss this run minimises, e.g. "binary cross-entropy"."""
        return self._loss.name

    def _new_pass(self) -> FusedPass:
        made = FusedPass(
            self.network, self.flat, self._loss, self._fuse_softmax, self.y_train.dtype, self._input_dtype
        )
        made.precision = self.accuracy_precision
        return made

    # -- running ---------------------------------------------------------------------

    @property
    def steps_per_epoch(self) -> int:
        if self.batch_size is None:
            return 1
        return -(-len(self.X_train) // self.batch_size)

    def run_epoch(self) -> EpochStats:
        """One epoch: every training sample once, then validation. Raises TrainingDiverged.

        After a TrainingDiverged the weights are finite again, so training can go on (with
        a smaller learning rate: assign ``trainer.optimizer``).
        """
        self._follow_edits()
        # Overflow is reported as TrainingDiverged, in words; NumPy's RuntimeWarnings on
        # the way would only print over the UI.
        with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
            try:
                return self._run_epoch()
            except TrainingDiverged as diverged:
                self._diverged(diverged)
                raise

    def _follow_edits(self) -> None:
        """Take in what the workbench changed between epochs: new weight arrays,
        regularisation strengths, activations. New or removed layers need a new Trainer."""
        steps, layers = self.network.steps, self._pass.layers
        if len(steps) != len(layers) or any(step.dense is not layer.dense for step, layer in zip(steps, layers)):
            raise ValueError(
                "the network's layers changed since training started: start a new training run for the new network"
            )
        self.flat.sync()
        if self._loss_choice is None or isinstance(self._loss_choice, str):
            wanted = loss_for(steps[-1].activation.name, self._loss_choice)
            if (wanted or CategoricalCrossentropy.name) != self._loss.name:
                raise ValueError(
                    f"the last layer's activation is now {steps[-1].activation.name}, which is scored by "
                    f"{wanted or 'no loss'}, not the {self._loss.name} this run trains with: start a new training run"
                )
        if any(step.activation is not layer.activation or step.dropout != layer.dropout for step, layer in zip(steps, layers)):
            self._pass = self._new_pass()
        else:
            self._pass.refresh_regularizers()

    def _run_epoch(self) -> EpochStats:
        if self.batch_size is None:
            # A stop between slices comes before the step: nothing to undo.
            totals = self._step(self._inputs_train, self.y_train)
            samples, loss_sum, correct, regularization = totals.samples, totals.loss_sum, totals.correct, totals.regularization_loss
        else:
            samples, loss_sum, correct, regularization = self._run_batches()
        data_loss = loss_sum / samples
        loss = data_loss + regularization
        if self._pass.book_arithmetic and self.batch_size is None and samples <= self._slicer.size:
            # The nnfs mode prints the book's figures: its float32 (or, with float64
            # targets, float64) mean and penalty, added as NumPy adds them.
            book_data, book_regularization = self._pass.book_mean(loss_sum, samples), self._pass.book_regularization
            data_loss, loss = float(book_data), float(book_data + book_regularization)
        val_loss = val_accuracy = None
        if self._inputs_val is not None and self.y_val is not None:
            try:
                measured = self._slicer.measure(self._pass, self._inputs_val, self.y_val, self._should_stop)
            except StopNow:
                measured = None  # the step is taken: the epoch counts, without validation figures
            if measured is not None:
                val_loss = measured.loss_sum / measured.samples
                val_accuracy = measured.correct / measured.samples
        stats = EpochStats(
            epoch=self.epoch,
            loss=loss,
            data_loss=data_loss,
            regularization_loss=regularization,
            accuracy=correct / samples,
            learning_rate=self.optimizer.current_learning_rate,
            steps=self.optimizer.iterations,
            val_loss=val_loss,
            val_accuracy=val_accuracy,
        )
        self._watch.check_climb(stats.loss, self.epoch, self.optimizer, self.book_rate)
        self.epoch += 1
        self.history.append(stats)
        thin((self.history,))
        return stats

    def train(self, epochs: int, stop: Callable[[], bool] | None = None) -> Iterator[EpochStats]:
        """Run up to ``epochs`` more epochs, yielding each one's stats.

        Stops early when ``stop()`` returns True, when ``request_stop()`` was called
        (from any thread), or when the consumer stops iterating: between epochs, and in a
        heavy epoch (see ``SLICE_WORK``) also between its slices or mini-batches, where
        the unfinished epoch is undone (it starts again whole on the next call).
        """
        # Checked here, not in the generator, so that a bad count fails at the call.
        return self._epochs(whole_number("epochs", epochs, 0), stop)

    def _epochs(self, count: int, stop: Callable[[], bool] | None) -> Iterator[EpochStats]:
        self._stop_requested = False

        def stopping() -> bool:
            return self._stop_requested or (stop is not None and stop())

        for _ in range(count):
            if stopping():
                return
            # Between the slices and batches of a heavy epoch too (see SLICE_WORK).
            self._stop_check = stopping
            try:
                stats = self.run_epoch()
            except StopNow:
                return
            finally:
                self._stop_check = None
            yield stats

    def request_stop(self) -> None:
        """Ask ``train`` to stop before its next epoch (safe to call from another thread)."""
        self._stop_requested = True

    def _run_batches(self) -> tuple[int, float, float, float]:
        """One step per mini-batch: (samples, loss sum, correct, mean regularization loss).

        In a heavy epoch a stop is looked for between batches; one found undoes the
        epoch's steps (weights, optimizer, shuffle), so that it starts again whole."""
        heavy = self._stop_check is not None and len(self.X_train) * self.flat.params.size > SLICE_WORK
        saved = (
            (self.flat.copy(), self.optimizer.saved_state(), self._rng.bit_generator.state, self._steps_taken,
             masks_state(self._pass.drops))
            if heavy
            else None
        )
        samples, loss_sum, weighted_regularization = 0, 0.0, 0.0
        correct: float = 0
        try:
            for X, y in self._batches():
                if samples and saved is not None and self._should_stop():
                    raise StopNow
                result = self._step(X, y)
                samples += result.samples
                loss_sum += result.loss_sum
                correct += result.correct
                weighted_regularization += result.regularization_loss * result.samples
        except StopNow:
            if saved is not None:
                params, optimizer_state, rng_state, self._steps_taken, saved_masks = saved
                self.flat.load(params)
                self.optimizer.restore_state(optimizer_state)
                self._rng.bit_generator.state = rng_state
                restore_masks(saved_masks)
            raise
        return samples, loss_sum, correct, weighted_regularization / samples

    def _should_stop(self) -> bool:
        check = self._stop_check
        return check is not None and check()

    def _slices(self, columns: int) -> range:
        """Where each slice of a batch of ``columns`` samples starts (one slice if light)."""
        return self._slicer.starts(columns)

    def _batches(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        assert self._mini_batches is not None
        return self._mini_batches.each(self._rng if self.shuffle else None)

    def _step(self, X: np.ndarray, y: np.ndarray) -> BatchResult:
        """Forward, backward and one optimizer step on one batch."""
        # Float64 bias gradients the book keeps beside float32 parameters (nnfs mode, below
        # a dropout): moved in float64 as the book moves them. A sliced batch adds up its
        # slices' float32 gradients instead (far past the book's sizes).
        wide: list[tuple[np.ndarray, np.ndarray]] = []
        if X.shape[1] <= self._slicer.size:
            result = self._pass.run(X, y)
            wide = self._pass.wide_gradients()
        else:
            result = self._slicer.run(self._pass, self.flat.grads, X, y, self._should_stop)
        loss = result.loss_sum / result.samples + result.regularization_loss
        optimizer = self.optimizer
        if not math.isfinite(loss):
            self._watch.loss_not_finite(
                loss, X, self.epoch, optimizer, self.book_rate, before_any_step=self._steps_taken == 0
            )
        self._watch.before_step(self.epoch)
        optimizer.pre_update_params()
        optimizer.update_flat(self.flat.params, self.flat.grads, wide)
        optimizer.post_update_params()
        self._steps_taken += 1
        self._watch.after_step(self.epoch, optimizer, self.book_rate)
        return result

    def _diverged(self, diverged: TrainingDiverged) -> None:
        """After the watch put good weights back: remember why, and follow the weights."""
        self.diverged = diverged
        # The count follows the weights: epochs from the restored one on are undone, so the
        # next epoch is the restored one again ("epoch 0 of 10001" beside "back to those of
        # epoch 0"), and the history holds only the epochs that led to these weights.
        restored = diverged.restored_epoch
        if restored is not None and restored < self.epoch:
            self.epoch = restored
            self.history = [stats for stats in self.history if stats.epoch < restored]

    # -- looking and resetting --------------------------------------------------------

    def evaluate(self, X: np.ndarray | None = None, y: np.ndarray | None = None) -> tuple[float, float]:
        """(data loss, accuracy) of the current weights on (X, y), the validation set by default."""
        if X is None or y is None:
            if self.X_val is None or self.y_val is None:
                raise ValueError("there is no validation set: pass X and y, or make the Trainer with validation_split")
            X, y = self.X_val, self.y_val
        X = np.atleast_2d(np.asarray(X))
        labels = labels_for(self._loss, y, len(X), self._pass.classes, self.dtype)
        self.flat.sync()
        with np.errstate(all="ignore"):
            measured = self._slicer.measure(self._pass, self._pass.prepare(X), labels)
        return measured.loss_sum / measured.samples, measured.correct / measured.samples

    def layer_gradients(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """Copies of each layer's (dweights, dbiases) from the latest step, safe to keep."""
        return [(dw.copy(), db.copy()) for dw, db in self.flat.gradient_views()]

    def weights(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """Copies of each layer's (weights, biases), safe to hand to another thread."""
        return [(w.copy(), b.copy()) for w, b in self.flat.weight_views()]

    def last_update_ratios(self) -> list[float]:
        """Per layer, the size of the latest optimizer step relative to the weights
        (``engine.updates.update_ratios``): the same figure whenever it is asked for."""
        return update_ratios(self.flat.unflatten(self._watch.last_good), self.weights())

    def initial_weights(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """Copies of each layer's (weights, biases) as they were when training started."""
        return self.flat.unflatten(self._initial)

    def reset(self) -> None:
        """Back to the start: the first weights, a fresh optimizer, epoch 0, no history."""
        self.flat.sync()
        self.flat.load(self._initial)
        self.flat.grads[...] = 0
        self._steps_taken = 0
        self.optimizer.reset()
        self.epoch = 0
        self.history.clear()
        self.diverged = None
        self._stop_requested = False
        self._rng = np.random.default_rng(self._shuffle_seed)
        self._watch.reset(self._initial)


__all__ = ["SLICE_WORK", "EpochStats", "Trainer", "TrainingDiverged", "whole_number"]
