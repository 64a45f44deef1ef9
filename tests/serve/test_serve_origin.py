"""``nnwb serve`` answers only its own pages: a hostile Origin, a rebound Host, and the page's links."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import aiohttp
import pytest

from tests.serve.served import NOTES_NUMBERS, ROOT, Server, Tab, children
from tui.serve.hosts import HostRule, is_loopback_address

pytest.importorskip("textual_serve")


@pytest.mark.slow  # a real server and a tab's app, in subprocesses
async def test_a_page_from_another_site_or_a_rebound_name_is_refused_and_the_own_page_is_not(tmp_path: Path) -> None:
    with Server(tmp_path) as server:
        async with aiohttp.ClientSession() as http:
            # evil.example.com's page opening a tab of this server: the browser sends its Origin.
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await http.ws_connect(f"ws://127.0.0.1:{server.port}/ws", headers={"Origin": "http://evil.example.com"})
            assert refused.value.status == 403
            # A page that rebound its own name to 127.0.0.1: same-origin with itself, but the Host says so.
            rebound = {"Host": f"evil.example.com:{server.port}", "Origin": f"http://evil.example.com:{server.port}"}
            async with http.get(server.url + "/", headers=rebound) as page:
                assert page.status == 403
                assert (await page.text()).count("\n") == 1  # one line, and why
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await http.ws_connect(f"ws://127.0.0.1:{server.port}/ws", headers=rebound)
            assert refused.value.status == 403
            assert children(server.process.pid) == []  # no app was started for them

            # The server's own page (as the browser sends it), and behind SSH forwarding on another port.
            own = await Tab.open(http, server.port, headers={"Origin": f"http://127.0.0.1:{server.port}"})
            await own.read_until(NOTES_NUMBERS)
            await own.close()
            forwarded = await Tab.open(http, server.port, headers={"Host": "localhost:9000",
                                                                   "Origin": "http://localhost:9000"})
            await forwarded.read_until(NOTES_NUMBERS)
            await forwarded.close()
        assert server.stop() == 0
        log = server.output()
        assert "refused GET /ws from 127.0.0.1: a page from 'http://evil.example.com'" in log
        assert "the Host 'evil.example.com:" in log and "does not name this server" in log


@pytest.mark.parametrize(("listen", "host", "origin", "answered"), [
    ("127.0.0.1", "127.0.0.1:8000", None, True),  # curl, a script: no Origin
    ("127.0.0.1", "localhost:9000", "http://localhost:9000", True),  # ssh -L 9000:127.0.0.1:8000
    ("127.0.0.1", "[::1]:8000", "http://[::1]:8000", True),
    ("127.0.0.1", "127.0.0.1:8000", "http://localhost:8000", False),  # another origin than the page's
    ("127.0.0.1", "127.0.0.1:8000", "null", False),  # a file:// page, a sandboxed frame
    ("127.0.0.1", "evil.example.com:8000", "http://evil.example.com:8000", False),  # DNS rebinding
    ("127.0.0.1", "192.168.1.20:8000", None, False),  # not an address this server listens on
    ("0.0.0.0", "192.168.1.20:8000", "http://192.168.1.20:8000", True),  # a class on the network
    ("0.0.0.0", "evil.example.com:8000", "http://evil.example.com:8000", False),
    ("192.168.1.20", "192.168.1.20:8000", "http://192.168.1.20:8000", True),
])
def test_the_host_and_origin_rule(listen: str, host: str, origin: str | None, answered: bool) -> None:
    assert (HostRule.for_server(listen).refusal(host, origin) is None) is answered


@pytest.mark.parametrize(("address", "loopback"), [("127.0.0.1", True), ("::1", True), ("::ffff:127.0.0.1", True),
                                                   ("192.168.1.20", False), ("localhost", False)])
def test_loopback_addresses(address: str, loopback: bool) -> None:
    assert is_loopback_address(address) is loopback


def test_a_name_allowed_by_the_teacher_is_answered() -> None:
    rule = HostRule.for_server("0.0.0.0", ["lab.school.example"])
    assert rule.refusal("lab.school.example:8000", "http://lab.school.example:8000") is None
    assert rule.refusal("other.example:8000", None) is not None


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.styles: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_style = tag == "style"
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.urls.append(value)

    def handle_data(self, data: str) -> None:
        if self.in_style:
            self.styles.append(data)


def css_urls(css: str) -> list[str]:
    return [url.strip("'\"") for url in re.findall(r"url\(([^)]*)\)", css)] + re.findall(r"@import\s+['\"]([^'\"]+)", css)


@pytest.mark.slow  # a real server and a tab's app, in subprocesses
async def test_the_page_everything_it_links_and_the_header_glyph_need_nothing_from_the_internet(
    tmp_path: Path,
) -> None:
    with Server(tmp_path) as server:
        async with aiohttp.ClientSession() as http:
            async with http.get(server.url + "/") as response:
                page = await response.text()
            links = Links()
            links.feed(page)
            to_load = [urljoin(server.url + "/", url) for url in links.urls]
            to_load += [urljoin(server.url + "/", url) for style in links.styles for url in css_urls(style)]
            assert any(url.endswith(".ttf") for url in to_load), "the page declares no font of its own"
            assert any(url.endswith("/xterm.css") for url in to_load), "the terminal lost its stylesheet"
            loaded: set[str] = set()
            while to_load:
                url = to_load.pop()
                if url in loaded:
                    continue
                loaded.add(url)
                assert urlsplit(url).netloc == f"127.0.0.1:{server.port}", f"the page needs {url}"
                async with http.get(url) as response:
                    assert response.status == 200, url
                    if url.endswith(".css"):
                        to_load += [urljoin(url, link) for link in css_urls(await response.text())]
            # The header's icon is one the page's fonts and their fallbacks have (not Textual's ⭘).
            tab = await Tab.open(http, server.port)
            shown = await tab.read_until(NOTES_NUMBERS)
            assert "⭘" not in shown and shown.lstrip().startswith("•"), shown[:200]
            await tab.close()
        assert server.stop() == 0


@pytest.mark.parametrize(("host", "why"), [("999.1.1.1", "is not an address or a name of this network"),
                                           ("192.0.2.77", "is not an address of this machine")])  # TEST-NET
def test_a_host_that_is_no_address_of_this_machine_is_refused_before_any_warning(
    tmp_path: Path, host: str, why: str,
) -> None:
    result = subprocess.run([sys.executable, "-m", "tui", "serve", "--host", host, "--port", "8000"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60,
                            env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "TMPDIR": str(tmp_path)})
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and f"'{host}' {why}" in result.stderr, result.stderr
    assert "warning" not in result.stderr
    assert list(tmp_path.glob("nnwb-serve-*")) == []
