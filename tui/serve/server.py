"""The web server of ``nnwb serve``: textual-serve's ``Server``, with these changes.

* The page's links come from the address the browser used, not from ``--host``: behind
  SSH port forwarding (another port on the learner's machine) or on 0.0.0.0 the page
  still finds its websocket. The page needs nothing from the internet (``tui.serve.page``).
* Only requests whose Host names this server, and websockets from its own page, are answered
  (``tui.serve.hosts``); a tab's input, screen size and the number of tabs are bounded
  (``tui.serve.limits``, the tab's messages: ``tui.serve.tab_messages``).
* Every tab's app process is known, so that Ctrl+C, SIGTERM or SIGHUP ends them all
  before the server stops; textual-serve alone waits until every browser has gone.
* A tab that closes ends its app process, and the server waits until it has ended:
  asked to quit first, then SIGTERM, then SIGKILL, each after a few seconds. A page that
  stops reading is dropped (``tui.serve.tab_service``): whatever the clients do, the
  server stops within about 15 s of the signal.
* Each tab's nnwb gets its own state folder (``tui.serve.session``), made under one
  folder for the server and removed when the server stops (or, if it was killed, when the
  next server starts: ``tui.serve.folders``).
* The log is one line a thing (``tui.serve.logs``), and running out of file descriptors
  makes new connections wait rather than stopping the server.

Imports textual-serve (the ``serve`` extra): only ``tui.serve.command`` imports this, after checking it is there.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import socket
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import WSCloseCode, web
from textual_serve.server import Server, to_int

from tui.serve.folders import make_server_folder, remove_stale_server_folders
from tui.serve.hosts import HostRule
from tui.serve.limits import IDLE_CONNECTION_S, MAX_FRAME_BYTES, TabLimits, clamp_size
from tui.serve.logs import initialize_logging
from tui.serve.page import served_page
from tui.serve.tab_command import session_command
from tui.serve.tab_messages import TabInput
from tui.serve.tab_service import TabService

log = logging.getLogger("textual-serve")

TITLE = "nnwb"
QUIT_WAIT_S = 5.0  # for an app asked to quit, then for one sent SIGTERM, before the next step
SHUTDOWN_WAIT_S = 5.0  # for the connections once every app has ended
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class WorkbenchServer(Server):
    def __init__(self, command: str, host: str, port: int, limits: TabLimits | None = None,
                 hosts: HostRule | None = None, idle_timeout: float = IDLE_CONNECTION_S) -> None:
        super().__init__(command, host=host, port=port, title=TITLE)
        self.limits = limits or TabLimits()
        self.hosts = hosts or HostRule.for_server(host)
        self.idle_timeout = idle_timeout
        # The open tabs (each one's app service holds its websocket), and how many each address has.
        self.sessions: set[TabService] = set()
        self.tabs_from: Counter[str] = Counter()
        self.stopping = False

    # ----------------------------------------------------------------- start, stop
    def serve(self, debug: bool = False) -> None:
        """Until SIGINT, SIGTERM or SIGHUP (the terminal it runs in closed). As textual-serve's,
        but the ready message is printed once the port is open (a port in use raises OSError
        before it) and the loop is a new one."""
        import signal

        self.debug = debug
        initialize_logging(debug)
        use_every_descriptor()
        loop = asyncio.new_event_loop()
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            loop.add_signal_handler(signum, self.request_exit)
        try:
            web.run_app(self._make_app(), host=self.host, port=self.port, handle_signals=False, loop=loop,
                        print=self._say_ready, shutdown_timeout=SHUTDOWN_WAIT_S,
                        keepalive_timeout=self.idle_timeout)
        finally:
            loop.close()
            # What is left (removing the tabs' folders) is quick: a Ctrl+C more would only print a traceback.
            for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
                signal.signal(signum, signal.SIG_IGN)

    def request_exit(self) -> None:
        """The first signal stops the server; another while the tabs' apps end (a second Ctrl+C)
        would cut that short, leaving apps and folders behind, and exit with 1: it is only noted."""
        if self.stopping:
            log.info("nnwb serve: stopping already: every tab's app is asked to end first")
            return
        self.stopping = True
        super().request_exit()

    def _say_ready(self, *_: Any) -> None:
        host = socket.gethostname() if self.host in ("0.0.0.0", "::", "") else self.host
        host = f"[{host}]" if ":" in host else host
        print(f"nnwb serve: open http://{host}:{self.port} in a browser; each tab gets its own workbench.", flush=True)
        print("nnwb serve: Ctrl+C stops the server and every tab's workbench.", flush=True)

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self._only_for_this_server)
        return app

    async def on_startup(self, app: web.Application) -> None:
        """The page's template is read now rather than at the first request, so that a server out
        of file descriptors still serves the page. (No banner: textual-serve's would say it
        serves before the port is open.)"""
        aiohttp_jinja2.get_env(app).get_template("app_index.html")

    async def on_shutdown(self, app: web.Application) -> None:
        """Every tab's app ends, and its browser is told the session is over. A page not reading
        now is dropped first: its app, blocked writing to it, could not quit."""
        sessions = list(self.sessions)
        for service in sessions:
            if service.page_stalled():
                log.warning("nnwb serve: a tab's page reads nothing; dropped, so that its app can end")
                service.drop_page()
        await asyncio.gather(*(self.end_session(service) for service in sessions))
        await asyncio.gather(*(service.close_page(WSCloseCode.GOING_AWAY, b"nnwb serve stopped")
                               for service in sessions))

    # ------------------------------------------------------------------------ page
    @web.middleware
    async def _only_for_this_server(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """A Host that is not this server's (DNS rebinding) or another site's page (its Origin):
        403 with the reason, and a line in the log."""
        reason = self.hosts.refusal(request.headers.get("Host"), request.headers.get("Origin"))
        if reason is None:
            return await handler(request)
        log.warning("nnwb serve: refused %s %s from %s: %s", request.method, request.path, request.remote, reason)
        return web.Response(status=403, text=f"nnwb serve refused this request: {reason}\n")

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
        return web.Response(text=served_page(page, self.title, f"{origin}/static/"), content_type="text/html")

    # ------------------------------------------------------------------- sessions
    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One tab: its app process, driven by the browser's keys and sizes, until either ends."""
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_FRAME_BYTES)
        address = request.remote or "?"
        width, height = clamp_size(request.query.get("width"), request.query.get("height"))
        service: TabService | None = None
        await websocket.prepare(request)
        refusal = self.limits.refusal(address, self.tabs_from[address], sum(self.tabs_from.values()))
        if refusal is not None:
            log.warning("nnwb serve: refused a tab from %s: %s", address, refusal)
            await websocket.close(code=WSCloseCode.TRY_AGAIN_LATER, message=refusal.encode())
            return websocket
        self.tabs_from[address] += 1
        try:
            service = TabService(self.command, websocket, request.transport, self.download_manager, self.debug)
            self.sessions.add(service)
            await service.start(width, height)
            await TabInput(websocket, service, (width, height), self.idle_timeout).run()
        except asyncio.CancelledError:
            if service is not None:
                await service.close_page()
            else:
                await websocket.close()
        except Exception as error:  # the app could not start (out of descriptors, memory): one line
            log.error("nnwb serve: a tab from %s ended: %s: %s", address, type(error).__name__, error)
            if service is not None:
                await service.close_page(WSCloseCode.TRY_AGAIN_LATER, b"nnwb serve could not run this tab")
            else:
                await websocket.close(code=WSCloseCode.TRY_AGAIN_LATER, message=b"nnwb serve could not run this tab")
        finally:
            if service is not None:
                await self.end_session(service)
                self.sessions.discard(service)
            # Counted until its app has ended: closing and opening tabs fast runs no more apps.
            self.tabs_from[address] -= 1
            if not self.tabs_from[address]:
                del self.tabs_from[address]
        return websocket

    async def end_session(self, service: TabService) -> None:
        """The tab's app is asked to quit (its autosave and exit as on Ctrl+Q); one that does
        not end is sent SIGTERM, then SIGKILL. Returns once the process has ended, or a few
        seconds after SIGKILL."""
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
        try:
            await asyncio.wait_for(process.wait(), QUIT_WAIT_S)
        except TimeoutError:
            # Killed, yet asyncio (3.11) waits for its pipes to reach their end too, and one not read
            # any more never does: closing them ends the wait (the child watcher has reaped it).
            log.warning("nnwb serve: the app process %s was killed; its pipes are closed", process.pid)
            transport = getattr(process, "_transport", None)  # asyncio's Process keeps it private
            if transport is not None:
                transport.close()


def use_every_descriptor() -> None:
    """Raise the soft limit on open files to the hard one: each tab costs the server a socket
    and three pipes, and a class's tabs plus idle connections passed the usual 1024."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if hard == resource.RLIM_INFINITY:
            hard = max(soft, 1 << 20)
        if soft != resource.RLIM_INFINITY and soft < hard:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    except (ImportError, ValueError, OSError):  # not Unix, or the system refuses: the limit stays
        pass


def run(host: str, port: int, app_arguments: list[str], limits: TabLimits | None = None,
        hosts: HostRule | None = None, idle_timeout: float = IDLE_CONNECTION_S,
        class_folder: Path | None = None) -> None:
    """Serve until SIGINT, SIGTERM or SIGHUP; OSError when the port cannot be opened."""
    # A server killed outright (SIGKILL) left its tabs' folders behind: cleared before this one starts.
    remove_stale_server_folders()
    state_parent = make_server_folder()
    try:
        WorkbenchServer(session_command(state_parent, app_arguments, class_folder), host, port, limits, hosts,
                        idle_timeout).serve()
    finally:
        shutil.rmtree(state_parent, ignore_errors=True)
