"""The book's chapter 15-17 presets, timed: loading one (data, draws, the first trace) and
its session file's save and load, as the workbench does when the learner picks it.

Chapter 15's is the largest example: 3,000 spiral samples through 2 -> 64 -> 3. Each
figure is the median of several runs; the target is what an edit gets, under 100 ms for a
preset to show, and the session files' 300 ms.

    python benchmarks/book_presets.py
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timing import median_seconds  # noqa: E402

from tui.document.state import Document  # noqa: E402
from tui.files import session_file  # noqa: E402

RUNS = 7
PRESETS = ("ch15-dropout", "ch16-binary", "ch17-regression")


def median_ms(work: Callable[[], object]) -> float:
    return median_seconds(work, RUNS) * 1000


def main() -> None:
    print(f"book presets: load (data, weights, first trace), session file save and load (median of {RUNS})")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "preset.json"
        for name in PRESETS:
            load = median_ms(lambda name=name: Document.from_preset(name).trace)
            document = Document.from_preset(name)
            save = median_ms(lambda document=document: session_file.save(document, path))
            read = median_ms(lambda: session_file.load(path)[0].trace)
            print(f"  {name:16} load {load:6.1f} ms   save {save:6.1f} ms   load file {read:6.1f} ms   "
                  f"file {path.stat().st_size / 1024:6.1f} KB   {document.trace.loss_name}, loss {document.trace.loss:.6g}")


if __name__ == "__main__":
    main()
