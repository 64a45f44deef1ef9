"""One tab's app process and its page's socket (``nnwb serve``), so that a page that stops
reading never stops the app, the tab's end or the server's.

textual-serve's ``AppService`` reads the app's output and awaits each write to the page's
websocket; aiohttp waits while the socket's send buffer is full. A page that stopped reading
(a client flooding resizes and reading nothing did) thus stopped that loop for good: the app's
stdout pipe filled, its writes blocked, so it neither took the request to quit nor ended on
SIGTERM; once it was killed, asyncio (Python 3.11) still waited for its stdout pipe to reach
its end, which nobody read any more, and ``close()`` waited to send to that page: the server
never stopped. So here a write to the page that has waited ``STALLED_PAGE_S`` drops the page
(its connection is aborted, not closed: closing waits to send what is buffered), its output is
read on and thrown away, and closing a page waits at most ``CLOSE_PAGE_S``.
"""

from __future__ import annotations

import asyncio
import logging

from aiohttp import WSCloseCode, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from tui.serve.page import with_page_glyphs

log = logging.getLogger("textual-serve")

STALLED_PAGE_S = 10.0  # a page whose socket takes none of the app's output for this long has gone
CLOSE_PAGE_S = 2.0  # for the page's socket to take the closing frame; then it is cut


class TabService(AppService):
    """One tab's app, whose output reaches the page in glyphs its fonts have, while it reads."""

    def __init__(self, command: str, websocket: web.WebSocketResponse, transport: asyncio.Transport | None,
                 download_manager: DownloadManager, debug: bool = False) -> None:
        super().__init__(command, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                         close=self.close_page,
                         download_manager=download_manager, debug=debug)
        self.websocket, self.transport = websocket, transport
        self.page_gone = False  # the page was dropped or has closed: the app's output goes nowhere

    async def on_data(self, payload: bytes) -> None:
        if self.page_gone:
            return  # read on all the same: an app whose output is not read cannot quit
        try:
            async with asyncio.timeout(STALLED_PAGE_S):
                await self.remote_write_bytes(with_page_glyphs(payload))
        except TimeoutError:
            log.warning("nnwb serve: a tab's page read nothing for %g s; dropped", STALLED_PAGE_S)
            self.drop_page()
        except ConnectionError:
            self.page_gone = True

    def page_stalled(self) -> bool:
        """Whether the page's socket holds as much unsent as it takes (its reader is not reading)."""
        if self.transport is None:
            return False
        return self.transport.get_write_buffer_size() >= self.transport.get_write_buffer_limits()[1]

    def drop_page(self) -> None:
        """Cut the page's connection at once: a pending write or close then ends with an error."""
        self.page_gone = True
        if self.transport is not None:
            self.transport.abort()

    async def close_page(self, code: int = WSCloseCode.OK, message: bytes = b"") -> None:
        """Close the page's socket, or cut it if it takes no closing frame within CLOSE_PAGE_S."""
        try:
            async with asyncio.timeout(CLOSE_PAGE_S):
                await self.websocket.close(code=code, message=message)
        except TimeoutError:
            self.drop_page()
        except ConnectionError:
            pass
        self.page_gone = True
