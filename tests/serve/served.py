"""``nnwb serve`` in a subprocess, and browser tabs played by websocket clients.

A tab speaks textual-serve's protocol (its textual.js): it opens ``/ws?width=W&height=H``,
sends JSON text messages ``["resize", {"width": W, "height": H}]`` and ``["stdin", KEYS]``,
and receives the app's terminal output as binary messages. Used by tests/serve and by
benchmarks/serve_sessions.py.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[2]
NOTES_NUMBERS = ("4.8", "1.21", "2.385")  # the notes' layer of three neurons, sample 0
# Escape sequences (CSI, OSC, two-byte): what is left is the text the terminal shows.
ESCAPES = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def shown_text(output: bytes) -> str:
    return ESCAPES.sub(b"", output).decode("utf-8", "replace")


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux's /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces and parentheses, so split after the last ")".
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_until_gone(pids: list[int], timeout: float) -> list[int]:
    """The ones still running after ``timeout`` (a deadline for a hang, not a timing)."""
    deadline = time.monotonic() + timeout
    while (left := [pid for pid in pids if alive(pid)]) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


class Server:
    """``python -m tui serve --port PORT`` with its own HOME, state folder and TMPDIR under ``home``."""

    def __init__(self, home: Path, *arguments: str, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.home = home
        self.tmp = home / "tmp"
        self.tmp.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ, HOME=str(home), XDG_STATE_HOME=str(home / "state"), TMPDIR=str(self.tmp),
                   PYTHONPATH=str(ROOT), **(env or {}))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tui", "serve", "--port", str(self.port), *arguments],
            cwd=home, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        assert self.process.stdout is not None
        self.first_line = self.process.stdout.readline()
        # Read on, so that a full pipe never blocks the server's logging.
        self._rest: list[str] = []
        self._reader = threading.Thread(target=self._rest.extend, args=(self.process.stdout,), daemon=True)
        self._reader.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> int:
        """Ctrl+C; the server's exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise

    def output(self) -> str:
        """What the server printed after its first line (call after ``stop``)."""
        self._reader.join(timeout=10)
        return "".join(self._rest)


class Tab:
    """One browser tab: a websocket and everything the app has sent it."""

    def __init__(self, websocket: aiohttp.ClientWebSocketResponse) -> None:
        self.websocket = websocket
        self.received = bytearray()
        self.closed = False

    @classmethod
    async def open(cls, http: aiohttp.ClientSession, port: int, width: int = 160, height: int = 50) -> Tab:
        websocket = await http.ws_connect(f"ws://127.0.0.1:{port}/ws?width={width}&height={height}")
        tab = cls(websocket)
        await websocket.send_json(["resize", {"width": width, "height": height}])
        return tab

    async def read_until(self, texts: tuple[str, ...], timeout: float = 30.0, since: int = 0) -> str:
        """The text shown from byte ``since`` on, once it holds every one of ``texts``."""
        deadline = time.monotonic() + timeout
        while not all(text in (shown := shown_text(bytes(self.received[since:]))) for text in texts):
            left = deadline - time.monotonic()
            if left <= 0 or self.closed:
                raise AssertionError(f"the tab never showed {texts}; it showed:\n{shown[-3000:]}")
            try:  # not receive(timeout=...): with aiohttp 3.14 it waited past it, and a test hung for good
                message = await asyncio.wait_for(self.websocket.receive(), left)
            except TimeoutError:
                continue
            if message.type == aiohttp.WSMsgType.BINARY:
                self.received += message.data
            elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING):
                self.closed = True
        return shown

    async def press(self, keys: str) -> None:
        await self.websocket.send_json(["stdin", keys])

    async def close(self) -> None:
        await self.websocket.close()
