"""Run nnwb in a real pseudo-terminal, as a person's terminal would, and read what it wrote."""

from __future__ import annotations

import fcntl
import os
import pty
import select
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
        self._drainer = threading.Thread(target=self._drain, daemon=True)
        self._drainer.start()

    def _drain(self) -> None:
        while True:
            try:
                readable, _, _ = select.select([self.master], [], [], 0.05)
                if not readable:
                    continue
                # Read and keep under one lock: with the lock held, all that was read is in ``output``.
                with self._lock:
                    data = os.read(self.master, 65536)
                    self._output += data
            except (OSError, ValueError):
                return
            if not data:
                return

    def _drained(self) -> bool:
        """Everything written so far is in ``output``: nothing waits in the pseudo-terminal."""
        with self._lock:
            try:
                waiting = struct.unpack("i", fcntl.ioctl(self.master, termios.FIONREAD, b"\0\0\0\0"))[0]
            except OSError:
                return True
            return waiting == 0

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
        """The exit status, once the app has ended and all it wrote is in ``output``."""
        try:
            status = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise AssertionError(f"still running {timeout} s after the signal") from None
        deadline = time.monotonic() + timeout
        while not self._drained() and time.monotonic() < deadline:
            time.sleep(0.01)
        return status

    def modes(self) -> list[object]:
        return termios.tcgetattr(self.slave)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        os.close(self.slave)  # the last end of the app's side: the drain reads what is left, then ends
        self._drainer.join(timeout=10)
        os.close(self.master)
