"""One tab's messages from its page to its app, within the limits of ``tui.serve.limits``.

textual-serve's page (its textual.js) sends JSON lists: ``["stdin", TEXT]``,
``["resize", {"width": W, "height": H}]``, ``["ping", TEXT]``, ``["focus"]``, ``["blur"]``.
textual-serve awaited each write to the app's stdin: an app that stopped reading blocked the
tab's loop, which then never saw its socket close, and the app outlived the tab. Here a write
never waits: input beyond what the app has not read yet (MAX_QUEUED_BYTES) or beyond the
input budget is not passed on, and the page is told so on its bottom line. Sizes and focus are
passed on at most every RESIZE_INTERVAL_S (the latest one), and pings beyond a few a second are
not answered.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
from collections.abc import Callable
from typing import Literal

from aiohttp import WSCloseCode, WSMsgType, web
from textual_serve.app_service import AppService

from tui.serve.limits import (
    INPUT_BURST_BYTES,
    MAX_QUEUED_BYTES,
    PINGS_A_SECOND,
    PINGS_AT_ONCE,
    RESIZE_INTERVAL_S,
    InputBudget,
    clamp_size,
)

log = logging.getLogger("textual-serve")
ENDED = (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED, WSMsgType.ERROR)


class NotThePage(ValueError):
    """A message textual-serve's page does not send."""


def notice(text: str, width: int, height: int) -> bytes:
    """``text`` on the bottom line of the browser's terminal, over the app's own, until the app
    draws that line again; the app's cursor is left where it was."""
    text = f" {text} "[:width]
    return f"\x1b7\x1b[{height};1H\x1b[0;30;43m{text}\x1b[K\x1b[0m\x1b8".encode()


class Coalesced:
    """Calls ``apply`` at most once every ``interval`` seconds: a request that comes sooner waits
    for its turn, and requests that come while one waits are that one (``apply`` reads the
    latest value when it runs)."""

    def __init__(self, apply: Callable[[], None], interval: float) -> None:
        self.apply, self.interval = apply, interval
        self.last = -math.inf
        self.waiting: asyncio.TimerHandle | None = None

    def request(self) -> None:
        if self.waiting is not None:
            return
        loop = asyncio.get_running_loop()
        wait = self.last + self.interval - loop.time()
        if wait <= 0:
            self._run()
        else:
            self.waiting = loop.call_later(wait, self._run)

    def cancel(self) -> None:
        if self.waiting is not None:
            self.waiting.cancel()
            self.waiting = None

    def _run(self) -> None:
        self.waiting = None
        self.last = asyncio.get_running_loop().time()
        self.apply()


class TabInput:
    def __init__(self, websocket: web.WebSocketResponse, service: AppService, size: tuple[int, int],
                 first_wait: float) -> None:
        self.websocket, self.service = websocket, service
        self.first_wait = first_wait  # a page sends its size at once: a socket silent this long is closed
        self.size = size  # what the app was last told: where a notice goes
        self.wanted_size = size  # what the page last asked for
        self.focus: Literal["focus", "blur"] = "focus"  # what the page last said
        self.resizes = Coalesced(self.tell_size, RESIZE_INTERVAL_S)
        self.focuses = Coalesced(self.tell_focus, RESIZE_INTERVAL_S)
        self.budget = InputBudget()
        self.pings = InputBudget(PINGS_AT_ONCE, PINGS_A_SECOND)
        self.told = False  # the page was told of input not passed on, and none has passed since

    async def run(self) -> None:
        """Until the socket closes (or says nothing at first, or sends what no page sends)."""
        try:
            await self._receive()
        finally:  # a size still waiting has no app to go to
            self.resizes.cancel()
            self.focuses.cancel()

    async def _receive(self) -> None:
        first = True
        while True:
            try:
                message = await self.websocket.receive(timeout=self.first_wait if first else None)
            except TimeoutError:
                log.warning("nnwb serve: a tab sent nothing for %g s; closed", self.first_wait)
                await self.websocket.close(code=WSCloseCode.POLICY_VIOLATION, message=b"nothing was sent")
                return
            first = False
            if message.type in ENDED:
                if message.type == WSMsgType.ERROR:  # a frame over the size limit, a broken frame
                    log.warning("nnwb serve: a tab's socket failed: %s", message.data)
                return
            if message.type != WSMsgType.TEXT:
                continue
            try:
                await self.handle(message.data)
            except NotThePage as error:
                log.warning("nnwb serve: a tab sent a message its page does not send (%s); closed", error)
                await self.websocket.close(code=WSCloseCode.UNSUPPORTED_DATA, message=b"not a message of this page")
                return

    async def handle(self, text: str) -> None:
        try:
            envelope = json.loads(text)
        except ValueError:
            raise NotThePage(f"not JSON: {text[:40]!r}") from None
        if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
            raise NotThePage(f"not a list that starts with a name: {text[:40]!r}")
        kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
        if kind == "stdin":
            if not isinstance(data, str):
                raise NotThePage("stdin without text")
            await self.pass_on_input(data.encode("utf-8"))
        elif kind == "resize":
            if not isinstance(data, dict):
                raise NotThePage("resize without a size")
            self.wanted_size = clamp_size(data.get("width"), data.get("height"), self.wanted_size)
            self.resizes.request()
        elif kind == "ping":
            if self.pings.take(1):
                await self.websocket.send_json(["pong", str(data)[:100]])
        elif kind in ("focus", "blur"):
            self.focus = "focus" if kind == "focus" else "blur"
            self.focuses.request()

    def tell_size(self) -> None:
        self.size = self.wanted_size
        self.write(b"M", json.dumps({"type": "resize", "width": self.size[0], "height": self.size[1]}).encode())

    def tell_focus(self) -> None:
        self.write(b"M", json.dumps({"type": self.focus}).encode())

    async def pass_on_input(self, data: bytes) -> None:
        if len(data) > INPUT_BURST_BYTES:
            # Short enough for an 80-column tab's bottom line.
            why = f"nnwb serve: a {len(data) // 1024} KB paste is over the {INPUT_BURST_BYTES // 1024} KB limit: not pasted."
        elif not self.budget.take(len(data)) or not self.write(b"D", data):
            why = "nnwb serve: input too fast for the workbench: some keys were dropped."
        else:
            self.told = False
            return
        if not self.told:
            self.told = True
            log.info("%s (a tab)", why)
            await self.websocket.send_bytes(notice(why, *self.size))

    def write(self, kind: Literal[b"D", b"M"], payload: bytes) -> bool:
        """Queue a packet for the app's stdin without waiting; False if it was not (the app
        has MAX_QUEUED_BYTES unread, or has gone)."""
        stdin = self.service._stdin  # textual-serve (pinned) keeps it private; its writes wait
        if stdin is None or stdin.is_closing():
            return False
        if stdin.transport.get_write_buffer_size() + len(payload) > MAX_QUEUED_BYTES:
            return False
        stdin.write(AppService.encode_packet(kind, payload))
        return True
