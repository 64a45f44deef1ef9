"""The training view's status, as (text, style) pieces: what state training is in, the
figures of the weights now and of the last epoch, what training does that the workbench
does not show, and what to do next. Plain data (the screen assembles it into Rich text):
tui.training imports no Rich."""

from __future__ import annotations

import math
from dataclasses import dataclass

from engine import Network, loss_choice
from engine.numbers import exact_number, format_number
from tui.training.session import TrainingSession
from tui.training.settings import OPTIMIZER_CHOICES, Settings

Piece = tuple[str, str]  # (text, style): "" is no style

# What "accuracy" measures with a loss other than categorical cross-entropy (whose accuracy,
# the largest output being the class, is the one the view has always shown): engine.metrics.
ACCURACY_MEANS = {
    loss_choice.BINARY: "accuracy: output > 0.5 read as class 1 (the book's binary accuracy)",
    loss_choice.SQUARED: "accuracy: share with |prediction - y| < std(y) / 250 (the book's)",
    loss_choice.ABSOLUTE: "accuracy: share with |prediction - y| < std(y) / 250 (the book's)",
}


@dataclass(frozen=True)
class Situation:
    """What the status tells beside the session's figures."""

    running: bool
    pausing: bool  # a pause was asked for while running
    planned: int  # the epochs the settings ask for (0: the settings are not valid)
    rate: float  # epochs per second of this run
    problem: str  # why training cannot start, or ""
    fixable: bool  # whether f fits the network to the data
    samples: int  # the document's inputs' rows
    next_optimizer: str = ""  # the form's optimizer when the next epoch uses another than the last did


def regularized(network: Network) -> bool:
    """Whether a layer has L1/L2 on: then training's loss is data_loss + reg_loss."""
    return any(step.dense.regularized for step in network.steps)


def loss_parts(session: TrainingSession) -> str:
    """The last epoch's loss in the book's two parts: "data_loss 0.2036, reg_loss 0.05638"."""
    return (f"data_loss {format_number(session.data_loss, 4).strip()}, "
            f"reg_loss {format_number(session.regularization_loss, 4).strip()}")


def about_training(network: Network, loss: str | None) -> list[str]:
    """What training does that the workbench does not show: the loss and accuracy it
    measures (``loss``: the loss training uses), and each dropout (on only while training)."""
    lines = []
    if loss in ACCURACY_MEANS:
        lines.append(ACCURACY_MEANS[loss])
    for number, step in enumerate(network.steps, start=1):
        rate = step.dropout
        if rate > 0:
            lines.append(
                f"dropout {exact_number(rate)} after layer {number}: on while training; "
                "the workbench shows the pass without it"
            )
    return lines


def optimizer_text(settings: Settings) -> str:
    """The settings' optimizer as the status names it: "SGD, lr 1e6, decay 0.001"."""
    label = next(label for label, name in OPTIMIZER_CHOICES if name == settings.optimizer)
    parts = [label, f"lr {format_number(settings.learning_rate, 4).strip()}"]
    if settings.decay:
        parts.append(f"decay {format_number(settings.decay, 4).strip()}")
    if settings.optimizer == "sgd" and settings.momentum:
        parts.append(f"momentum {format_number(settings.momentum, 4).strip()}")
    return ", ".join(parts)


def _state(s: TrainingSession, now: Situation, done: int) -> Piece:
    if now.running:
        return (f" {'pausing…' if now.pausing else 'TRAINING'} ", "bold black on green")
    if s.diverged:
        return (" STOPPED ", "bold white on red")
    if done and now.planned and done >= now.planned:
        return (" DONE ", "bold black on cyan")
    if done:
        return (" PAUSED ", "bold black on yellow")
    return (" READY ", "bold black on cyan")


def _epoch_count(done: int, planned: int) -> str:
    """The status's epoch count: past the epochs set (o steps on) it says so, not "2001 of 2000"."""
    if not planned:
        return f"  epoch {done}"
    return f"  epoch {done} of {planned}" if done <= planned else f"  epoch {done}, past the {planned} set"


def _figure(value: float, digits: int) -> Piece:
    return (format_number(value, digits).strip(), "bold")


def status_pieces(s: TrainingSession, network: Network, loss: str | None, now: Situation) -> list[Piece]:
    """The status of session ``s`` training ``network`` with ``loss`` (the loss training uses)."""
    done = s.epochs[-1] + 1 if s.epochs else 0
    pieces = [_state(s, now, done)]
    pieces.append((_epoch_count(done, now.planned), ""))
    final = s.final if s.epochs and not now.running else None
    with_penalty = regularized(network)
    if final is not None:
        # The weights now, with the workbench's own digits: the same figures it shows.
        final_loss, final_accuracy = final
        if final_loss is not None:
            # The workbench's loss is the data loss: with L1/L2 on, say so (the book's name)
            pieces += [("  data_loss " if with_penalty else "  loss ", ""), _figure(final_loss, 6)]
        pieces += [("  accuracy ", ""), _figure(final_accuracy, 4)]
    elif s.epochs:
        pieces += [("  loss ", ""), _figure(s.loss[-1], 4)]
        if with_penalty:
            pieces.append((f" ({loss_parts(s)})", ""))
        pieces += [("  accuracy ", ""), _figure(s.accuracy[-1], 4)]
    if s.epochs:
        if not math.isnan(s.val_loss[-1]):
            pieces += [("  val loss ", ""), _figure(s.val_loss[-1], 4), ("  val acc ", ""), _figure(s.val_accuracy[-1], 4)]
        pieces.append((f"  lr {format_number(s.learning_rate, 4).strip()}", "dim"))
        if now.next_optimizer:  # the last epoch's rate is not the one that comes
            pieces.append((f" · next epoch: {now.next_optimizer}", "bold"))
    if now.running and now.rate:
        pieces.append((f"  {now.rate:,.0f} epochs/s", "dim"))
    pieces += [("\n" + line, "dim") for line in about_training(network, loss)]
    if final is not None:
        pieces.append((
            f"\nthe weights now, as the workbench measures them (all {now.samples} samples); "
            f"epoch {s.epochs[-1]} had loss {format_number(s.loss[-1], 4).strip()}"
            + (f" ({loss_parts(s)})" if with_penalty else "")
            + " and accuracy "
            f"{format_number(s.accuracy[-1], 4).strip()} before its update",
            "dim",
        ))
    pieces += _next_step(s, now)
    return pieces


def _next_step(s: TrainingSession, now: Situation) -> list[Piece]:
    """Why training stopped or cannot start, and what to do; or the keys."""
    if s.diverged:
        then = (
            "\nChange the learning rate (or decay) at the left, then space continues from the kept weights."
            if s.diverged_blames_rate
            else "\nMake the weights (or inputs) smaller in the workbench (g; i draws new weights), then space."
        )
        return [("\nTraining stopped: ", "bold red"), (s.diverged, "red"), (then, "dim")]
    if now.problem:
        # The mark red, the words in the text's own colour: red words on the dark background read at 1.65:1 under NO_COLOR.
        pieces = [("\n✗ ", "bold red"), (now.problem, "bold")]
        if now.fixable:
            pieces.append((
                "\nPress f to fit the network to the data (first layer's inputs, last layer's outputs and activation).",
                "yellow",
            ))
        return pieces
    if not now.running:
        return [("\nspace starts or continues · o one epoch · z reset to the first weights · g back to edit the weights", "dim")]
    return []
