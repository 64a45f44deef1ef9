"""For every test: a home and a state folder of its own, so that no test reads or writes the
user's (autosaves, crash reports, screenshots) and no test sees another's leftovers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# One BLAS thread per test process (and per subprocess a test starts), set before NumPy loads:
# pytest-xdist already runs two workers per core, and OpenBLAS's own threads would then mostly
# wait for each other (the book's chapter 17 took 20 s with two threads, 2 s with one). The
# numbers are the same either way: each output element is summed by one thread.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: two workers per core. A Pilot test spends much of its time waiting for
    the app's next frame or timer, so two workers keep a core busy where one leaves it idle
    (the quick loop: 172 s with one worker per core on 2 cores, 115 s with two)."""
    return 2 * (os.cpu_count() or 1)


@pytest.fixture(autouse=True)
def private_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    return home


@pytest.fixture(autouse=True)
def truecolor_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test's app sees a terminal of millions of colours, whatever TERM the shell that
    runs the tests has (TERM=xterm or none means 16): the app picks its theme by the terminal's
    colours (``tui.app.theme``), and the snapshots are of the default theme."""
    monkeypatch.setenv("COLORTERM", "truecolor")
