"""How the nnwb command starts the workbench: the collector is paused until the first frame."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.tui.conftest import grid_rows
from tui.__main__ import make_app

ROOT = Path(__file__).resolve().parents[2]


async def test_make_app_pauses_the_collector_until_the_first_frame() -> None:
    try:
        app = make_app(["--preset", "layer"])
        assert not gc.isenabled()  # paused through the imports and the first frame
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert gc.isenabled()  # back on once the first frame is out
            assert gc.get_freeze_count() > 0
            assert grid_rows(app, "#z") == [["4.8", "1.21", "2.385"]]
    finally:
        gc.enable()


def test_an_unknown_preset_is_refused_with_the_choices(capsys) -> None:  # type: ignore[no-untyped-def]
    try:
        with pytest.raises(SystemExit):
            make_app(["--preset", "nope"])
    finally:
        gc.enable()
    error = capsys.readouterr().err
    assert "invalid choice: 'nope'" in error and "two-layers" in error


# Loaded by nothing the first frame shows: NumPy's random module (the default preset's
# build draws nothing), a TOML parser (the lessons' titles are on their first lines), nnfs
# (its data sets), JSON (no file is read or compared), the exporter and the backward
# pass's explanations (their commands and stages load them).
NOT_AT_START = ("numpy.random", "tomllib", "nnfs", "json", "engine.export", "tui.files.export_code",
                "engine.explain_backward")
FIRST_FRAME_MODULES = f"""
import asyncio, sys
from tui.__main__ import make_app

async def first_frame() -> None:
    app = make_app([])
    loaded = {{}}
    after_first_frame = app.after_first_frame

    def first_frame_out() -> None:  # what was loaded until the first frame was drawn
        loaded["then"] = sorted(name for name in {NOT_AT_START!r} if name in sys.modules)
        after_first_frame()

    app.after_first_frame = first_frame_out
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        print(loaded.get("then", "no first frame"))

asyncio.run(first_frame())
"""


@pytest.mark.slow  # a process
def test_the_first_frame_loads_none_of_what_it_does_not_show() -> None:
    result = subprocess.run([sys.executable, "-c", FIRST_FRAME_MODULES], capture_output=True, text=True, timeout=120,
                            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.stdout.strip().splitlines()[-1:] == ["[]"], result.stdout + result.stderr


def test_the_titles_read_at_start_are_the_lesson_files_titles() -> None:
    import tomllib

    from tui.lessons.titles import _head, builtin_paths, course_titles, plain_title

    assert course_titles() == [(path, plain_title(tomllib.loads(path.read_text())["title"])) for path in builtin_paths()]
    # A title the first-line reading cannot take is read as TOML: escapes, then a later title line.
    assert _head('title = "a \\"quoted\\" word"\n[[tasks]]\ntext = "t"\n') == {"title": 'a "quoted" word'}
    assert _head('# a comment first\ntitle = "later"\n')["title"] == "later"


# OpenBLAS's threads (``tui.blas_threads``): one while nnwb starts, then as many as a plain
# ``import numpy`` gets, and the environment that later processes inherit left as it was.
BLAS_AT_START = """
import asyncio, os
from tui import blas_threads
from tui.__main__ import make_app

async def first_frame() -> None:
    app = make_app([])
    before = (blas_threads.threads(), os.environ.get("OPENBLAS_NUM_THREADS"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        print(before, blas_threads.threads())

asyncio.run(first_frame())
"""
BLAS_PLAIN = "import numpy\nfrom tui import blas_threads\nprint(blas_threads.threads())"


@pytest.mark.slow  # three processes
def test_openblas_runs_one_thread_until_the_first_frame_then_its_own_count() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for name in ("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_DEFAULT_NUM_THREADS"):
        env.pop(name, None)
    plain = subprocess.run([sys.executable, "-c", BLAS_PLAIN], capture_output=True, text=True, timeout=60, cwd=ROOT,
                           env=env)
    if plain.stdout.strip() == "None":
        pytest.skip("NumPy here does not bundle OpenBLAS")
    result = subprocess.run([sys.executable, "-c", BLAS_AT_START], capture_output=True, text=True, timeout=120,
                            cwd=ROOT, env=env)
    assert result.stdout.strip().splitlines()[-1:] == [f"(1, None) {plain.stdout.strip()}"], result.stdout + result.stderr


@pytest.mark.slow  # a process
def test_a_thread_count_of_the_users_own_is_left_alone() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OPENBLAS_NUM_THREADS": "1"}
    script = ("from tui import blas_threads\nblas_threads.import_single_threaded()\nlowered = blas_threads._lowered\n"
              "blas_threads.restore()\nprint(lowered, blas_threads.threads())")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=ROOT, env=env)
    assert result.stdout.split() in (["None", "1"], ["None", "None"]), result.stdout + result.stderr
