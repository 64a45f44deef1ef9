"""``nnwb serve``: the workbench in a browser, one app process per tab (textual-serve).

The arguments are read and checked here, before Textual or textual-serve is imported, so
that a mistake (or the missing extra) is said at once. The web server itself is
``tui.serve.server``; each tab's app process is ``tui.serve.session``.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import socket
import sys
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
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
    parser.add_argument("--class-folder", metavar="DIR", type=_class_folder,
                        help="a folder every tab may read (Ctrl+O, lesson files) and none may write")
    return parser.parse_args(argv)


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (1 to 65535)")
    return port


def _class_folder(text: str) -> Path:
    folder = Path(text).expanduser().absolute()
    if not folder.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is not a folder")
    return folder


def is_loopback(host: str) -> bool:
    """Whether every address ``host`` names is this machine's loopback (only local browsers reach it)."""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    try:
        addresses = {str(info[4][0]) for info in socket.getaddrinfo(host, None)}
    except OSError:
        return False
    return bool(addresses) and all(ipaddress.ip_address(address.split("%")[0]).is_loopback for address in addresses)


def exposure_warning(host: str, port: int) -> str:
    return (
        f"nnwb serve: warning: listening on {host}, not on loopback. Anyone who can reach port {port} "
        "of this machine gets a workbench with no password: no shell, but it opens and saves files "
        f"as {_user()} in {Path.cwd()} and the folders around it. To reach it from another machine, "
        "prefer the default host with SSH port forwarding (nnwb serve --help)."
    )


def _user() -> str:
    try:
        import getpass

        return getpass.getuser()
    except Exception:  # no name for this uid (a container): say who by number
        return f"uid {os.getuid()}"


def lesson_argument(name: str | None, class_folder: Path | None = None) -> list[str]:
    """``--lesson NAME`` for each tab's ``nnwb``, checked once here: a bad name is refused
    before the server starts rather than in every tab. A file is passed by its full path;
    one not here may be in the class folder."""
    if name is None:
        return []
    if class_folder is not None and not Path(name).expanduser().is_file() and (class_folder / name).is_file():
        name = str(class_folder / name)
    if Path(name).expanduser().is_file():
        name = str(Path(name).expanduser().absolute())
    try:
        from tui.lessons.loader import load_lesson
    except ImportError:  # lessons not part of this nnwb: the app says what it makes of the flag
        return ["--lesson", name]
    try:
        load_lesson(name)
    except Exception as error:  # LessonFileError, or a name the course does not have
        raise ValueError(f"nnwb serve: cannot serve the lesson {name}: {error}") from None
    return ["--lesson", name]


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
        app_arguments = lesson_argument(args.lesson, args.class_folder)
    except ValueError as error:
        return _refusal(str(error))
    if not is_loopback(args.host):
        print(exposure_warning(args.host, args.port), file=sys.stderr)
    from tui.serve.server import run

    try:
        run(args.host, args.port, app_arguments, args.class_folder)
    except OSError as error:  # the port is taken, the address is not this machine's
        return _refusal(f"nnwb serve: cannot listen on {args.host} port {args.port}: {error.strerror or error}")
    return 0
