"""Each backward stage's cell worked out by hand equals the engine's cell, and its numerical
check agrees (float64), on a ReLU/softmax spiral network, a sigmoid / binary cross-entropy
network and a regression one, with dropout and with L1/L2."""

from __future__ import annotations

import numpy as np
import pytest

from engine import Dense, Network, Step, activation_named, spiral_data
from engine.backward import MASK_SEED, BackwardTrace, backward_trace
from engine.dropout import dropout_mask
from engine.explain_backward import (
    ActivationGradient,
    DropoutGradient,
    GradientSum,
    LossCell,
    LossGradient,
    NumericalCheck,
    RegularizationTerm,
    check_matrix,
    explain_cell,
    numerical_check,
    stage_matrix,
)

Case = tuple[Network, BackwardTrace]


def _dense(inputs: int, neurons: int, seed: int, l1: float = 0.0, l2: float = 0.0) -> Dense:
    """Weights large enough that the gradients are not all alike, biases not 0."""
    rng = np.random.default_rng(seed)
    return Dense.from_arrays(rng.normal(0, 0.5, (inputs, neurons)), rng.normal(0, 0.1, (1, neurons)),
                             weight_regularizer_l1=l1, weight_regularizer_l2=l2, bias_regularizer_l2=l2)


def _case(steps: list[Step], inputs: np.ndarray, labels: np.ndarray, loss: str | None = None) -> Case:
    network = Network(steps)
    backward = backward_trace(network, network.forward_trace(inputs, labels, loss=loss))
    assert backward is not None
    return network, backward


def spiral(dropout: float = 0.0, l2: float = 0.0) -> Case:
    """The spiral preset's shape, 2-3-3 ReLU/softmax, in float64 (sample 0 is at (0, 0))."""
    inputs, labels = spiral_data(samples=20, classes=3)
    return _case([Step(_dense(2, 3, 1, l2=l2), activation_named("relu"), dropout=dropout),
                  Step(_dense(3, 3, 2, l2=l2), activation_named("softmax"))], inputs, labels)


def softmax_unfused() -> Case:
    """Dropout after the output softmax: no combined step, so softmax's Jacobian and -y/p.
    Each label is a class the pass's mask keeps (a dropped one is a prediction of 0, which the
    loss clips: flat there, so no check could agree)."""
    inputs, _ = spiral_data(samples=10, classes=3)
    mask = dropout_mask((30, 3), 0.1, np.random.RandomState(MASK_SEED))
    labels = np.array([int(np.flatnonzero(row)[-1]) for row in mask])
    return _case([Step(_dense(2, 4, 3), activation_named("sigmoid")),
                  Step(_dense(4, 3, 4), activation_named("softmax"), dropout=0.1)], inputs, labels)


def binary(dropout: float = 0.0, l1: float = 0.0) -> Case:
    inputs, labels = spiral_data(samples=15, classes=2)
    return _case([Step(_dense(2, 4, 5, l1=l1), activation_named("relu"), dropout=dropout),
                  Step(_dense(4, 2, 6, l1=l1), activation_named("sigmoid"))], inputs, np.stack([labels, 1 - labels], axis=1))


def regression(loss: str) -> Case:
    rng = np.random.default_rng(7)
    inputs = rng.uniform(-1, 1, (12, 1))
    return _case([Step(_dense(1, 5, 8, l2=1e-3), activation_named("sigmoid")),
                  Step(_dense(5, 2, 9), activation_named("linear"))], inputs, np.hstack([np.sin(3 * inputs), inputs ** 2]), loss)


CASES = {
    "spiral": spiral, "spiral-dropout-l2": lambda: spiral(0.3, 1e-3), "softmax-unfused": softmax_unfused,
    "binary": binary, "binary-dropout-l1": lambda: binary(0.2, 1e-3),
    "mse": lambda: regression("mse"), "mae": lambda: regression("mae"),
}


def stages(backward: BackwardTrace) -> list[tuple[int, str]]:
    """Every backward stage of the pass, as step mode walks them (tui.document.stepping)."""
    last = len(backward.layers)
    found = [(last, "loss"), (last, "dvalues")]
    for g in reversed(backward.layers):
        names = (["dropout"] if g.mask is not None and not g.fused else []) + (["dz"] if not g.fused and g.activation != "linear" else [])
        names += ["dweights", "dbiases"] + (["regularization"] if g.regularized else []) + ["dinputs"]
        found += [(g.layer, name) for name in names]
    return found


def cells(matrix: np.ndarray) -> list[tuple[int, int]]:
    rows, columns = matrix.shape
    return sorted({(0, 0), (rows - 1, columns - 1), (rows // 2, columns // 2), (1 % rows, (columns - 1) // 2)})


@pytest.mark.parametrize("name", CASES)
def test_every_cell_worked_out_equals_the_engines_cell(name: str) -> None:
    network, backward = CASES[name]()
    seen = set()
    for layer, stage in stages(backward):
        for row, column in cells(stage_matrix(backward, layer, stage)):
            worked = explain_cell(network, backward, layer, stage, row, column)
            for record in worked if isinstance(worked, list) else [worked]:
                seen.add(type(record).__name__)
                if isinstance(record, LossCell):
                    assert record.sample_loss == pytest.approx(backward.sample_losses[row], rel=1e-12)
                    continue
                assert record.worked() == pytest.approx(record.value, rel=1e-9, abs=1e-15), (layer, stage, row, column)
            cell = stage_matrix(backward, layer, stage)[row, column]
            first = worked[0] if isinstance(worked, list) else worked
            if not isinstance(first, LossCell):
                assert first.value == cell
    assert {"LossCell", "LossGradient", "GradientSum"} <= seen


@pytest.mark.parametrize("name", CASES)
def test_every_stage_checks_numerically_to_one_in_a_million(name: str) -> None:
    network, backward = CASES[name]()
    checked = 0
    for layer, stage in stages(backward):
        for row, column in cells(stage_matrix(backward, layer, stage)):
            check = numerical_check(network, backward, layer, stage, row, column)
            if stage == "loss":
                assert check is None
                continue
            assert check is not None
            assert check.check.analytic == stage_matrix(backward, layer, stage)[row, column]
            if check.check.kinks or check.check.clipped:
                continue
            checked += 1
            assert check.check.relative < 1e-6, (layer, stage, row, column, check)
            assert check.agrees and check.lines()[-1] == "✓ they agree."
    assert checked > 20


def test_dweights_sums_the_inputs_column_against_dz_and_says_how_many_terms_it_skipped() -> None:
    network, backward = spiral()
    g = backward.layer(2)
    worked = explain_cell(network, backward, 2, "dweights", 1, 2)
    assert isinstance(worked, GradientSum)
    assert worked.value == pytest.approx(float(np.sum(g.inputs[:, 1] * g.dz[:, 2])), rel=1e-12)
    name, symbols, numbers, total = worked.lines(max_terms=3)
    assert name == "dW2[1, 2] = Σ over the 60 samples"
    assert symbols == "= a1[0,1]·dz2[0,2] + a1[1,1]·dz2[1,2] + a1[2,1]·dz2[2,2] + ... (57 more terms)"
    first = f"{g.inputs[0, 1]:.4g}"
    assert numbers.startswith(f"= {first}") and numbers.endswith("... (57 more terms)")
    assert total == f"= {float(g.dweights[1, 2]):.6g}"
    # Layer 1's inputs are X's values.
    layer_one = explain_cell(network, backward, 1, "dweights", 0, 0)
    assert isinstance(layer_one, GradientSum) and layer_one.lines(2)[1].startswith("= x[0,0]·dz1[0,0] + x[1,0]·dz1[1,0]")


def test_dbiases_is_the_column_sum_of_dz_and_dinputs_the_row_of_dz_times_wt() -> None:
    network, backward = spiral()
    biases = explain_cell(network, backward, 1, "dbiases", 0, 1)
    assert isinstance(biases, GradientSum)
    assert biases.lines(2)[1] == "= dz1[0,1] + dz1[1,1] + ... (58 more terms)"
    assert biases.worked() == pytest.approx(float(np.sum(backward.layer(1).dz[:, 1])), rel=1e-12)
    inputs = explain_cell(network, backward, 2, "dinputs", 4, 2)
    assert isinstance(inputs, GradientSum)
    assert inputs.lines()[:2] == ["dinputs[4, 2] = Σ over the 3 neurons", "= dz2[4,0]·W2ᵀ[0,2] + dz2[4,1]·W2ᵀ[1,2] + dz2[4,2]·W2ᵀ[2,2]"]
    assert "more terms" not in " ".join(inputs.lines(8))


def test_the_combined_gradient_is_p_minus_y_over_the_samples_with_the_label() -> None:
    network, backward = spiral()
    worked = explain_cell(network, backward, 2, "dvalues", 25, 1)  # sample 25 is of class 1
    assert isinstance(worked, LossGradient) and worked.fused and worked.label == 1
    p = float(backward.output[25, 1])
    assert worked.worked() == pytest.approx((p - 1) / 60, rel=1e-12)
    lines = worked.lines()
    assert "(p − y) / samples" in lines[1] and lines[2] == "label 1: y = [0, 1, 0] (one-hot)"
    assert lines[3] == f"= ({p:.4g} − 1) / 60"


def test_relu_says_why_a_gradient_is_zero_and_passes_it_where_z_is_positive() -> None:
    network, backward = spiral()
    g = backward.layer(1)
    off = tuple(int(v) for v in np.argwhere(g.z <= 0)[0])
    on = tuple(int(v) for v in np.argwhere(g.z > 0)[0])
    stopped = explain_cell(network, backward, 1, "dz", *off)
    assert isinstance(stopped, ActivationGradient) and stopped.value == 0.0
    assert stopped.lines()[0] == f"z = {g.z[off]:.4g} ≤ 0: ReLU passed nothing forward, so nothing comes back:"
    passed = explain_cell(network, backward, 1, "dz", *on)
    assert isinstance(passed, ActivationGradient) and passed.value == g.dactivation[on] != 0
    assert passed.lines()[1] == f"dz1[{on[0]}, {on[1]}] = dvalues = {g.dactivation[on]:.6g}"


def test_sigmoid_and_softmax_work_through_their_own_derivatives() -> None:
    network, backward = softmax_unfused()
    sigmoid = explain_cell(network, backward, 1, "dz", 2, 3)
    assert isinstance(sigmoid, ActivationGradient)
    s = float(backward.layer(1).activated[2, 3])
    # The matrices multiply element by element (⊙); the cell is a product of numbers (·).
    assert sigmoid.lines()[0] == "sigmoid: dz1 = dvalues ⊙ s ⊙ (1 − s), element by element:"
    assert sigmoid.lines()[1] == f"dz1[2, 3] = {backward.layer(1).dactivation[2, 3]:.4g} · {s:.4g} · (1 − {s:.4g})"
    softmax = explain_cell(network, backward, 2, "dz", 2, 0)
    assert isinstance(softmax, ActivationGradient)
    assert softmax.lines()[0].endswith("s_j · (dvalues_j − Σ_k dvalues_k·s_k)")
    assert softmax.lines()[1].startswith("Σ_k = ") and softmax.lines()[1].count("·") == 3
    assert softmax.worked() == pytest.approx(softmax.value, rel=1e-12)
    not_combined = explain_cell(network, backward, 2, "dvalues", 0, 0)
    assert isinstance(not_combined, LossGradient) and not not_combined.fused
    assert not_combined.lines()[0] == "dvalues[0, 0] = −y / p / samples"


def test_dropout_multiplies_by_the_mask_drawn_once() -> None:
    network, backward = spiral(0.3, 1e-3)
    g = backward.layer(1)
    assert g.mask is not None
    dropped = tuple(int(v) for v in np.argwhere(g.mask == 0)[0])
    kept = tuple(int(v) for v in np.argwhere(g.mask > 0)[0])
    zero = explain_cell(network, backward, 1, "dropout", *dropped)
    assert isinstance(zero, DropoutGradient) and zero.value == 0 and zero.mask == 0
    scaled = explain_cell(network, backward, 1, "dropout", *kept)
    assert isinstance(scaled, DropoutGradient) and scaled.mask == pytest.approx(1 / 0.7)
    assert scaled.lines()[:2] == ["dropout's dinputs = dvalues ⊙ mask, element by element:",
                                  f"dropout's dinputs[{kept[0]}, {kept[1]}] = {scaled.dvalue:.4g} · 1.429 = {scaled.value:.6g}"]
    lines = " ".join(scaled.lines())
    assert "dvalues · mask" not in lines and "1 / (1 − 0.3) = 1.429" in lines and "drawn once (seed 0)" in lines


def test_regularisation_adds_its_terms_to_the_data_part() -> None:
    network, backward = spiral(l2=1e-3)
    terms = explain_cell(network, backward, 2, "regularization", 1, 0)
    assert isinstance(terms, list) and [t.cell for t in terms] == ["dW2[1, 0]", "db2[0, 0]"]
    weight = terms[0]
    assert isinstance(weight, RegularizationTerm)
    w = float(network.steps[1].dense.weights[1, 0])
    assert weight.term() == pytest.approx(2 * 1e-3 * w, rel=1e-12)
    assert weight.lines()[1] == f"L2: 2·λ·w = 2·0.001·{w:.4g} = {2e-3 * w:.4g}"
    assert weight.worked() == pytest.approx(float(backward.layer(2).dweights[1, 0]), rel=1e-12)
    # The dweights stage of a regularised layer shows the data part, and is checked against the data loss.
    data = explain_cell(network, backward, 2, "dweights", 1, 0)
    assert isinstance(data, GradientSum) and data.value == backward.layer(2).dweights_data[1, 0] != weight.value
    assert check_matrix("dweights", backward.layer(2)) == "dweights_data"
    assert check_matrix("regularization", backward.layer(2)) == "dweights"
    l1_network, l1_backward = binary(l1=1e-3)
    l1 = explain_cell(l1_network, l1_backward, 1, "regularization", 0, 0)
    assert isinstance(l1, list) and any(line.startswith("L1: λ·sign(w) = 0.001·") for line in l1[0].lines())


def test_the_losses_of_their_own_are_worked_with_their_numbers() -> None:
    for case, start in ((binary(), "dvalues[3, 1] = −(y/p − (1−y)/(1−p)) / outputs / samples"),
                        (regression("mse"), "dvalues[3, 1] = −2·(y − ŷ) / outputs / samples"),
                        (regression("mae"), "dvalues[3, 1] = sign(ŷ − y) / outputs / samples")):
        network, backward = case
        worked = explain_cell(network, backward, 2, "dvalues", 3, 1)
        assert isinstance(worked, LossGradient) and worked.lines()[0] == start
        assert worked.outputs == 2 and worked.worked() == pytest.approx(worked.value, rel=1e-12)
        loss = explain_cell(network, backward, 2, "loss", 3, 1)
        assert isinstance(loss, LossCell)
        assert f"the mean over its 2 outputs = {backward.sample_losses[3]:.5g}" in loss.lines()


def test_the_check_says_where_relus_kink_was_crossed() -> None:
    # Spiral sample 0 sits at (0, 0): its z in layer 1 is the bias alone; with biases 0 (as
    # the preset draws them) it is exactly 0, and nudging b crosses ReLU's kink.
    network, _ = spiral()
    network.steps[0].dense.biases[:] = 0
    inputs, labels = spiral_data(samples=20, classes=3)
    backward = backward_trace(network, network.forward_trace(inputs, labels))
    assert backward is not None
    check = numerical_check(network, backward, 1, "dbiases", 0, 0)
    assert isinstance(check, NumericalCheck) and check.check.kinks > 0
    assert any("crossed ReLU's kink at z = 0" in line for line in check.lines())
    assert "(L(b + h) − L(b − h)) / 2h = " in check.lines()[1]


def test_the_check_names_l1s_kink_and_relus_apart() -> None:
    network, backward = spiral()
    check = numerical_check(network, backward, 1, "regularization", 0, 0)
    assert check is not None and check.check.kinks == 0
    kinks = [line for line in check.lines() if "kink" in line]
    assert kinks == []
    l1 = check._replace(check=check.check._replace(kinks=1, l1_kinks=1))
    assert [line for line in l1.lines() if "kink" in line] == [
        "The nudge crossed L1's kink at w = 0, where |w| has no derivative (the book takes +1): there the two need not agree."]
    both = check._replace(nudged="b", check=check.check._replace(kinks=3, l1_kinks=1))
    assert [line for line in both.lines() if "kink" in line] == [
        "The nudge crossed ReLU's kink at z = 0 (2 times), where ReLU has no derivative (the book takes 0) "
        "and L1's kink at b = 0, where |b| has no derivative (the book takes +1): there the two need not agree."]


def test_l1_at_zero_is_the_books_plus_one_not_a_sign() -> None:
    at_zero = RegularizationTerm("dW1[0, 0]", 0.0, 0.01, 0.0, 0.5, 0.51)
    assert at_zero.lines() == ["dW1[0, 0]: w = 0", "L1 at w = 0, where |w| has no derivative: the book takes +1 for sign(w)",
                               "λ·(+1) = 0.01·1 = 0.01", "data 0.5 + 0.01 = 0.51"]
    assert at_zero.worked() == pytest.approx(0.51)
    negative = RegularizationTerm("db1[0, 0]", -0.2, 0.01, 0.0, 0.5, 0.49)
    assert negative.lines()[1] == "L1: λ·sign(b) = 0.01·(-1) = -0.01"


def test_a_float32_check_says_how_close_float32_gets() -> None:
    network, backward = spiral()
    check = numerical_check(network, backward, 2, "dweights", 0, 0)
    assert check is not None
    float32 = check._replace(float32=True, check=check.check._replace(relative=3e-5))
    assert float32.agrees and "as closely as float32 allows" in float32.lines()[-1]
    assert not check._replace(check=check.check._replace(relative=3e-5)).agrees
    assert check._replace(check=check.check._replace(relative=3e-5)).lines()[-1] == "✗ they differ."


def test_targets_given_as_rows_are_shown_as_the_row() -> None:
    inputs, labels = spiral_data(samples=5, classes=3)
    network, backward = _case([Step(_dense(2, 3, 1), activation_named("softmax"))], inputs, labels)
    backward = backward._replace(labels=np.eye(3)[labels])  # the trace keeps class indices; the loss reads rows too
    worked = explain_cell(network, backward, 1, "dvalues", 7, 1)
    assert isinstance(worked, LossGradient) and worked.label is None and worked.fused
    assert worked.lines()[2] == f"y = {'[' + ', '.join('1' if c == labels[7] else '0' for c in range(3)) + ']'}"
    assert worked.worked() == pytest.approx(worked.value, rel=1e-12)


def test_a_float32_sum_whose_terms_cancel_is_judged_against_the_terms_size() -> None:
    network, backward = spiral()
    check = numerical_check(network, backward, 1, "dbiases", 0, 1)
    assert check is not None and not check.float32
    assert check.terms == pytest.approx(float(np.sum(np.abs(backward.layer(1).dz[:, 1]))), rel=1e-12)
    # 5% apart, but 5e-8 is float32's rounding of terms that add up to 1 in size.
    parted = check.check._replace(analytic=1e-6, numerical=1.05e-6, relative=0.05 / 1.05)
    cancelled = check._replace(float32=True, terms=1.0, check=parted)
    assert cancelled.agrees
    assert cancelled.lines()[-1].startswith("✓ they agree as closely as float32 allows: the cell is a sum whose terms cancel (Σ|term| = 1)")
    assert not cancelled._replace(terms=1e-3).agrees and cancelled._replace(terms=1e-3).lines()[-1] == "✗ they differ."
    assert not cancelled._replace(float32=False).agrees  # float64 rounds to 1e-16 of the terms: no excuse
    assert numerical_check(network, backward, 1, "dz", 0, 1).terms == 0.0  # type: ignore[union-attr]


def test_a_negative_number_taken_away_is_bracketed() -> None:
    network, backward = regression("mse")
    targets = np.asarray(backward.labels).reshape(len(backward.output), -1)
    sample = int(np.argmin(targets[:, 0]))
    assert targets[sample, 0] < 0
    worked = explain_cell(network, backward, 2, "dvalues", sample, 0)
    assert isinstance(worked, LossGradient)
    y, p = float(targets[sample, 0]), float(backward.output[sample, 0])
    p_text = f"{p:.4g}" if p >= 0 else f"({p:.4g})"
    assert worked.lines()[1] == f"= −2·(({y:.4g}) − {p_text}) / 2 / 12"
