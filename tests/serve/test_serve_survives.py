"""``nnwb serve`` goes on serving: out of file descriptors, idle and silent connections, garbage,
a 5 MB frame, a client that never reads; and it stops cleanly on SIGHUP."""

from __future__ import annotations

import asyncio
import re
import signal
import socket
import time
from contextlib import ExitStack
from pathlib import Path

import aiohttp
import pytest

from tests.serve.served import Server, Tab, children, open_workbench, still_edits, wait_until_gone

pytest.importorskip("textual_serve")


def closed_by_server(connection: socket.socket, timeout: float) -> bool:
    """Whether the server closes ``connection`` (which sends nothing) before ``timeout`` (a deadline)."""
    connection.settimeout(timeout)
    try:
        return connection.recv(1) == b""
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True


@pytest.mark.slow  # a real server and its tabs' apps, in subprocesses
async def test_out_of_file_descriptors_the_server_waits_and_serves_on_and_idle_connections_close(
    tmp_path: Path,
) -> None:
    with Server(tmp_path, "--idle-timeout", "3", open_files=(64, 128)) as server, ExitStack() as connections:
        # The soft limit was raised to the hard one.
        limits = Path(f"/proc/{server.process.pid}/limits").read_text()
        assert re.search(r"Max open files\s+128\s+128", limits), limits
        # More connections than the server has descriptors.
        idle = [connections.enter_context(socket.create_connection(("127.0.0.1", server.port))) for _ in range(160)]
        # Idle connections (never a request) are closed, so that descriptors come free.
        assert closed_by_server(idle[0], timeout=30)
        assert server.process.poll() is None, "the server stopped"
        for connection in idle:
            connection.close()
        async with aiohttp.ClientSession() as http:
            # It serves the next tab (it may take a retry or two while the backlog drains).
            deadline = time.monotonic() + 60
            while True:
                try:
                    tab, _ = await open_workbench(http, server)
                    break
                except (aiohttp.ClientError, AssertionError):
                    assert time.monotonic() < deadline, "the server never served a tab again"
                    await asyncio.sleep(1)
            # A websocket that never sends (not even the size a page sends at once) is closed too.
            silent = await http.ws_connect(f"ws://127.0.0.1:{server.port}/ws")
            message = await silent.receive(timeout=30)
            while message.type == aiohttp.WSMsgType.BINARY:
                message = await silent.receive(timeout=30)
            assert message.type == aiohttp.WSMsgType.CLOSE
            await tab.close()
        assert server.stop() == 0
        log = server.output()
        assert log.count("out of file descriptors") == 1, log[-3000:]
        assert "Traceback" not in log


@pytest.mark.slow  # a real server and its tabs' apps, in subprocesses; the heartbeat takes ~25 s
async def test_garbage_a_5_mb_frame_and_a_client_that_never_reads_close_only_their_own_tab(tmp_path: Path) -> None:
    with Server(tmp_path) as server:
        async with aiohttp.ClientSession() as http:
            working, working_app = await open_workbench(http, server)

            for garbage in ("not json at all", '{"stdin": "x"}', '["resize", "big"]', '[1, 2]'):
                tab = await Tab.open(http, server.port)
                await tab.websocket.send_str(garbage)
                code, _ = await tab.closed_with()
                assert code == aiohttp.WSCloseCode.UNSUPPORTED_DATA
            huge = await Tab.open(http, server.port)
            try:
                await huge.websocket.send_str('["stdin", "' + "1" * (5 * 1024 * 1024) + '"]')
            except ConnectionError:  # the server closed the socket before the frame's end
                pass
            code, _ = await huge.closed_with()
            assert code == aiohttp.WSCloseCode.MESSAGE_TOO_BIG, code

            # Never reads: its websocket fills, it answers no heartbeat, and the server ends it.
            deaf = await http.ws_connect(f"ws://127.0.0.1:{server.port}/ws?width=200&height=60", autoping=False)
            await deaf.send_json(["resize", {"width": 200, "height": 60}])
            deadline = time.monotonic() + 30
            while len(apps := [pid for pid in children(server.process.pid) if pid != working_app]) != 1:
                assert time.monotonic() < deadline, "the deaf tab's app never started"
                await asyncio.sleep(0.1)
            deadline = time.monotonic() + 90
            while wait_until_gone(apps, timeout=0):
                assert time.monotonic() < deadline, "a client that never reads kept its app"
                await working.listen(0.5)  # the open page goes on reading

            await still_edits(working)  # the first tab kept working through all of it
            await working.close()
            await deaf.close()
        assert server.stop() == 0
        log = server.output()
        assert "Traceback" not in log and "Event loop is closed" not in log
        assert log.count("a message its page does not send") == 4


@pytest.mark.slow  # a real server and a tab's app, in subprocesses
async def test_sighup_and_a_signal_more_while_it_stops_stop_the_server_as_sigterm_does(tmp_path: Path) -> None:
    with Server(tmp_path) as server:
        async with aiohttp.ClientSession() as http:
            _, app = await open_workbench(http, server)
            server.process.send_signal(signal.SIGHUP)  # the teacher's terminal closed
            server.process.send_signal(signal.SIGINT)  # and a Ctrl+C while the tab's app ends
            assert server.process.wait(timeout=60) == 0
            assert wait_until_gone([app], timeout=20) == []
        assert list(server.tmp.glob("nnwb-serve-*")) == []  # the tabs' folders are gone
        log = server.output()
        assert "Traceback" not in log and "Event loop is closed" not in log, log
