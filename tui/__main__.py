"""``nnwb`` and ``python -m tui``: start the workbench, optionally on one of the notes' examples."""

from __future__ import annotations

import gc
import sys
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    import argparse

    from tui.app.workbench import WorkbenchApp


# ``nnwb run``, ``export``, ``check``, ``lessons`` and ``lint`` (``tui.cli.headless``); a file called "run" is ./run.
HEADLESS = ("run", "export", "check", "lessons", "lint")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    import argparse

    from engine import DEFAULT_PRESET, PRESETS
    from tui.cli.headless import EPILOG

    parser = argparse.ArgumentParser(
        prog="nnwb",
        description="A neural-network workbench for the terminal.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--preset",
        default=DEFAULT_PRESET,
        choices=list(PRESETS),
        metavar="NAME",
        help="open one of the notes' examples: " + ", ".join(PRESETS) + f" (default: {DEFAULT_PRESET})",
    )
    parser.add_argument(
        "--lesson",
        metavar="NAME|FILE",
        help="open a lesson of the course (`nnwb lessons` lists them) or a lesson file (.toml), on its "
        "starting network; with FILE.json, on that session instead",
    )
    parser.add_argument(
        "--course",
        metavar="DIR",
        help="open a course of your own (a folder with a course.toml): its first lesson, or --lesson NAME of it; "
        "> and < and L stay inside it",
    )
    parser.add_argument(
        "file",
        nargs="?",
        metavar="FILE.json",
        help="a session file to open; if there is none yet, a new document (the --preset one) that Ctrl+S saves there",
    )
    return parser.parse_args(argv)


def make_app(argv: list[str] | None = None) -> WorkbenchApp:
    """The workbench for this command line, made with the garbage collector paused.

    Start-up creates a hundred thousand objects that live as long as the app (NumPy,
    Textual, the widgets), and the collector would walk them again and again while they
    are made: about a third of the time to the first frame. The app collects once, freezes
    what is left and turns the collector back on after its first frame
    (``WorkbenchApp.after_first_frame``): run the app this returns.
    """
    gc.disable()
    argv = sys.argv[1:] if argv is None else argv
    # No arguments, the usual case, need no parser (argparse is a few ms of start-up).
    args = parse_args(argv) if argv else None
    # A refused file or lesson ends here, before Textual is loaded.
    arguments = _file_arguments(args.file, args.preset) if args is not None and args.file else {}
    if args is not None and (args.lesson is not None or args.course is not None):
        # A session file that exists gives the document; a new one starts from the lesson's.
        opened = "document" in arguments and arguments.get("saved", True)
        arguments.update(_lesson_arguments(args.lesson, opened, args.course))
    from tui.app.workbench import WorkbenchApp

    return WorkbenchApp(**arguments) if arguments else WorkbenchApp(preset=args.preset if args is not None else None)


def _file_arguments(name: str, preset: str) -> dict[str, Any]:
    """The app's document for ``nnwb FILE``: the file's, or a new one to be saved there.
    A file that is refused ends here: its message on stderr, exit status 2."""
    from pathlib import Path

    from tui.document.state import Document
    from tui.files.session_file import SessionFileError, load

    path = Path(name).expanduser().absolute()
    if not path.exists() and not path.is_symlink():
        if not path.parent.is_dir():
            _refuse(f"nnwb: cannot start {name}: the folder {path.parent} does not exist")
        return {"document": Document.from_preset(preset), "path": path, "saved": False}
    try:
        document, training = load(path)
    except SessionFileError as error:
        _refuse(f"nnwb: cannot open {str(error).replace(str(path), name, 1)}")  # the name as typed
    return {"document": document, "path": path, "training": training}


def _lesson_arguments(name: str | None, have_document: bool, course: str | None = None) -> dict[str, Any]:
    """``nnwb --lesson NAME|FILE`` or ``nnwb --course DIR [--lesson NAME]``: the lesson, and its
    starting document unless a session file gives one. A course or lesson that cannot be read or
    started ends here: stderr, exit status 2."""
    from tui.lessons.loader import LessonFileError, start_lesson

    try:
        lesson = start_lesson(name, course)
    except LessonFileError as error:
        _refuse(f"nnwb: cannot open {'the lesson' if course is None else 'the course'} {error}")
    try:
        document = None if have_document else lesson.start_document()
    except (OSError, ValueError) as error:  # the session file a lesson of one's own starts from
        _refuse(f"nnwb: cannot start the lesson {name or lesson.path}: {error}")
    arguments: dict[str, Any] = {"lesson": lesson}
    if document is not None:
        arguments["document"] = document
    return arguments


def _refuse(message: str) -> NoReturn:
    from tui.files.safe_text import safe_text

    print(safe_text(message, lines=True), file=sys.stderr)  # it quotes a file and its name
    sys.exit(2)


def main(argv: list[str] | None = None) -> None:
    """Run the workbench; exit 0 after Ctrl+Q, 128 + n after signal n, 1 after an unexpected error,
    3 when the help cannot be written (``tui.cli.output``).

    ``nnwb run`` and ``nnwb export`` run without the UI and exit with their own status;
    ``nnwb serve`` serves the workbench to browsers until Ctrl+C.

    An unexpected error is saved to a file whose path is printed (``tui.files.crash_report``).
    """
    argv = sys.argv[1:] if argv is None else argv
    # Help and reports written to a closed, full or broken stdout: exit 3, no traceback.
    from tui.cli.output import guarded_stdout

    if argv and argv[0] in HEADLESS:
        # Before anything imports Textual: a script pays only for NumPy.
        from tui.cli.headless import main as headless

        with guarded_stdout(f"nnwb {argv[0]}"):
            sys.exit(headless(argv))
    if argv and argv[0] == "serve":
        # The browser server (``tui.serve.command``): its arguments are checked before Textual is imported.
        from tui.serve.command import main as serve

        with guarded_stdout("nnwb serve"):
            sys.exit(serve(argv[1:]))
    try:
        with guarded_stdout("nnwb"):  # --help
            app = make_app(argv)
        from tui import stop_signals

        stop_signals.install(app)
        app.finish_after_exit = True
        app.run()
    except (SystemExit, KeyboardInterrupt):
        raise
    except Exception as error:  # before the app ran, or escaping from Textual itself
        _crashed(error, argv)
    _finish_autosave(app)
    # Textual catches an error inside the app, exits, restores the terminal, prints the
    # traceback and keeps the error: the one place it is kept is this private attribute.
    kept: BaseException | None = getattr(app, "_exception", None)
    if kept is not None:
        _crashed(kept, argv)
    raise SessionOver(app.return_code or 0)


class SessionOver(SystemExit):
    """The workbench's session ended and its work is kept: a SystemExit to a caller of ``main``
    (a served tab, whose ``finally`` removes its folders), the fast exit to ``entry``."""


def entry() -> None:
    """The ``nnwb`` command: ``main``, then, after a session, the fast exit (``_leave``)."""
    try:
        main()
    except SessionOver as over:
        _leave(over.code if isinstance(over.code, int) else 0)


def _leave(status: int) -> NoReturn:
    """Exit now that the session is over and its work kept: the exit handlers run and the
    output is flushed, but the interpreter's teardown of every module and object (Textual's,
    NumPy's, the document's; a few hundred milliseconds on a loaded machine) is skipped,
    so the shell prompt comes back at once."""
    import atexit
    import os

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed or broken terminal: nothing more to say there
            pass
    os._exit(status)


def _finish_autosave(app: WorkbenchApp) -> None:
    """The last autosave of unsaved work, written now that the terminal is restored: its
    arrays as bytes (``tui.files.autosave_sidecar``), well under a second for the largest
    network the budgets allow."""
    finish = app.finish_autosave
    if finish is not None:
        finish.run()


def _crashed(error: BaseException, argv: list[str]) -> None:
    from tui.files.crash_report import report_crash

    report_crash(error, argv)
    sys.exit(1)


if __name__ == "__main__":
    entry()
