"""The web server of ``nnwb serve``: textual-serve's ``Server``, with four changes.

* The page's links come from the address the browser used, not from ``--host``: behind
  SSH port forwarding (another port on the learner's machine) or on 0.0.0.0 the page
  still finds its websocket. The page gets a ``<title>``.
* Every tab's app process is known, so that Ctrl+C (SIGINT) or SIGTERM ends them all
  before the server stops; textual-serve alone waits until every browser has gone.
* A tab that closes ends its app process, and the server waits until it has ended:
  asked to quit first, then SIGTERM, then SIGKILL, each after a few seconds.
* Each tab's nnwb gets its own state folder (``tui.serve.session``), made under one
  folder for the server and removed when the server stops (or, if it was killed, when the
  next server starts: ``tui.serve.folders``).

Imports textual-serve (the ``serve`` extra): only ``tui.serve.command`` imports this, after checking it is there.
"""

from __future__ import annotations

import asyncio
import html
import logging
import shutil
import socket
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import WSCloseCode, web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from tui.serve.folders import make_server_folder, remove_stale_server_folders
from tui.serve.tab_command import session_command

log = logging.getLogger("textual-serve")

TITLE = "nnwb"
QUIT_WAIT_S = 5.0  # for an app asked to quit, then for one sent SIGTERM, before the next step
SHUTDOWN_WAIT_S = 5.0  # for the connections once every app has ended


class WorkbenchServer(Server):
    def __init__(self, command: str, host: str, port: int) -> None:
        super().__init__(command, host=host, port=port, title=TITLE)
        # The open tabs: each one's app service and websocket.
        self.sessions: dict[AppService, web.WebSocketResponse] = {}

    # ----------------------------------------------------------------- start, stop
    def serve(self, debug: bool = False) -> None:
        """Until SIGINT or SIGTERM. As textual-serve's, but the ready message is printed once
        the port is open (a port in use raises OSError before it) and the loop is a new one."""
        import signal

        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, self.request_exit)
        web.run_app(self._make_app(), host=self.host, port=self.port, handle_signals=False, loop=loop,
                    print=self._say_ready, shutdown_timeout=SHUTDOWN_WAIT_S)

    def _say_ready(self, *_: Any) -> None:
        host = socket.gethostname() if self.host in ("0.0.0.0", "::", "") else self.host
        host = f"[{host}]" if ":" in host else host
        print(f"nnwb serve: open http://{host}:{self.port} in a browser; each tab gets its own workbench.", flush=True)
        print("nnwb serve: Ctrl+C stops the server and every tab's workbench.", flush=True)

    async def on_startup(self, app: web.Application) -> None:
        """Nothing: textual-serve's banner would say it serves before the port is open."""

    async def on_shutdown(self, app: web.Application) -> None:
        """Every tab's app ends, and its browser is told the session is over."""
        sessions = list(self.sessions.items())
        await asyncio.gather(*(self.end_session(service) for service, _ in sessions))
        for _, websocket in sessions:
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"nnwb serve stopped")

    # ------------------------------------------------------------------------ page
    async def handle_index(self, request: web.Request) -> web.Response:
        origin = f"{request.scheme}://{request.host}"
        websocket_scheme = "wss" if request.scheme == "https" else "ws"
        context = {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": f"{websocket_scheme}://{request.host}/ws",
            "config": {"static": {"url": f"{origin}/static/"}},
            "application": {"name": self.title},
        }
        page = aiohttp_jinja2.render_string("app_index.html", request, context)
        # textual-serve's page has no <title>: the browser's tab would show the address.
        page = page.replace("<head>", f"<head>\n    <title>{html.escape(self.title)}</title>", 1)
        return web.Response(text=page, content_type="text/html")

    # ------------------------------------------------------------------- sessions
    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One tab: its app process, driven by the browser's keys and sizes, until either ends."""
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        service: AppService | None = None
        try:
            await websocket.prepare(request)
            # textual-serve types ``close`` as returning None; it only awaits it, so aiohttp's bool is dropped.
            service = AppService(self.command, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                                 close=websocket.close,  # type: ignore[arg-type]
                                 download_manager=self.download_manager, debug=self.debug)
            self.sessions[service] = websocket
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:
            log.exception(error)
        finally:
            if service is not None:
                await self.end_session(service)
                self.sessions.pop(service, None)
        return websocket

    async def end_session(self, service: AppService) -> None:
        """The tab's app is asked to quit (its autosave and exit as on Ctrl+Q); one that does
        not end is sent SIGTERM, then SIGKILL. Returns once the process has ended."""
        process = service._process  # textual-serve (pinned) keeps it private; nothing else ends it
        try:
            await asyncio.wait_for(asyncio.shield(service.stop()), QUIT_WAIT_S)
        except (TimeoutError, ConnectionError):
            pass
        if process is None or process.returncode is not None:
            return
        for stop in (process.terminate, process.kill):
            try:
                await asyncio.wait_for(process.wait(), QUIT_WAIT_S)
                return
            except TimeoutError:
                log.warning("nnwb serve: the app process %s did not end; sending %s", process.pid, stop.__name__)
            try:
                stop()
            except ProcessLookupError:
                return
        await process.wait()


def run(host: str, port: int, app_arguments: list[str], class_folder: Path | None = None) -> None:
    """Serve until SIGINT or SIGTERM; OSError when the port cannot be opened."""
    # A server killed outright (SIGKILL) left its tabs' folders behind: cleared before this one starts.
    remove_stale_server_folders()
    state_parent = make_server_folder()
    try:
        WorkbenchServer(session_command(state_parent, app_arguments, class_folder), host, port).serve()
    finally:
        shutil.rmtree(state_parent, ignore_errors=True)
