"""Run nnwb in a real pseudo-terminal, as a person's terminal would, and read what it wrote."""

from __future__ import annotations

import fcntl
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# What Textual writes on its way in, and on its way out to undo it.
ENTER_ALTERNATE_SCREEN, LEAVE_ALTERNATE_SCREEN = b"\x1b[?1049h", b"\x1b[?1049l"
HIDE_CURSOR, SHOW_CURSOR = b"\x1b[?25l", b"\x1b[?25h"
MOUSE_ON, MOUSE_OFF = b"\x1b[?1000h", b"\x1b[?1000l"


class Terminal:
    """A pseudo-terminal of 120x40 running ``python -c code``; the test side keeps the slave to read its modes."""

    def __init__(self, code: str, home: Path) -> None:
        self.master, self.slave = pty.openpty()
        fcntl.ioctl(self.slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        self.modes_before = termios.tcgetattr(self.slave)
        env = dict(os.environ, HOME=str(home), XDG_STATE_HOME=str(home / "state"), TERM="xterm-256color", PYTHONPATH=str(ROOT))
        self.process = subprocess.Popen(
            [sys.executable, "-c", code],
            stdin=self.slave, stdout=self.slave, stderr=self.slave, env=env, cwd=ROOT, start_new_session=True,
        )
        self._output = bytearray()
        self._lock = threading.Lock()
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            with self._lock:
                self._output += data

    @property
    def output(self) -> bytes:
        with self._lock:
            return bytes(self._output)

    def wait_for(self, text: bytes, timeout: float = 60.0) -> None:
        """Until the app has written ``text`` (a state, not a time: the deadline only stops a hang)."""
        deadline = time.monotonic() + timeout
        while text not in self.output:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"never saw {text!r}; status {self.process.poll()}; output ends {self.output[-500:]!r}")
            time.sleep(0.05)

    def signal(self, signum: signal.Signals) -> None:
        self.process.send_signal(signum)

    def wait(self, timeout: float = 10.0) -> int:
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise AssertionError(f"still running {timeout} s after the signal") from None

    def modes(self) -> list[object]:
        return termios.tcgetattr(self.slave)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        time.sleep(0.1)  # the drain thread reads what is left
        os.close(self.slave)
        os.close(self.master)
