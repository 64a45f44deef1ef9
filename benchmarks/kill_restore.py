"""The largest network, killed mid-run: does the next start restore the work, and how soon after
an edit is it safe?

The real app in a pseudo-terminal (as ``train_heavy.py`` runs it, 2-1997-1997-3 on 498
samples): X[0, 0] is set to 5, timed until an autosave on disk holds it; then training starts
and, two seconds into it, the process is sent SIGKILL. A second app in the same state folder
is timed until it offers "Restore your work?"; Enter restores, Ctrl+Q leaves, and the
autosave it leaves must hold the edit and the network's 1997 x 1997 weights.

Run: ``python benchmarks/kill_restore.py``. Target: the edit on disk within about a second.
"""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from private_state import private_state  # noqa: E402
from train_heavy import HIDDEN, LAUNCH, SAMPLES_PER_CLASS  # noqa: E402

from tui.files.autosave_sidecar import read_autosave  # noqa: E402
from tui.files.session_file import SessionFileError  # noqa: E402


class Session:
    """One app in a pseudo-terminal of 120x40, its output read as it comes."""

    def __init__(self) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        code = LAUNCH.format(root=str(ROOT), bench=str(ROOT / "benchmarks"), hidden=HIDDEN, per_class=SAMPLES_PER_CLASS)
        env = {**os.environ, "TERM": "xterm-256color"}
        self.process = subprocess.Popen([sys.executable, "-c", code], stdin=slave, stdout=slave, stderr=slave, env=env)
        os.close(slave)
        self.seen = b""

    def read(self, seconds: float, until: bytes = b"") -> bool:
        """Read for ``seconds``, or until ``until`` has been sent (True) or the app has ended."""
        end = time.monotonic() + seconds
        while time.monotonic() < end and self.process.poll() is None:
            if until and until in self.seen:
                return True
            ready, _, _ = select.select([self.master], [], [], 0.01)
            if ready:
                try:
                    self.seen = (self.seen + os.read(self.master, 65536))[-200_000:]
                except OSError:
                    break
        return bool(until) and until in self.seen

    def wait_for(self, text: bytes, limit: float = 300) -> None:
        if not self.read(limit, text):
            raise TimeoutError(f"never saw {text!r}")


def autosaved(folder: Path) -> list[tuple[float, tuple[int, ...]]]:
    """X[0, 0] and the middle layer's weights' shape of every autosave in ``folder`` that reads."""
    found = []
    for path in folder.glob("autosave-*.json"):
        try:
            document, _ = read_autosave(path)
        except SessionFileError:  # read while its session replaced the arrays' file
            continue
        found.append((float(document.inputs[0, 0]), document.network.steps[1].dense.weights.shape))
    return found


def main() -> None:
    with private_state() as state:
        folder = Path(state) / "nnwb"
        first = Session()
        first.wait_for(b"Network")
        first.read(0.5)
        os.write(first.master, b"5\r")
        typed = time.perf_counter()
        while not any(value == 5.0 for value, _ in autosaved(folder)):
            first.read(0.02)
        print(f"the edit on disk {time.perf_counter() - typed:.2f} s after Enter")
        os.write(first.master, b"g")
        first.wait_for(b"READY")
        os.write(first.master, b" ")
        first.wait_for(b"TRAINING")
        first.read(2.0)
        os.kill(first.process.pid, signal.SIGKILL)
        first.process.wait()
        print("killed mid-run, left:", ", ".join(sorted(path.name for path in folder.iterdir())))
        second = Session()
        started = time.perf_counter()
        second.wait_for(b"Restore your work?")
        print(f"offered {time.perf_counter() - started:.1f} s after the start")
        os.write(second.master, b"\r")
        second.read(8.0)  # restored, and autosaved by this session
        os.write(second.master, b"\x11")
        while second.process.poll() is None:
            second.read(0.2)
        kept = autosaved(folder)
        print("restored and kept:", kept, "PASS" if kept == [(5.0, (HIDDEN, HIDDEN))] else "FAIL")


if __name__ == "__main__":
    main()
