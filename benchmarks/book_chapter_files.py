"""The book's chapter files (2-22) run whole, on the book's own classes and on ``engine.book``.

Each chapter's file is read from a clone of Sentdex/nnfs_book (by default this machine's
mirror; ``NNFS_BOOK`` or ``--book``) as ``tests/book/repl_chapters.py`` reads it, with the
same cuts (1,001 epochs where the book trains 10,001; chapter 19 on stand-in Fashion-MNIST
data). Chapter 22's file (every class) has statements that need the real images, a saved
model and OpenCV, so its line here runs chapter 19's statements on chapter 22's classes and
then does what chapters 20-22 do: evaluate, save and load the parameters, save and load the
model, predict. The book's side is the file with its own classes; nnwb's side has
``from engine.book import *`` in their place (chapter 17 with ``weight_scale=0.1``, as
tests/book runs it). Both must print the same text.

Each run is a fresh process, timed from launch to exit: interpreter start-up, the imports
and the chapter's work all count, as a learner who runs the file waits for them. The sides
take turns in alternating order, several rounds, one BLAS thread; figures are medians.
``--imports`` times only the imports: the book's own (numpy, nnfs, its datasets) against
the same plus ``from engine.book import *``.

``--nnwb DIR`` (repeatable) names more nnwb trees to run beside this one (e.g. a ``git
archive`` of an older commit), so old and new are measured in the same minutes.

    OPENBLAS_NUM_THREADS=1 python benchmarks/book_chapter_files.py [--rounds 5] [--chapters ch10,ch16]
    python benchmarks/book_chapter_files.py --imports [--rounds 31] [--nnwb /tmp/old]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.book.book_source import BOOK, available, book_file, chapter_parts  # noqa: E402
from tests.book.repl import MARKER, engine_classes, session  # noqa: E402
from tests.book.repl_chapters import CHAPTERS, chapter_input  # noqa: E402

BOOK_IMPORTS = "import numpy as np\nimport nnfs\nfrom nnfs.datasets import spiral_data\n"
TARGET_RATIO = 1.05
TARGET_IMPORT_MS = 50.0

# Chapters 20-22 after chapter 19's training (the book's calls; each side saves its own way).
AFTER_19 = """model.evaluate(X_test, y_test)
parameters = model.get_parameters()
model.save_parameters('fashion_mnist.parms')
model.load_parameters('fashion_mnist.parms')
model.evaluate(X_test, y_test)
model.save('fashion_mnist.model')
model = Model.load('fashion_mnist.model')
model.evaluate(X_test, y_test)
confidences = model.predict(X_test[:5])
predictions = model.output_layer_activation.predictions(confidences)
print(predictions)
"""


def chapter_sources(name: str) -> tuple[str, str]:
    """(the book's script, nnwb's script) for chapter ``name`` ("ch02" ... "ch19", "ch22")."""
    if name == "ch22":
        text, _ = chapter_input("ch19")
        classes = chapter_parts(book_file("Chapter_22/Ch22_Final.py")).classes
        # Chapter 22's own imports beside chapter 19's (its classes pickle and copy).
        text = "import copy\nimport pickle\n" + text + AFTER_19
    else:
        text, classes = chapter_input(name)
    if MARKER + "\n" not in text:
        raise SystemExit(f"{name}: no {MARKER!r} line")
    return session(text, classes), session(text, engine_classes(name))


def environment(tree: Path, cache: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(tree), "OPENBLAS_NUM_THREADS": "1", "PYTHONPYCACHEPREFIX": cache}
    # Byte-code cached, as a learner's second run finds it (the repository's environment
    # turns writing it off, which would recompile nnwb's sources at every run).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


class Run(NamedTuple):
    wall: float  # seconds from launch to exit
    cpu: float  # the process's user + system seconds: what the machine's other jobs disturb least
    output: str


def timed(script: Path, env: dict[str, str], folder: Path) -> Run:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=folder, env=env, timeout=900)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{script.name} failed:\n{result.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(wall, cpu, result.stdout)


def alternate(contenders: list[tuple[str, Path, dict[str, str]]], rounds: int, folder: Path) -> dict[str, list[Run]]:
    """The runs of each contender, the order reversed every other round."""
    # A first, untimed run each: it writes the byte-code, and its output is compared.
    outputs = {label: timed(script, env, folder).output for label, script, env in contenders}
    times: dict[str, list[Run]] = {label: [] for label, _, _ in contenders}
    for round_number in range(rounds):
        order = contenders if round_number % 2 == 0 else contenders[::-1]
        for label, script, env in order:
            times[label].append(timed(script, env, folder))
    first = next(iter(outputs.values()))
    for label, output in outputs.items():
        if output != first:
            print(f"  !! {label} printed something else than {contenders[0][0]}")
    return times


def trees(extra: list[str]) -> list[tuple[str, Path]]:
    return [("nnwb", ROOT)] + [(f"nnwb@{Path(tree).name}", Path(tree).resolve()) for tree in extra]


def ratios(ours: list[Run], theirs: list[Run], field: str) -> str:
    """The median of the rounds' ratios, and their range."""
    each = [getattr(a, field) / getattr(b, field) for a, b in zip(ours, theirs)]
    return f"{statistics.median(each):.2f}x ({min(each):.2f}-{max(each):.2f})"


def median(runs: list[Run], field: str) -> float:
    return statistics.median(getattr(run, field) for run in runs)


def chapters_run(names: list[str], rounds: int, extra: list[str], cache: str) -> None:
    print("per chapter: the book's median wall / CPU seconds, then each nnwb tree's, and the median of the")
    print("rounds' ratios (nnwb / book) with their range, wall and CPU")
    with tempfile.TemporaryDirectory(prefix="book-chapter-files-") as work:
        folder = Path(work)
        for name in names:
            book_text, nnwb_text = chapter_sources(name)
            (folder / f"{name}_book.py").write_text(book_text)
            (folder / f"{name}_nnwb.py").write_text(nnwb_text)
            contenders = [("book", folder / f"{name}_book.py", environment(ROOT, cache))]
            contenders += [(label, folder / f"{name}_nnwb.py", environment(tree, cache)) for label, tree in trees(extra)]
            times = alternate(contenders, rounds, folder)
            book = times["book"]
            row = f"{name}: book {median(book, 'wall'):.3f} / {median(book, 'cpu'):.3f} s"
            for label, _ in trees(extra):
                ours = times[label]
                row += (
                    f"; {label} {median(ours, 'wall'):.3f} / {median(ours, 'cpu'):.3f} s, "
                    f"wall {ratios(ours, book, 'wall')}, CPU {ratios(ours, book, 'cpu')}"
                )
            print(row, flush=True)


def imports_run(rounds: int, extra: list[str], cache: str) -> None:
    with tempfile.TemporaryDirectory(prefix="book-imports-") as work:
        folder = Path(work)
        (folder / "book.py").write_text(BOOK_IMPORTS)
        (folder / "nnwb.py").write_text(BOOK_IMPORTS + MARKER + "\n")
        contenders = [("book", folder / "book.py", environment(ROOT, cache))]
        contenders += [(label, folder / "nnwb.py", environment(tree, cache)) for label, tree in trees(extra)]
        times = alternate(contenders, rounds, folder)
    book = times["book"]
    print(f"the book's imports (numpy, nnfs, nnfs.datasets): {median(book, 'wall') * 1000:.0f} ms wall, "
          f"{median(book, 'cpu') * 1000:.0f} ms CPU")
    for label, _ in trees(extra):
        for field in ("wall", "cpu"):
            extras = [(getattr(a, field) - getattr(b, field)) * 1000 for a, b in zip(times[label], book)]
            quartiles = statistics.quantiles(extras, n=4)
            print(
                f"{label}, + from engine.book import *: {field} {statistics.median(extras):+.0f} ms "
                f"(median of the rounds' differences; quartiles {quartiles[0]:+.0f} / {quartiles[2]:+.0f}; "
                f"target < {TARGET_IMPORT_MS:.0f})"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--chapters", default="", help="comma-separated, e.g. ch10,ch16 (default: all)")
    parser.add_argument("--imports", action="store_true", help="time the imports only")
    parser.add_argument("--nnwb", action="append", default=[], help="another nnwb tree to run alongside")
    arguments = parser.parse_args()
    if not available():
        raise SystemExit(f"no clone of Sentdex/nnfs_book at {BOOK} (set NNFS_BOOK)")
    print(
        f"python {platform.python_version()}, {os.cpu_count()} CPUs, OPENBLAS_NUM_THREADS=1, "
        f"load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}, {arguments.rounds} alternating rounds"
    )
    with tempfile.TemporaryDirectory(prefix="book-pycache-") as cache:
        if arguments.imports:
            imports_run(arguments.rounds, arguments.nnwb, cache)
        else:
            names = arguments.chapters.split(",") if arguments.chapters else [*CHAPTERS, "ch22"]
            chapters_run(names, arguments.rounds, arguments.nnwb, cache)
    print(f"load average at the end {' '.join(f'{v:.2f}' for v in os.getloadavg())}; target <= {TARGET_RATIO}x")


if __name__ == "__main__":
    main()
