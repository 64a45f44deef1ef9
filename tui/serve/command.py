"""``nnwb serve``: the workbench in a browser, one app process per tab (textual-serve).

The arguments are read and checked here, before Textual or textual-serve is imported, so
that a mistake (or the missing extra) is said at once. The web server itself is
``tui.serve.server``; each tab's app process is ``tui.serve.session``.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from tui.serve.hosts import is_address, is_loopback_address
from tui.serve.limits import DEFAULT_MAX_TABS, DEFAULT_TABS_PER_ADDRESS, IDLE_CONNECTION_S

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
Number = TypeVar("Number", int, float)
MISSING_EXTRA = (
    "nnwb serve needs textual-serve, an optional extra. From a checkout of nnwb:\n"
    "  pip install -e '.[serve]'\n"
    "or from PyPI:\n"
    "  pip install 'nnwb[serve]'"
)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="nnwb serve",
        description="Serve the workbench to web browsers: each browser tab gets its own nnwb.",
        epilog="For a class on another machine, keep the loopback host and forward the port over SSH:\n"
        "  ssh -L 8000:127.0.0.1:8000 HOST   then open http://localhost:8000",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--host", default=DEFAULT_HOST,
                        help=f"the address to listen on (default: {DEFAULT_HOST}, this machine only)")
    parser.add_argument("--port", type=_port, default=DEFAULT_PORT, help=f"the port (default: {DEFAULT_PORT})")
    parser.add_argument("--lesson", metavar="NAME", help="start every tab on this lesson (a name or a .toml file)")
    parser.add_argument("--course", metavar="DIR", help="start every tab on this course (a folder with a course.toml): "
                        "its first lesson, or --lesson NAME of it; a folder not here may be in the class folder")
    parser.add_argument("--tabs-per-address", type=_count, default=DEFAULT_TABS_PER_ADDRESS, metavar="N",
                        help="the most tabs one address may have open (default: %(default)s; not counted "
                        "for 127.0.0.1, where every tab comes from behind SSH port forwarding)")
    parser.add_argument("--max-tabs", type=_count, default=DEFAULT_MAX_TABS, metavar="N",
                        help="the most tabs open in all (default: %(default)s; each takes about 50 MB)")
    parser.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                        help="another name browsers use for this machine (a DNS alias); "
                        "requests for names that are not this machine's are refused")
    parser.add_argument("--idle-timeout", type=_seconds, default=IDLE_CONNECTION_S, metavar="SECONDS",
                        help="close a connection that asks nothing for this long (default: %(default)s)")
    parser.add_argument("--class-folder", metavar="DIR", type=_class_folder,
                        help="a folder every tab may read (Ctrl+O, lesson files) and none may write")
    return parser.parse_args(argv)


def _in_range(convert: Callable[[str], Number], what: str, low: Number, high: Number) -> Callable[[str], Number]:
    """An argparse type: the text as ``convert`` reads it, from ``low`` to ``high``; else why not."""

    def parse(text: str) -> Number:
        try:
            value = convert(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not {what}") from None
        if not low <= value <= high:  # NaN is not either
            raise argparse.ArgumentTypeError(f"{text} is not {what} ({low} to {high})")
        return value

    return parse


_port = _in_range(int, "a port number", 1, 65535)
_count = _in_range(int, "a whole number of tabs", 1, 100_000)
_seconds = _in_range(float, "a number of seconds", 0.1, 1e6)


def _class_folder(text: str) -> Path:
    folder = Path(text).expanduser().absolute()
    if not folder.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is not a folder")
    return folder


def is_loopback(host: str) -> bool:
    """Whether every address ``host`` names is this machine's loopback (only local browsers reach it)."""
    if is_address(host):
        return is_loopback_address(host)
    try:
        addresses = {str(info[4][0]) for info in socket.getaddrinfo(host, None)}
    except OSError:
        return False
    return bool(addresses) and all(is_loopback_address(address) for address in addresses)


def unknown_host(host: str) -> str | None:
    """Why ``host`` cannot be listened on (not an address, not a name that resolves, not this
    machine's), or None: said before the warning about a host beyond the loopback."""
    if host in ("", "0.0.0.0", "::"):
        return None
    try:
        family, _, _, _, address = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)[0]
    except (OSError, UnicodeError) as error:
        return f"nnwb serve: {host!r} is not an address or a name of this network ({getattr(error, 'strerror', None) or error})"
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.bind((address[0], 0))  # any free port: only the address is in question here
    except OSError as error:
        return f"nnwb serve: {host!r} is not an address of this machine ({error.strerror or error})"
    return None


def exposure_warning(host: str, port: int) -> str:
    return (
        f"nnwb serve: warning: listening on {host}, not on loopback. Anyone who can reach port {port} "
        "of this machine gets a workbench with no password: no shell, but it saves files as "
        f"{_user()} in a folder of its own under {Path.cwd() / 'nnwb-tabs'}. To reach it from another machine, "
        "prefer the default host with SSH port forwarding (nnwb serve --help)."
    )


def _user() -> str:
    try:
        import getpass

        return getpass.getuser()
    except Exception:  # no name for this uid (a container): say who by number
        return f"uid {os.getuid()}"


def lesson_argument(name: str | None, class_folder: Path | None = None, course: str | None = None) -> list[str]:
    """``--lesson NAME`` and ``--course DIR`` for each tab's ``nnwb``, checked once here: a bad
    name or course is refused before the server starts rather than in every tab. A file or
    folder is passed by its full path; one not here may be in the class folder."""
    if name is None and course is None:
        return []
    if course is not None:
        course = str(_in_class_folder(course, class_folder, Path.is_dir))
    elif name is not None:
        name = str(_in_class_folder(name, class_folder, Path.is_file))
    words = (["--course", course] if course is not None else []) + (["--lesson", name] if name is not None else [])
    try:
        from tui.lessons.loader import start_lesson
    except ImportError:  # lessons not part of this nnwb: the app says what it makes of the flag
        return words
    try:
        start_lesson(name, course)
    except Exception as error:  # LessonFileError, or a name the course does not have
        what = f"the course {course}" if course is not None else f"the lesson {name}"
        raise ValueError(f"nnwb serve: cannot serve {what}: {error}") from None
    return words


def _in_class_folder(name: str, class_folder: Path | None, there: Callable[[Path], bool]) -> Path | str:
    """``name`` by its full path when it is ``there`` (a file, a folder), here or else in the
    class folder; as given otherwise (a built-in lesson's name)."""
    if class_folder is not None and not there(Path(name).expanduser()) and there(class_folder / name):
        return class_folder / name
    if there(Path(name).expanduser()):
        return Path(name).expanduser().absolute()
    return name


def _refusal(message: str) -> int:
    print(message, file=sys.stderr)
    return 2


def main(argv: list[str]) -> int:
    """Serve until Ctrl+C; 0 then, 2 for a bad argument, the missing extra or a port in use."""
    args = parse_args(argv)
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        return _refusal(MISSING_EXTRA)
    try:
        app_arguments = lesson_argument(args.lesson, args.class_folder, args.course)
    except ValueError as error:
        return _refusal(str(error))
    if (problem := unknown_host(args.host)) is not None:
        return _refusal(problem)
    if not is_loopback(args.host):
        print(exposure_warning(args.host, args.port), file=sys.stderr)
    from tui.serve.hosts import HostRule
    from tui.serve.limits import TabLimits
    from tui.serve.server import run

    try:
        run(args.host, args.port, app_arguments, TabLimits(args.tabs_per_address, args.max_tabs),
            HostRule.for_server(args.host, args.allow_host), args.idle_timeout, args.class_folder)
    except OSError as error:  # the port is taken, the address is not this machine's
        return _refusal(f"nnwb serve: cannot listen on {args.host} port {args.port}: {error.strerror or error}")
    return 0
