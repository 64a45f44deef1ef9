"""``nnwb serve``: a real server on a free loopback port, and browser tabs played by websocket clients."""

from __future__ import annotations

import asyncio
import shlex
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from tests.serve.served import NOTES_NUMBERS, ROOT, Server, Tab, children, wait_until_gone
from tui.serve.command import is_loopback
from tui.serve.tab_command import session_command

pytest.importorskip("textual_serve")


def tab_folders(server: Server) -> list[Path]:
    """The private state folders of the server's tabs (under its TMPDIR)."""
    return sorted(server.tmp.glob("nnwb-serve-*/tab-*"))


async def appears(path: Path, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        await asyncio.sleep(0.05)


@pytest.mark.slow  # a real server and its tabs' apps, in subprocesses
async def test_tabs_show_the_notes_numbers_and_end_with_their_tab_or_the_server(tmp_path: Path) -> None:
    server = Server(tmp_path)
    try:
        assert server.first_line.startswith(f"nnwb serve: open http://127.0.0.1:{server.port} ")
        async with aiohttp.ClientSession() as http:
            async with http.get(server.url + "/") as page:
                assert page.status == 200
                html = await page.text()
            assert "<title>nnwb</title>" in html
            assert f'data-session-websocket-url="ws://127.0.0.1:{server.port}/ws"' in html
            # Behind ``ssh -L 9000:127.0.0.1:PORT`` the browser asks for localhost:9000: the page
            # must send it back there, not to the server's own port.
            async with http.get(server.url + "/", headers={"Host": "localhost:9000"}) as page:
                forwarded = await page.text()
            assert 'data-session-websocket-url="ws://localhost:9000/ws"' in forwarded
            assert 'href="http://localhost:9000/static/css/xterm.css"' in forwarded

            first = await Tab.open(http, server.port)
            await first.read_until(NOTES_NUMBERS)
            [first_app] = children(server.process.pid)  # one process for the tab, started by the server itself
            # Work never saved to a file: a terminal's nnwb keeps it for the next start to offer.
            before = len(first.received)
            await first.press("7")
            await first.press("\r")
            await first.read_until(("4.21", "0.825"), since=before)  # x[0, 0] = 7: z = 6, 4.21, 0.825
            [first_folder] = tab_folders(server)
            await first.close()
            assert wait_until_gone([first_app], timeout=20) == [], "closing the tab left its app running"
            assert not first_folder.exists()

            second = await Tab.open(http, server.port)
            await second.read_until(NOTES_NUMBERS)
            [second_app] = children(server.process.pid)
            [second_folder] = tab_folders(server)
            # The marker is written just before a start-up offers leftover work: from here on
            # any offer would be on screen before the next edit's numbers.
            await appears(second_folder / "nnwb" / f"running-{second_app}")
            before = len(second.received)
            await second.press("5")
            await second.press("\r")
            # x[0, 0] = 5: z = 5.6, 3.21, 1.345 (Enter on an offer would have restored the 7: 4.21)
            await second.read_until(("3.21", "1.345"), since=before)
            assert "Restore your work" not in second.received.decode("utf-8", "replace")

            assert server.stop() == 0  # Ctrl+C with a tab open
            assert wait_until_gone([second_app], timeout=20) == []
            # The browser is told: its page says "Session ended" (after the app's last frames).
            while (message := await second.websocket.receive(timeout=10)).type == aiohttp.WSMsgType.BINARY:
                pass
            assert message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
        assert list(server.tmp.glob("nnwb-serve-*")) == []  # the tabs' state folders are gone
        assert not list((tmp_path / "state").glob("nnwb/autosave-*"))  # nothing offered to a terminal's nnwb
        assert "Traceback" not in server.output()
    finally:
        if server.process.poll() is None:
            server.process.kill()


@pytest.mark.slow  # a real server and its tabs' apps, in subprocesses
async def test_a_server_killed_outright_takes_its_tabs_apps_with_it_and_the_next_clears_its_folder(tmp_path: Path) -> None:
    server = Server(tmp_path)
    try:
        async with aiohttp.ClientSession() as http:
            tab = await Tab.open(http, server.port)
            await tab.read_until(NOTES_NUMBERS)
            [app] = children(server.process.pid)
            server.process.kill()  # SIGKILL: no shutdown of its own
            server.process.wait(timeout=30)
            assert wait_until_gone([app], timeout=20) == [], "the tab's app outlived its server"
        left = list(server.tmp.glob("nnwb-serve-*"))
        assert len(left) == 1, left  # SIGKILL: the server could not clear its folder
        # The next server, in the same temporary folder, clears it before it serves.
        following = Server(tmp_path)
        try:
            assert "open http://" in following.first_line, following.first_line
            now = list(server.tmp.glob("nnwb-serve-*"))
            assert left[0] not in now and len(now) == 1, now  # only the new server's own
            assert following.stop() == 0
        finally:
            if following.process.poll() is None:
                following.process.kill()
    finally:
        if server.process.poll() is None:
            server.process.kill()


def test_without_textual_serve_it_says_how_to_install_it_and_textual_is_not_loaded() -> None:
    code = (
        "import sys\n"
        "sys.modules['textual_serve'] = None  # as if the extra were not installed\n"
        "from tui.__main__ import main\n"
        "try:\n"
        "    main(['serve'])\n"
        "finally:\n"
        "    print('textual loaded' if 'textual' in sys.modules else 'textual not loaded')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "pip install -e '.[serve]'" in result.stderr
    assert "pip install 'nnwb[serve]'" in result.stderr
    assert result.stdout.strip() == "textual not loaded"


def test_a_host_beyond_loopback_is_warned_about_and_a_port_in_use_refused(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "tui", "serve", "--host", "0.0.0.0", "--port", str(port)],
                                cwd=ROOT, capture_output=True, text=True, timeout=60,
                                env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "TMPDIR": str(tmp_path)})
    assert result.returncode == 2
    assert "warning: listening on 0.0.0.0, not on loopback" in result.stderr
    assert "no password" in result.stderr
    assert f"cannot listen on 0.0.0.0 port {port}" in result.stderr
    assert list(tmp_path.glob("nnwb-serve-*")) == []


@pytest.mark.parametrize(("host", "loopback"), [("127.0.0.1", True), ("::1", True), ("localhost", True),
                                                ("0.0.0.0", False), ("192.168.1.20", False)])
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_each_tab_runs_this_python_on_the_lesson_given() -> None:
    command = session_command(Path("/tmp/a folder"), ["--lesson", "01 neuron"], Path("/srv/class"), server_pid=1234,
                              serve_folder=Path("/srv/work"))
    words = shlex.split(command)
    assert words[:2] == ["exec", "env"] and words[2].startswith(f"PYTHONPATH={ROOT}")
    # -P: no folder a learner writes (the working one) is on sys.path
    assert words[3:7] == [sys.executable, "-P", "-m", "tui.serve.session"]
    assert words[7:] == ["1234", "/tmp/a folder", "/srv/work", "/srv/class", "--lesson", "01 neuron"]


def app_takes_lessons() -> bool:
    """Whether this nnwb has ``--lesson`` (the classroom's app side)."""
    from tui.__main__ import parse_args

    try:
        parse_args(["--lesson", "01-neuron"])
    except SystemExit:
        return False
    return True


@pytest.mark.slow  # a real server and its tabs' apps, in subprocesses
async def test_every_tab_starts_on_the_lesson_given(tmp_path: Path) -> None:
    if not app_takes_lessons():
        pytest.skip("this nnwb has no --lesson yet")
    server = Server(tmp_path, "--lesson", "01-neuron")
    try:
        async with aiohttp.ClientSession() as http:
            tab = await Tab.open(http, server.port)
            # The lesson's text, and its network: the single neuron's 2.3 (1*0.2 + 2*0.8 + 3*-0.5 + 2).
            await tab.read_until(("A neuron multiplies each input", "0/3 done", "2.3"))
            # And that its progress lasts as long as the tab (the toast's title).
            await tab.read_until(("Lessons in a browser tab",))
            await tab.close()
        assert server.stop() == 0
    finally:
        if server.process.poll() is None:
            server.process.kill()


def test_a_lesson_that_does_not_exist_is_refused_before_serving(tmp_path: Path) -> None:
    pytest.importorskip("tui.lessons.loader")
    result = subprocess.run([sys.executable, "-m", "tui", "serve", "--lesson", "no-such-lesson", "--port", "1"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60,
                            env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "TMPDIR": str(tmp_path)})
    assert result.returncode == 2
    assert result.stderr.startswith("nnwb serve: cannot serve the lesson no-such-lesson: ")
    assert "01-neuron" in result.stderr  # the loader names the course's lessons
    assert result.stdout == ""  # no server started


@pytest.mark.slow  # a real server and its tabs' apps, in subprocesses
async def test_a_lesson_file_broken_after_the_server_started_opens_the_workbench_with_the_reason(
    tmp_path: Path,
) -> None:
    if not app_takes_lessons():
        pytest.skip("this nnwb has no --lesson yet")
    lesson = tmp_path / "mine.toml"
    lesson.write_text((ROOT / "tui" / "lessons" / "course" / "01-neuron.toml").read_text())
    server = Server(tmp_path, "--lesson", str(lesson))
    try:
        lesson.write_text('title = "Mine"\n[[tasks\n')  # edited since: line 2 is not TOML
        async with aiohttp.ClientSession() as http:
            tab = await Tab.open(http, server.port)
            # Not a blank page: the workbench (the notes' numbers), and why the lesson is not there.
            shown = await tab.read_until(("Lesson not opened", *NOTES_NUMBERS))
            assert "A neuron multiplies each input" not in shown
            await tab.close()
        assert server.stop() == 0
        assert f"{lesson}:2:" in server.output()  # and the server's log says it too
    finally:
        if server.process.poll() is None:
            server.process.kill()


@pytest.mark.slow  # a real server and its tab's app, in subprocesses
async def test_a_lesson_title_with_markup_and_escapes_is_shown_as_written_in_a_tab(tmp_path: Path) -> None:
    """``[/n]`` in a title stopped every tab's app at its start; an OSC in it retitled the browser's terminal."""
    if not app_takes_lessons():
        pytest.skip("this nnwb has no --lesson yet")
    lesson = tmp_path / "hostile.toml"
    lesson.write_text('title = "Shapes [n, m] and [/n] \\u001b]0;pwned\\u0007"\ntext = "Plain [b]text[/b]."\n'
                      'preset = "single-neuron"\n\n[[tasks]]\ntext = "t"\ncheck = "no_shape_error"\n', encoding="utf-8")
    server = Server(tmp_path, "--lesson", str(lesson))
    try:
        async with aiohttp.ClientSession() as http:
            tab = await Tab.open(http, server.port)
            await tab.read_until((r"Lesson: Shapes [n, m] and [/n] \x1b]0;pwned\x07", "Plain [b]text[/b].", "2.3"))
            assert b"\x1b]0;pwned" not in tab.received and not tab.closed
            await tab.close()
        assert server.stop() == 0
    finally:
        if server.process.poll() is None:
            server.process.kill()
