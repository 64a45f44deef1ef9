"""nnwb lint on the training checks: a saved session keeps one last run, so a later task
that needs other settings of it (another optimizer, another rate) undoes an earlier one."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.lessons.test_lint import HEAD, lint, write


def task(text: str, check: str) -> str:
    return f'\n[[tasks]]\ntext = "{text}"\n{check}\n'


ADAGRAD = 'check = "settings"\noptimizer = "adagrad"\nepochs = 1001'
ADAM = 'check = "settings"\noptimizer = "adam"\nepochs = 1001'


@pytest.mark.parametrize(("first", "second", "said"), [
    (ADAGRAD, ADAM, "a last run with adam where task 1 needs a last run with adagrad"),
    ('check = "settings"\nmomentum = 0.9', 'check = "settings"\nmomentum = 0.5',
     "the last run's momentum = 0.5 where task 1 needs the last run's momentum = 0.9"),
    ('check = "settings"\nsetting = "epochs"\nat_most = 1001', 'check = "settings"\nepochs = 3001',
     "the last run's epochs = 3001 where task 1 needs the last run's epochs at most 1001"),
    ('check = "validation"\nfigure = "loss_gap"\nat_most = 0.1', 'check = "validation"\nfigure = "loss_gap"\nat_least = 0.8',
     "the last run's validation loss_gap at least 0.8 where task 1 needs the last run's validation loss_gap at most 0.1"),
])
def test_a_later_run_that_needs_other_settings_undoes_an_earlier_task(
        first: str, second: str, said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, HEAD + task("First.", first) + task("Second.", second))

    status, out = lint(path, capsys)

    assert status == 1 and any("warning: task 2 undoes task 1: it needs " + said in line for line in out), out


@pytest.mark.parametrize(("first", "second"), [
    ('check = "settings"\noptimizer = "sgd"\ndecay = 1e-3', 'check = "settings"\noptimizer = "sgd"\nmomentum = 0.9'),
    (ADAGRAD.replace("check =", "on_the_way = true\ncheck ="), ADAM),
    ('check = "validation"\nfigure = "accuracy"\nat_least = 0.7', 'check = "validation"\nfigure = "loss_gap"\nat_least = 0.8'),
])
def test_runs_whose_settings_can_hold_together_are_not_warned(first: str, second: str, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, HEAD + task("First.", first) + task("Second.", second))

    assert lint(path, capsys) == (0, ["1 lesson file: no warnings"])
