"""``nnwb serve``: the first page, one tab's first frame, and 20 browser tabs at once.

    python benchmarks/serve_sessions.py [--tabs 20] [--pages 20]

A real server (``python -m tui serve`` on a free loopback port, its own HOME and TMPDIR);
each tab is a websocket client speaking textual-serve's protocol (tests/serve/served.py),
so each one drives its own nnwb process, as a browser tab does.

* first page: from launching the server to the first ``GET /`` answered 200 (interpreter,
  imports, port open), then the median and worst ``GET /`` of ``--pages`` more.
* first frame: from opening a tab's websocket until the notes' numbers (4.8, 1.21, 2.385)
  have arrived.
  The very first server and tab compile the byte-code into a private PYTHONPYCACHEPREFIX
  (this repository's environment sets PYTHONDONTWRITEBYTECODE); the figures after them find
  it, as a user's second launch would. Both are printed.
* N tabs at once: opened together; the time until every one shows the numbers; then the
  memory of every app process and of the server: RSS (resident, counting the shared
  libraries in each process) and PSS (shared pages divided among the processes that share
  them: what one more tab costs); then every tab edits a cell (7, Enter) and must show the
  new numbers (z = 6, 4.21, 0.825): all answering, with the median and worst answer time;
  then each tab in turn edits again (5, Enter: 5.6, 3.21, 1.345) while the others idle.
* closing: every tab closes; the seconds until no app process is left.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.serve.served import NOTES_NUMBERS, Server, Tab, children, wait_until_gone  # noqa: E402

UP = "\x1b[A"


def memory_mb(pid: int) -> tuple[float, float]:
    """(RSS, PSS) in MiB, from /proc."""
    status = Path(f"/proc/{pid}/status").read_text()
    rss = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    pss = next(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:"))
    return rss / 1024, pss / 1024


async def first_page(server: Server, launched: float, pages: int) -> tuple[float, list[float]]:
    async with aiohttp.ClientSession() as http:
        async with http.get(server.url + "/") as response:
            assert response.status == 200, response.status
            await response.read()
        ready = time.monotonic() - launched
        times = []
        for _ in range(pages):
            start = time.monotonic()
            async with http.get(server.url + "/") as response:
                assert response.status == 200
                await response.read()
            times.append(time.monotonic() - start)
    return ready, times


async def one_tab(server: Server) -> float:
    async with aiohttp.ClientSession() as http:
        start = time.monotonic()
        tab = await Tab.open(http, server.port)
        await tab.read_until(NOTES_NUMBERS, timeout=120)
        elapsed = time.monotonic() - start
        await tab.close()
    return elapsed


async def many_tabs(server: Server, count: int) -> None:
    async with aiohttp.ClientSession() as http:
        start = time.monotonic()
        tabs = await asyncio.gather(*(Tab.open(http, server.port) for _ in range(count)))
        await asyncio.gather(*(tab.read_until(NOTES_NUMBERS, timeout=300) for tab in tabs))
        all_shown = time.monotonic() - start
        apps = children(server.process.pid)
        assert len(apps) == count, f"{len(apps)} app processes for {count} tabs"
        app_memory = [memory_mb(pid) for pid in apps]
        server_rss, server_pss = memory_mb(server.process.pid)

        async def edit(tab: Tab, digit: str, shown: tuple[str, ...]) -> float:
            since = len(tab.received)
            begun = time.monotonic()
            await tab.press(UP + digit)  # Enter moved the cursor down: back to x[0, 0]
            await tab.press("\r")
            await tab.read_until(shown, since=since, timeout=60)
            return time.monotonic() - begun

        # x[0, 0] = 7: z = 6, 4.21, 0.825 -- every tab at the same moment.
        answers = await asyncio.gather(*(edit(tab, "7", ("4.21", "0.825")) for tab in tabs))
        # x[0, 0] = 5: z = 5.6, 3.21, 1.345 -- one tab after another, the others open and idle.
        alone = [await edit(tab, "5", ("3.21", "1.345")) for tab in tabs]
        closing = time.monotonic()
        await asyncio.gather(*(tab.close() for tab in tabs))
    left = await asyncio.to_thread(wait_until_gone, apps, 60.0)
    closed = time.monotonic() - closing

    rss = [memory[0] for memory in app_memory]
    pss = [memory[1] for memory in app_memory]
    print(f"{count} tabs at once: every one showed the numbers after {all_shown:.2f} s")
    print(f"  per tab (app process): RSS median {statistics.median(rss):.1f} MiB (max {max(rss):.1f}), "
          f"PSS median {statistics.median(pss):.1f} MiB (max {max(pss):.1f})")
    print(f"  server: RSS {server_rss:.1f} MiB, PSS {server_pss:.1f} MiB")
    print(f"  all {count}: RSS {sum(rss) + server_rss:.0f} MiB summed, PSS {sum(pss) + server_pss:.0f} MiB "
          f"(what the machine really holds)")
    print(f"  every tab answered an edit: median {statistics.median(answers) * 1000:.0f} ms, "
          f"worst {max(answers) * 1000:.0f} ms (all {count} typing at the same moment)")
    print(f"  one tab editing while the other {count - 1} are open: median {statistics.median(alone) * 1000:.0f} ms, "
          f"worst {max(alone) * 1000:.0f} ms (each of the {count} in turn)")
    print(f"  closing all {count}: {closed:.2f} s until no app process was left; left: {left or 'none'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tabs", type=int, default=20)
    parser.add_argument("--pages", type=int, default=20)
    args = parser.parse_args()
    print(f"python {platform.python_version()}, {os.cpu_count()} CPUs, {platform.platform()}")
    with tempfile.TemporaryDirectory() as scratch:
        home = Path(scratch)
        env = {"PYTHONPYCACHEPREFIX": str(home / "pycache")}
        env_without = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        os.environ.clear()
        os.environ.update(env_without)
        # Byte-code compiled once (the cold figures), then found by every later process.
        launched = time.monotonic()
        server = Server(home / "cold", env=env)
        try:
            cold_page, _ = asyncio.run(first_page(server, launched, 0))
            cold_tab = asyncio.run(one_tab(server))
        finally:
            server.stop()
        launched = time.monotonic()
        server = Server(home / "warm", env=env)
        try:
            ready, pages = asyncio.run(first_page(server, launched, args.pages))
            print(f"first page: {ready * 1000:.0f} ms from launching the server (the very first launch, "
                  f"compiling byte-code: {cold_page * 1000:.0f} ms); then GET / median "
                  f"{statistics.median(pages) * 1000:.1f} ms, worst {max(pages) * 1000:.1f} ms ({args.pages} requests)")
            warm = [asyncio.run(one_tab(server)) for _ in range(3)]
            print(f"one tab's first frame (numbers shown): {statistics.median(warm) * 1000:.0f} ms "
                  f"(median of 3; the very first, compiling byte-code: {cold_tab * 1000:.0f} ms)")
            wait_until_gone(children(server.process.pid), 30.0)
            asyncio.run(many_tabs(server, args.tabs))
        finally:
            status = server.stop()
            print(f"server stopped by Ctrl+C: exit status {status}")


if __name__ == "__main__":
    main()
