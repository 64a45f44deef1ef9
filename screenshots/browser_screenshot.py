"""screenshots/browser.png: the workbench in headless Chromium, served by ``nnwb serve``.

    python screenshots/browser_screenshot.py [OUT.png]

Needs the ``serve`` extra and Chromium (Debian: ``apt-get install chromium``). Chromium's
``--screenshot`` shoots as soon as the page has loaded, before the app's first frame has
come through the websocket; this drives Chromium over its DevTools protocol instead and
shoots once the app has drawn (tests/serve checks the numbers in what the app sends).
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
WIDTH, HEIGHT = 1280, 900
# textual-serve's page marks its body once the app's first bytes have arrived.
FIRST_BYTE = "document.body !== null && document.body.classList.contains('-first-byte')"
SETTLE_S = 2.0
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  f"--window-size={WIDTH},{HEIGHT}"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(port: int, home: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, HOME=str(home), XDG_STATE_HOME=str(home / "state"), PYTHONPATH=str(ROOT))
    server = subprocess.Popen([sys.executable, "-m", "tui", "serve", "--port", str(port)], cwd=home, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert server.stdout is not None
    line = server.stdout.readline()
    if "open http://" not in line:
        raise SystemExit(f"nnwb serve did not start: {line}{server.stdout.read()}")
    return server


async def shoot(url: str, chromium: str, out: Path, profile: Path) -> None:
    debug_port = free_port()
    browser = subprocess.Popen([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                                f"--remote-debugging-port={debug_port}", "about:blank"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        async with aiohttp.ClientSession() as http:
            pages = await _pages(http, debug_port)
            async with http.ws_connect(pages[0]["webSocketDebuggerUrl"], max_msg_size=0) as devtools:
                calls = iter(range(1, 1_000_000))

                async def call(method: str, **params: object) -> dict[str, object]:
                    number = next(calls)
                    await devtools.send_json({"id": number, "method": method, "params": params})
                    while True:
                        message = json.loads((await devtools.receive(timeout=30)).data)
                        if message.get("id") == number:
                            return message.get("result", {})

                await call("Page.navigate", url=url)
                deadline = time.monotonic() + 30
                while True:
                    result = await call("Runtime.evaluate", expression=FIRST_BYTE)
                    if result.get("result", {}).get("value") is True:  # type: ignore[union-attr]
                        break
                    if time.monotonic() > deadline:
                        raise SystemExit("the app never drew in the page")
                    await asyncio.sleep(0.25)
                # The terminal's fade-in (0.3 s) and the first frames. The terminal is drawn on
                # a canvas, so the page's text cannot say when the numbers are there: look at the PNG.
                await asyncio.sleep(SETTLE_S)
                shot = await call("Page.captureScreenshot", format="png")
                out.write_bytes(base64.b64decode(str(shot["data"])))
    finally:
        browser.terminate()
        browser.wait(timeout=10)


async def _pages(http: aiohttp.ClientSession, port: int) -> list[dict[str, str]]:
    deadline = time.monotonic() + 20
    while True:
        try:
            async with http.get(f"http://127.0.0.1:{port}/json/list") as response:
                pages = [page for page in await response.json() if page.get("type") == "page"]
                if pages:
                    return pages
        except aiohttp.ClientError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit("Chromium's DevTools did not answer")
        await asyncio.sleep(0.2)


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "screenshots" / "browser.png"
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if chromium is None:
        raise SystemExit("no Chromium found (Debian: apt-get install chromium)")
    with tempfile.TemporaryDirectory() as scratch:
        home, profile = Path(scratch) / "home", Path(scratch) / "profile"
        home.mkdir()
        port = free_port()
        server = start_server(port, home)
        try:
            asyncio.run(shoot(f"http://127.0.0.1:{port}/", chromium, out, profile))
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=30)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
