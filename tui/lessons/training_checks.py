"""The checks of the last training run: the settings it trained with, and what its
validation data measured. Both read ``LessonContext.training``, the settings and last run
Save writes (``tui.training.last_run``), so a saved session is graded as the workbench is.

They read the run, not the form: settings typed in the training view but never trained
with do not pass, and neither does a run whose weights were reset (z) since. Its epochs are
those its last settings trained (``epochs_with_settings``): a run made with others and
ended with one epoch of these is not a run of these.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from engine.numbers import format_number
from tui.lessons.context import LessonContext
from tui.lessons.vocabulary import COMPARE_KEYS, Check, CheckResult, Compare, Key, SpecError
from tui.training.last_run import LAST_RUN
from tui.training.settings import BY_KEY, OPTIMIZER_NAMES

# The settings a check may name: the field table's (its kinds: whole or not), and the rate
# the last update used after decay (``current_learning_rate``).
SETTINGS = ("learning_rate", "decay", "momentum", "epochs", "validation_split")
SETTING_NAMES = (*SETTINGS, "current_learning_rate")
SETTING_KEYS = {name: Key("whole" if BY_KEY[name].whole else "number") for name in SETTINGS}
# Exact settings agree to this share of their size: 5e-7 typed is 5e-7 read back.
EXACT = 1e-9
NO_RUN = "no training run yet: train in the training view (g), and keep its weights"


def _run(context: LessonContext) -> Mapping[str, Any] | None:
    training = context.training
    run = training.get(LAST_RUN) if training is not None else None
    return run if isinstance(run, Mapping) else None


def _number(value: float, name: str) -> str:
    return str(int(value)) if name == "epochs" else format_number(value, 8)


@dataclass(frozen=True)
class SettingsCheck(Compare, Check):
    kind: ClassVar[str] = "settings"
    KEYS: ClassVar[dict[str, Key]] = {
        "optimizer": Key("text", False, OPTIMIZER_NAMES), **SETTING_KEYS,
        "setting": Key("text", False, SETTING_NAMES), **COMPARE_KEYS,
    }
    optimizer: str | None = None
    learning_rate: float | None = None
    decay: float | None = None
    momentum: float | None = None
    epochs: int | None = None
    validation_split: float | None = None
    setting: str | None = None

    def exact(self) -> dict[str, float]:
        return {name: getattr(self, name) for name in SETTINGS if getattr(self, name) is not None}

    def validate(self) -> None:
        compares = (self.equals, self.at_most, self.at_least, self.tolerance) != (None, None, None, None)
        if self.setting is None:
            if compares:
                raise SpecError("setting", 'a comparison needs the setting it compares: setting = "epochs", say')
            if self.optimizer is None and not self.exact():
                raise SpecError(None, "expected a setting: optimizer, learning_rate, decay, momentum, epochs, "
                                      'validation_split, or setting = "<name>" with a comparison')
            return
        if self.setting in self.exact():
            raise SpecError("setting", f"{self.setting} is given twice: as {self.setting} = V and as setting")
        self.validate_compare()

    def evaluate(self, context: LessonContext) -> CheckResult:
        run = _run(context)
        if run is None:
            return CheckResult(False, NO_RUN)
        seen = [f"the last run trained with {run['optimizer']}"]
        if self.optimizer is not None and run["optimizer"] != self.optimizer:
            return CheckResult(False, f"{seen[0]}; wanted {self.optimizer}")
        for name, wanted in self.exact().items():
            value = _setting(run, name)
            if value is None:
                return CheckResult(False, f"the last run has no {name}")
            shown = _number(value, name)
            if not math.isclose(value, wanted, rel_tol=EXACT, abs_tol=0.0):
                return CheckResult(False, f"its {_named(name)} is {shown}; wanted {_number(wanted, name)}")
            seen.append(f"{name} {shown}")
        if self.setting is not None:
            result = self.judge(f"its {_named(self.setting)}", _setting(run, self.setting), NO_RUN)
            if not result.passed:
                return result
            seen.append(result.detail.removeprefix("its "))
        return CheckResult(True, ", ".join(seen))

    def in_words(self) -> str:
        return "the settings of the last training run"


def _named(name: str) -> str:
    return "epochs with these settings" if name == "epochs" else name


def _setting(run: Mapping[str, Any], name: str) -> float | None:
    """A setting of the last run; its epochs are those its settings trained (older files: all)."""
    value = run.get("epochs_with_settings", run.get("epochs")) if name == "epochs" else run.get(name)
    return float(value) if isinstance(value, (int, float)) else None


# The figures of the validation check: the validation data's, and the gaps to training's
# (each as overfitting makes it positive: validation loss above, accuracy below).
FIGURES = ("loss", "accuracy", "loss_gap", "accuracy_gap")


@dataclass(frozen=True)
class ValidationCheck(Compare, Check):
    kind: ClassVar[str] = "validation"
    KEYS: ClassVar[dict[str, Key]] = {"figure": Key("text", True, FIGURES), **COMPARE_KEYS}
    figure: str = "loss"

    def validate(self) -> None:
        self.validate_compare()

    def evaluate(self, context: LessonContext) -> CheckResult:
        run = _run(context)
        if run is None:
            return CheckResult(False, NO_RUN)
        val_loss, val_accuracy = run.get("val_loss"), run.get("val_accuracy")
        if val_loss is None or val_accuracy is None:
            return CheckResult(False, "the last run had no validation data: set validation (the share of samples "
                                      "held out) above 0 in the training view, and train")
        loss, accuracy = run.get("loss"), run.get("accuracy")
        values = {
            "loss": ("the validation loss", val_loss),
            "accuracy": ("the validation accuracy", val_accuracy),
            "loss_gap": ("the validation loss minus the training loss", None if loss is None else val_loss - loss),
            "accuracy_gap": ("the training accuracy minus the validation accuracy",
                             None if accuracy is None else accuracy - val_accuracy),
        }
        what, value = values[self.figure]
        return self.judge(what, value, "the last run's training figures are not finite")

    def in_words(self) -> str:
        return f"the last run's validation {self.figure.replace('_', ' ')}"
