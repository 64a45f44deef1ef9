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


def limit_open_files(limits: tuple[int, int]) -> None:
    """RLIMIT_NOFILE (soft, hard) for a child, as ``ulimit -n`` would set it."""
    import resource

    resource.setrlimit(resource.RLIMIT_NOFILE, limits)


class Server:
    """``python -m tui serve --port PORT`` with its own HOME, state folder and TMPDIR under ``home``."""

    def __init__(self, home: Path, *arguments: str, env: dict[str, str] | None = None,
                 open_files: tuple[int, int] | None = None) -> None:
        self.port = free_port()
        self.home = home
        self.tmp = home / "tmp"
        self.tmp.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ, HOME=str(home), XDG_STATE_HOME=str(home / "state"), TMPDIR=str(self.tmp),
                   PYTHONPATH=str(ROOT), **(env or {}))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tui", "serve", "--port", str(self.port), *arguments],
            cwd=home, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            preexec_fn=None if open_files is None else lambda: limit_open_files(open_files),
        )
        assert self.process.stdout is not None
        # Up to the line that says it serves (after a warning, on a host beyond the loopback).
        self._rest: list[str] = []
        while (line := self.process.stdout.readline()) and line.startswith("nnwb serve: warning"):
            self._rest.append(line)
        self.first_line = line
        # Read on, so that a full pipe never blocks the server's logging.
        self._reader = threading.Thread(target=self._rest.extend, args=(self.process.stdout,), daemon=True)
        self._reader.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *_: object) -> None:
        """A server a test left running (it failed before ``stop``) is killed."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)

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
    async def open(cls, http: aiohttp.ClientSession, port: int, width: int = 160, height: int = 50,
                   headers: dict[str, str] | None = None, host: str = "127.0.0.1") -> Tab:
        websocket = await http.ws_connect(f"ws://{host}:{port}/ws?width={width}&height={height}",
                                          headers=headers, max_msg_size=0)
        tab = cls(websocket)
        await websocket.send_json(["resize", {"width": width, "height": height}])
        return tab

    async def closed_with(self, timeout: float = 30.0) -> tuple[int | None, str]:
        """The close code and reason the server ended the tab with (reading what comes before)."""
        deadline = time.monotonic() + timeout
        while not self.websocket.closed:
            left = deadline - time.monotonic()
            assert left > 0, "the server never closed the tab"
            message = await self.websocket.receive(timeout=left)
            if message.type == aiohttp.WSMsgType.BINARY:
                self.received += message.data
            elif message.type == aiohttp.WSMsgType.CLOSE:
                self.closed = True
                return message.data, message.extra or ""
        self.closed = True
        return self.websocket.close_code, ""

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

    async def listen(self, seconds: float) -> None:
        """Read (and answer the server's heartbeat) for ``seconds``, as an open page does."""
        try:
            while not self.closed:
                message = await self.websocket.receive(timeout=seconds)
                if message.type == aiohttp.WSMsgType.BINARY:
                    self.received += message.data
                elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                    self.closed = True
        except TimeoutError:
            pass

    async def press(self, keys: str) -> None:
        await self.websocket.send_json(["stdin", keys])

    async def close(self) -> None:
        await self.websocket.close()


async def open_workbench(http: aiohttp.ClientSession, server: Server) -> tuple[Tab, int]:
    """A tab showing the workbench, and its app's process id (the server's only other child)."""
    before = set(children(server.process.pid))
    tab = await Tab.open(http, server.port)
    await tab.read_until(NOTES_NUMBERS)
    [app] = set(children(server.process.pid)) - before
    return tab, app


async def still_edits(tab: Tab) -> None:
    """The tab takes an edit as ever: x[0, 0] = 7 makes z 6, 4.21, 0.825."""
    before = len(tab.received)
    await tab.press("7")
    await tab.press("\r")
    await tab.read_until(("4.21", "0.825"), since=before)
