"""``nnwb run``, ``export``, ``check``, ``lessons`` and ``lint``: without the UI.

UI-free (see ARCHITECTURE.md), so a script that checks fifty networks pays only for
NumPy. Exit status: 0 when the network computes, 1 when it has a shape or label error
(the workbench's explanation is printed), 2 for a bad file or argument (a message on
stderr, no traceback), 3 when standard output cannot be written (``tui.cli.output``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from tui.cli.output import WRITE_FAILED
from tui.files.paths import shown_path
from tui.files.safe_text import safe_text

if TYPE_CHECKING:
    import numpy as np

    from engine import Trace
    from tui.document.state import Document

OK, SHAPE_ERROR, BAD_INPUT = 0, 1, 2
WRITE_FAILED_WORDS = f"{WRITE_FAILED} when standard output cannot be written (closed, full, or a pipe closed early)"
COMMANDS = ("run", "export", "check", "lessons", "lint")

EPILOG = """\
without the UI:
  nnwb run SOURCE [--json]   the forward pass, loss, accuracy and predictions, as text
                             or as one JSON object (with the gradients); exit 0, 1
                             for a shape or label error (the explanation is
                             printed), 2 for a bad file or argument
  nnwb export SOURCE -o OUT  write OUT: a .py NumPy script in the book's style, or a
                             .json session file; --backward: the script also runs
                             the backward pass and prints the gradients
  nnwb lessons [DIR]         the built-in course (or the course in folder DIR), with
                             the tasks you have done
  nnwb check LESSON FILE.json [--json] [--course DIR]
                             grade a saved session against a lesson's tasks; exit 0
                             all pass, 1 some fail, 2 for a bad file; what is done in
                             the workbench (step mode, a key, training) is not graded
  nnwb lint FILE|DIR         a teacher's lesson file (or a folder of them): file:line
                             warnings (a task done at the start, a task that undoes
                             another, code wider than the panel); exit 0 clean, 1
                             warnings, 2 for a file that is not a lesson

in a web browser:
  nnwb serve [--host H] [--port P] [--lesson NAME] [--course DIR]
                             serve the workbench to browsers, a workbench per tab
                             (the serve extra; nnwb serve --help says more)

SOURCE is a session file or one of the presets above; a preset's name wins, so a file
called like a command or a preset is written with its folder: nnwb ./run, nnwb run ./spiral.

Every command exits 3 when standard output cannot be written: closed or full (one line on
stderr says so), or a pipe whose reader stopped early, as | head does (quietly).
"""


class BadSource(Exception):
    """A source that cannot be read: the message says why (exit 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse's own, with the usage first: exit 2
        self.print_usage(sys.stderr)
        self.exit(BAD_INPUT, f"{self.prog}: {message}\n")


def parser() -> argparse.ArgumentParser:
    from engine import PRESETS

    presets = ", ".join(PRESETS)
    source = f"a session file (.json) or a preset: {presets}"
    top = _Parser(prog="nnwb", description="The workbench's numbers without the UI.")
    commands = top.add_subparsers(dest="command", required=True, parser_class=_Parser)
    run = commands.add_parser("run", help="compute the forward pass and print it",
                              description="Compute the forward pass (and loss, accuracy and predictions when there "
                                          "are labels) and print it. Exit 0 when it computes, 1 for a shape or label "
                                          "error (the explanation is printed), 2 for a bad file or argument, "
                                          f"{WRITE_FAILED_WORDS}.")
    run.add_argument("source", metavar="SOURCE", help=source)
    run.add_argument("--json", action="store_true",
                     help="print one JSON object: output, loss, accuracy, predictions, labels, layers, gradients, "
                          "dvalues, error")
    export = commands.add_parser("export", help="write a NumPy script (.py) or a session file (.json)",
                                 description="Write OUT from SOURCE: OUT ending in .py is a standalone NumPy script "
                                             "in the book's style, .json a session file. Exit 0 when written, 1 when "
                                             "a script is asked of a network with a shape error (a session file "
                                             "keeps the mistake), 2 for a bad file or argument, "
                                             f"{WRITE_FAILED_WORDS}.")
    export.add_argument("source", metavar="SOURCE", help=source)
    export.add_argument("-o", "--output", metavar="OUT", required=True, help="the file to write: NAME.py or NAME.json")
    export.add_argument("--backward", action="store_true",
                        help="the script also runs the backward pass (the book's chapter 9) and prints the loss's "
                             "gradient and each layer's dweights and dbiases, as nnwb run --json gives them")
    check = commands.add_parser(
        "check", help="grade a saved session against a lesson's tasks",
        description="Run LESSON's checks on the session in SESSION and print each task as passed or failed, with "
                    "what was seen. Tasks done in the workbench (a stage reached in step mode, a command used, a "
                    "training run) are not kept in a session file: a task of only those is printed as \"not graded: done in "
                    "the workbench\" and leaves the exit status alone; a task that also has checks a file keeps is graded "
                    "on those, and says which workbench part was not graded. Exit 0 when every graded task passes, 1 when one "
                    f"fails, 2 for a bad lesson or session file, {WRITE_FAILED_WORDS}. A folder of hand-ins: "
                    "for f in hand-ins/*.json; do nnwb check neuron \"$f\" >/dev/null && echo \"$f\"; done")
    check.add_argument("lesson", metavar="LESSON", help="a built-in lesson's name or number (nnwb lessons lists them), "
                                                       "or a lesson file (.toml)")
    check.add_argument("session", metavar="SESSION.json", help="the learner's saved session file")
    check.add_argument("--json", action="store_true",
                       help="print one JSON object: lesson, title, session, tasks (task, text, status, detail), "
                            "passed, failed, not_graded, all_passed")
    check.add_argument("--course", metavar="DIR", help="LESSON is a lesson of the course in DIR (a folder with a "
                                                       "course.toml): its name, number or path")
    lessons = commands.add_parser("lessons", help="list the built-in course, or the course in DIR, with the tasks done",
                                  description="List the built-in lessons (or the lessons of the course in DIR, a folder "
                                              "with a course.toml) in order, each with its name for nnwb --lesson and the "
                                              "tasks you have done (kept in nnwb's state folder). Exit 0, 2 for a course "
                                              f"or lesson file that cannot be read, {WRITE_FAILED_WORDS}.")
    lessons.add_argument("folder", nargs="?", metavar="DIR", help="a course of one's own: a folder with a course.toml")
    lint = commands.add_parser(
        "lint", help="check lesson files for mistakes a learner would meet",
        description="Load each lesson file (a folder: every *.toml lesson in it) as the workbench does and print "
                    "FILE:LINE: warning: ... for a task that holds at the lesson's start or can never be done, a graded "
                    "task that undoes an "
                    "earlier one (a session saved at the end would fail it), and a code line wider than the lesson "
                    "panel; a file the loader refuses is printed as FILE:LINE: error: .... Exit 0 when clean, 1 with "
                    f"warnings, 2 for a file that cannot be read as a lesson, {WRITE_FAILED_WORDS}. LESSONS.md "
                    "documents what a lesson file may say.")
    lint.add_argument("target", metavar="FILE|DIR", help="a lesson file (.toml), a folder of them, or a built-in "
                                                         "lesson's name")
    return top


def main(argv: list[str]) -> int:
    """Run ``nnwb run``, ``export``, ``check``, ``lessons`` or ``lint``; returns the exit status."""
    args = parser().parse_args(argv)
    if args.command == "lint":
        from tui.lessons import lint

        return lint.main(args.target, sys.stdout, sys.stderr)
    if args.command == "check":
        from tui.lessons import grader

        return grader.main(args.lesson, args.session, args.json, sys.stdout, sys.stderr, args.course)
    if args.command == "lessons":
        from tui.lessons import listing

        return listing.main(sys.stdout, sys.stderr, args.folder)
    try:
        document, training = load_source(args.source)
        if args.command == "run":
            return run(document, args.source, args.json, sys.stdout)
        return export(document, training, Path(args.output), args.backward)
    except BadSource as problem:
        print(f"nnwb {args.command}: {shown_path(str(problem))}", file=sys.stderr)
        return BAD_INPUT


def load_source(source: str) -> tuple[Document, dict[str, Any] | None]:
    """A preset by its name, else the session file at that path; BadSource if neither."""
    from engine import PRESETS
    from tui.document.state import Document

    if not source:  # Path("") is the current folder, which would be refused as a folder
        raise BadSource(f'an empty SOURCE was given: name a session file or a preset ({", ".join(PRESETS)})')
    if source in PRESETS:
        return Document.from_preset(source), None
    path = Path(source)
    # lexists: a link that loops (or dangles) is there, and reading it says why it cannot be read.
    if not os.path.lexists(path):
        raise BadSource(f'{source}: no such file, and no preset of that name (presets: {", ".join(PRESETS)})')
    from tui.files import session_file

    try:
        return session_file.load(path)
    except session_file.SessionFileError as problem:  # its message names the file
        raise BadSource(str(problem)) from None
    except OSError as problem:
        raise BadSource(f"{source}: {problem.strerror or problem}") from None


# ---------------------------------------------------------------- run
def run(document: Document, source: str, as_json: bool, out: TextIO) -> int:
    trace = document.trace
    if as_json:
        json.dump(report(document, source), out, allow_nan=False)
        out.write("\n")
    else:
        out.write(safe_text(text_report(document, source), lines=True))  # the file's name, as its author wrote it
    return SHAPE_ERROR if trace.error is not None else OK


def report(document: Document, source: str) -> dict[str, Any]:
    """Everything ``nnwb run --json`` prints, as JSON values (a number that overflowed is null)."""
    trace = document.trace
    error = trace.error
    return {
        "source": shown_path(source),
        "dtype": str(document.dtype),
        "output": None if trace.output is None else _numbers(trace.output),
        # Which loss scores this network (engine.loss_choice): by its last activation, and
        # the file's choice for a linear output; null for a ReLU output (accuracy only).
        "loss_name": trace.loss_name,
        "loss": _number(trace.loss),
        "accuracy": _number(trace.accuracy),
        "predictions": None if trace.predictions is None else _predictions(trace.predictions),
        # The document's labels, also when nothing is scored (an overflowed pass has no
        # predictions, but the file still has its labels).
        "labels": None if document.labels is None else document.labels.tolist(),
        "layers": layer_shapes(document, trace),
        "error": None if error is None else {
            "message": str(error),
            "problem": error.problem,
            "fix": error.fix,
            "numpy": error.numpy_message or None,
            "operation": error.operation,
            "layer": error.layer,
            "left": error.left,
            "left_shape": list(error.left_shape),
            "right": error.right,
            "right_shape": list(error.right_shape),
        },
        "nonfinite": None if trace.nonfinite is None else trace.nonfinite.message,
        **gradients(document),
    }


def gradients(document: Document) -> dict[str, Any]:
    """The backward pass (engine.backward), whenever the pass has a loss, else nulls: the loss's
    gradient ``dvalues`` (for softmax with cross-entropy the combined (p − y) / samples), and
    per layer dweights, dbiases (stored as weights and biases are: inputs × neurons) and dinputs."""
    import numpy as np

    backward = document.backward
    if backward is None:
        return {"gradients": None, "dvalues": None}
    return {
        "gradients": [{"dweights": _numbers(g.dweights), "dbiases": _numbers(np.atleast_2d(g.dbiases)),
                       "dinputs": _numbers(g.dinputs)} for g in backward.layers],
        "dvalues": _numbers(backward.dvalues),
    }


def layer_shapes(document: Document, trace: Trace) -> list[dict[str, Any]]:
    """Each layer's activation and shapes; ``input`` and ``output`` are null where the pass
    did not get to (a layer that could not compute has an input but no output)."""
    layers = []
    incoming: tuple[int, ...] | None = tuple(trace.inputs.shape)
    for number, step in enumerate(document.network.steps, start=1):
        record = trace.records[number - 1] if number <= len(trace.records) else None
        output = tuple(record.output.shape) if record is not None else None
        layers.append({
            "layer": number,
            "activation": step.activation.name,
            "dropout": step.dropout,  # while training only: the pass here is without it
            "input": None if incoming is None else list(incoming),
            "weights": list(step.dense.weights.shape),
            "biases": list(step.dense.biases.shape),
            "output": None if output is None else list(output),
        })
        incoming = output
    return layers


def text_report(document: Document, source: str) -> str:
    import numpy as np

    from engine.numbers import exact_number

    trace = document.trace
    steps = document.network.steps
    lines = [f"{shown_path(source)} ({document.dtype}): {len(trace.inputs)} samples, {len(steps)} layer{'s' * (len(steps) != 1)}"]
    for layer in layer_shapes(document, trace):
        inputs, weights, biases, output = (_shape(layer[key]) for key in ("input", "weights", "biases", "output"))
        words = ACTIVATION_WORDS.get(layer["activation"], layer["activation"])
        dropout = f", then dropout {exact_number(layer['dropout'])} while training" if layer["dropout"] else ""
        lines.append(f"layer {layer['layer']}: inputs {inputs} . weights {weights} + biases {biases} "
                     f"-> output {output}, {words}{dropout}")
    if trace.output is not None:
        lines += ["output:", np.array2string(trace.output)]
    if trace.error is not None:
        where = f" in layer {trace.error.layer}" if trace.error.layer is not None else ""
        lines += [f"{trace.error.kind.lower()}{where}:", str(trace.error)]
    if trace.nonfinite is not None:
        lines += [f"not scored: {trace.nonfinite.message}"]
    if trace.predictions is not None and trace.labels is not None:
        predicted, labels = (np.asarray(a) for a in (trace.predictions, trace.labels))
        if predicted.ndim == 2 and predicted.shape[1] == 1:  # one output: a row, as class indices are shown
            predicted, labels = predicted.ravel(), labels.ravel()
        lines += [f"predictions: {np.array2string(predicted)}", f"labels:      {np.array2string(labels)}"]
    if trace.loss is not None:
        lines.append(f"loss function: {trace.loss_name}")
        lines.append(f"loss: {loss_number(trace, document.dtype)!s}")
    if trace.accuracy is not None:
        lines.append(f"acc: {trace.accuracy!r}")
    return "\n".join(lines) + "\n"


def loss_number(trace: Trace, dtype: np.dtype) -> np.floating:
    """The loss as the book's code prints it: a NumPy float of the dtype it was computed in
    (float32 in the nnfs mode; float64 when float64 targets or int64 labels widened it)."""
    import numpy as np

    kind = trace.sample_losses.dtype if trace.sample_losses is not None else dtype
    return np.dtype(kind).type(trace.loss)


ACTIVATION_WORDS = {"linear": "no activation", "relu": "ReLU", "sigmoid": "sigmoid", "softmax": "softmax"}


def _shape(shape: list[int] | None) -> str:
    return "?" if shape is None else str(tuple(shape))


def _numbers(values: np.ndarray) -> list[Any]:
    """Rows of floats, exactly as held (a float32 as the float64 that equals it); inf and nan,
    which JSON cannot hold, as null."""
    import numpy as np

    rows = values.astype(np.float64).tolist()
    if not np.all(np.isfinite(values)):
        rows = [[x if np.isfinite(x) else None for x in row] for row in rows]
    return rows


def _predictions(values: np.ndarray) -> list[Any]:
    """Class indices (softmax, ReLU) as integers; a sigmoid's 0/1 and a regression's
    predicted numbers as rows, one per sample (a regression's may overflow: null)."""
    if values.ndim == 1:
        return values.tolist()
    if values.dtype.kind in "iub":
        return values.tolist()
    return _numbers(values)


def _number(value: float | None) -> float | None:
    import math

    return None if value is None or not math.isfinite(value) else float(value)


# ---------------------------------------------------------------- export
def export(document: Document, training: dict[str, Any] | None, out: Path, backward: bool = False) -> int:
    from tui.files.export_code import ExportRefused, data_of, write_script

    kind = out.suffix.lower()
    if kind not in (".py", ".json"):
        raise BadSource(f"{out}: write a .py file (a NumPy script) or a .json file (a session file)")
    try:
        if backward and kind != ".py":
            raise BadSource(f"{out}: --backward is for a .py script; a session file keeps no gradients")
        if kind == ".py":
            written = write_script(document, out, data_of(training), backward)
        else:
            from tui.files import session_file

            session_file.save(document, out, training)
            written = out.resolve()
    except ExportRefused as refused:
        print(f"nnwb export: {safe_text(str(refused))}", file=sys.stderr)
        return SHAPE_ERROR
    except OSError as problem:
        raise BadSource(f"cannot write {out}: {problem.strerror or problem}") from None
    print(f"wrote {shown_path(written)}")
    return OK
