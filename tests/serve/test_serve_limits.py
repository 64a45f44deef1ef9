"""``nnwb serve`` under a flood: big and many messages, a huge screen, too many tabs, an app that stops reading."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import struct
import subprocess
import time
from pathlib import Path

import aiohttp
import pytest

from tests.serve.served import NOTES_NUMBERS, Server, Tab, children, open_workbench, still_edits, wait_until_gone
from tui.serve.limits import InputBudget, clamp_size
from tui.serve.tab_messages import Coalesced

pytest.importorskip("textual_serve")

PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"  # a browser's paste, as xterm.js sends it
CURSOR_MOVES = re.compile(rb"\x1b\[(\d+);(\d+)H")


def paste(size: int) -> str:
    return PASTE_START + "1" * size + PASTE_END


@pytest.mark.slow  # a real server and a tab's app, in subprocesses
async def test_a_flood_of_pastes_and_a_huge_screen_are_bounded_and_the_tab_keeps_working(tmp_path: Path) -> None:
    with Server(tmp_path) as server:
        async with aiohttp.ClientSession() as http:
            tab = await Tab.open(http, server.port, width=900, height=400)
            await tab.read_until(NOTES_NUMBERS)
            # The app was given 500x200 at most: it never draws below row 200 or right of column 500.
            rows, columns = zip(*((int(r), int(c)) for r, c in CURSOR_MOVES.findall(bytes(tab.received))))
            assert max(rows) <= 200 and max(columns) <= 500, (max(rows), max(columns))

            before = len(tab.received)
            await tab.press(paste(100 * 1024))  # over the 64 KB a tab takes at once
            await tab.read_until(("a 100 KB paste is over the 64 KB limit: not pasted.",), since=before)
            before = len(tab.received)
            for _ in range(8):  # 480 KB at once: far faster than anyone types
                await tab.press(paste(60 * 1024))
            await tab.read_until(("input too fast for the workbench: some keys were dropped.",), since=before)
            [app] = children(server.process.pid)
            rss_kb = int(re.findall(r"VmRSS:\s+(\d+)", Path(f"/proc/{app}/status").read_text())[0])
            assert rss_kb < 400 * 1024, f"the tab's app grew to {rss_kb // 1024} MB"

            await tab.press("\x1b")
            await still_edits(tab)  # nothing lost
            await tab.close()
        assert server.stop() == 0
        assert "Traceback" not in server.output()


@pytest.mark.slow  # a real server and a tab's app, in subprocesses
async def test_a_tab_closed_while_its_app_reads_nothing_ends_its_app(tmp_path: Path) -> None:
    with Server(tmp_path) as server:
        async with aiohttp.ClientSession() as http:
            tab, app = await open_workbench(http, server)
            os.kill(app, signal.SIGSTOP)  # the app reads nothing more: its stdin fills
            try:
                for _ in range(8):
                    await tab.press(paste(60 * 1024))
                await tab.close()
                assert wait_until_gone([app], timeout=60) == [], "the tab's app outlived its tab"
            finally:
                if app in children(server.process.pid):
                    os.kill(app, signal.SIGCONT)
            following, _ = await open_workbench(http, server)  # and the server serves the next tab
            await following.close()
        assert server.stop() == 0


def client_frame(text: str) -> bytes:
    """A masked websocket text frame, as a browser sends it (under 64 KB)."""
    payload, mask = text.encode(), b"\x01\x02\x03\x04"
    length = bytes([0x80 | len(payload)]) if len(payload) < 126 else bytes([0x80 | 126]) + struct.pack(">H", len(payload))
    return b"\x81" + length + mask + bytes(byte ^ mask[i % 4] for i, byte in enumerate(payload))


@pytest.mark.slow  # a real server and a tab's app, in subprocesses; a flood of seconds
def test_a_tab_that_floods_and_reads_nothing_does_not_keep_the_server_from_stopping(tmp_path: Path) -> None:
    # Found by an attack: the page's socket full, writing to it waited for good, so the tab's app
    # (its output unread) ignored the request to quit and SIGTERM, and the server never exited.
    with Server(tmp_path) as server:
        flood = socket.create_connection(("127.0.0.1", server.port))
        try:
            flood.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # takes little, and never reads
            flood.sendall(f"GET /ws?width=500&height=200 HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
                          "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n".encode())
            flood.setblocking(False)
            resizes = [client_frame(json.dumps(["resize", {"width": 500 - i, "height": 200 - i}])) for i in (0, 1)]
            end = time.monotonic() + 6  # a full-screen redraw a resize: the window fills in seconds
            while time.monotonic() < end:
                for resize in resizes:
                    try:
                        flood.send(resize)
                    except BlockingIOError:
                        pass
                time.sleep(0.005)
            apps = children(server.process.pid)
            assert apps, "the flooding tab has no app"
            server.process.send_signal(signal.SIGTERM)
            try:
                status = server.process.wait(timeout=40)  # a deadline for a hang: it stops in about 15 s at most
            except subprocess.TimeoutExpired:
                pytest.fail("the server did not stop on SIGTERM while a tab flooded it and read nothing")
        finally:
            flood.close()
        assert status == 0
        assert wait_until_gone(apps, timeout=5) == [], "the tab's app outlived the server"
        assert "Traceback" not in server.output()


def this_machines_address() -> str | None:
    """An address of this machine beyond the loopback (no packet is sent), or None."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))  # UDP: only the route is looked up, nothing is sent
        except OSError:
            return None
        address = str(probe.getsockname()[0])
    return None if address.startswith("127.") else address


async def wait_for_room(http: aiohttp.ClientSession, server: Server, timeout: float = 30) -> None:
    """A tab opens (pressing Restart again while the closed tab's app ends, as a learner would)."""
    deadline = time.monotonic() + timeout
    while True:
        tab = await Tab.open(http, server.port)
        try:
            await tab.read_until(NOTES_NUMBERS)
            return
        except AssertionError:
            assert tab.closed and time.monotonic() < deadline, "no room for a tab after one closed"
            await asyncio.sleep(0.2)


@pytest.mark.slow  # a real server and its tabs' apps, in subprocesses
async def test_tabs_beyond_the_limits_are_refused_with_a_reason_the_page_shows(tmp_path: Path) -> None:
    address = this_machines_address()
    if address is None:
        pytest.skip("this machine has no address beyond the loopback")
    with Server(tmp_path, "--host", "0.0.0.0", "--tabs-per-address", "1", "--max-tabs", "4") as server:
        async with aiohttp.ClientSession() as http:
            # Two tabs from the loopback: behind SSH forwarding each learner's comes from there.
            tabs = [await Tab.open(http, server.port), await Tab.open(http, server.port)]
            # Another computer (this machine's own address, not the loopback): one tab, not two.
            tabs.append(await Tab.open(http, server.port, host=address))
            second = await Tab.open(http, server.port, host=address)
            code, reason = await second.closed_with()
            assert code == aiohttp.WSCloseCode.TRY_AGAIN_LATER
            assert reason == "This computer already has 1 nnwb tab open, the most one may have: close one, then press Restart."
            tabs.append(await Tab.open(http, server.port))
            beyond = await Tab.open(http, server.port)
            code, reason = await beyond.closed_with()
            assert reason == "The server already runs 4 nnwb tabs, the most it takes: close one, or try again later."
            for tab in tabs:
                await tab.read_until(NOTES_NUMBERS)
            assert len(children(server.process.pid)) == 4
            # A tab closed makes room for the next, once its app has ended.
            await tabs.pop().close()
            await wait_for_room(http, server)
            # The page shows the reason in its "Session ended" box, not a blank page.
            async with http.get(server.url + "/") as response:
                page = await response.text()
            assert 'querySelector(".closed-dialog .message")' in page and "event.reason" in page
        assert server.stop() == 0
        assert f"refused a tab from {address}: This computer already has 1" in server.output()


def test_sizes_are_clamped_to_what_a_screen_can_be() -> None:
    assert clamp_size("3000", "2000") == (500, 200)
    assert clamp_size(0, -5) == (1, 1)
    assert clamp_size("wide", None) == (80, 24)
    assert clamp_size(1e300, 30.7) == (500, 30)


def test_the_input_budget_lets_a_paste_through_then_what_a_person_types() -> None:
    now = [0.0]
    budget = InputBudget(burst=64 * 1024, rate=16 * 1024, clock=lambda: now[0])
    assert budget.take(60 * 1024)
    assert not budget.take(60 * 1024)  # a second paste at once
    assert budget.take(10)  # but keys still go
    now[0] += 4.0  # four seconds on: the budget is whole again
    assert budget.take(64 * 1024)


async def test_sizes_coming_fast_reach_the_app_as_the_latest_a_few_times_a_second() -> None:
    told: list[int] = []
    size = [0]
    coalesced = Coalesced(lambda: told.append(size[0]), interval=0.1)
    for size[0] in range(1, 1001):  # a thousand at once: the first goes, the last follows
        coalesced.request()
    assert told == [1]
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 30  # for a hang: the last is told after 0.1 s, later on a busy machine
    while len(told) < 2 and loop.time() < deadline:
        await asyncio.sleep(0.02)
    assert told == [1, 1000]
    while loop.time() < coalesced.last + coalesced.interval:  # its turn has come again
        await asyncio.sleep(0.02)
    coalesced.request()  # one more, after its turn: at once
    assert told == [1, 1000, 1000]
    size[0] = 5
    coalesced.request()
    coalesced.cancel()  # the tab ended: nothing waits on
    await asyncio.sleep(0.4)
    assert told == [1, 1000, 1000]
