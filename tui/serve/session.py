"""One browser tab's nnwb (``nnwb serve`` runs
``python -P -m tui.serve.session SERVER_PID FOLDER SERVE_FOLDER CLASS_FOLDER [ARGS]``).

The tabs of a server are different people, or the same person who closed a tab: each
tab's nnwb gets a state folder of its own under FOLDER, removed when the tab ends. So a
tab is never offered another tab's unsaved work (``tui.files.autosave`` offers what a session
that ended left behind), lesson progress is the tab's own, and the person who runs the
server is not offered the browsers' work the next time they start nnwb in a terminal.
What a tab keeps is what it saves to a file (Ctrl+S): the tab says so when a lesson opens
(``tui.serve.tab``). Crash reports are moved to the
server's user's state folder, where ``nnwb`` keeps them.

The files a tab saves go in a work folder of its own under SERVE_FOLDER (``tui.serve.folders``),
which becomes its working folder; every file door of the app keeps to it, and may read the
teacher's CLASS_FOLDER ("" for none) too (``tui.files.confinement``).
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path

from tui.files.confinement import confine
from tui.files.paths import state_folder
from tui.serve.folders import leave_work_folder, make_work_folder
from tui.serve.tab import begin_served_tab


def end_with_parent(server_pid: int) -> None:
    """SIGTERM this process when the server dies, even by SIGKILL: an app that lost its
    server has no one left to show itself to. Linux only; elsewhere nothing."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        return
    if os.getppid() != server_pid:  # the server died before the line above
        os.kill(os.getpid(), signal.SIGTERM)


def keep_crash_reports(private: Path, kept: Path) -> None:
    """Move the tab's crash reports to the server's user's state folder, and say where."""
    reports = sorted(private.glob("crash-*.txt")) if private.is_dir() else []
    for report in reports:
        try:
            kept.mkdir(parents=True, exist_ok=True)
            shutil.move(str(report), kept / report.name)
        except OSError:
            continue
        print(f"nnwb serve: the crash report is kept in {kept / report.name}", file=sys.stderr, flush=True)


def without_unreadable_lesson(app_arguments: list[str]) -> tuple[list[str], str]:
    """``app_arguments`` without a ``--lesson NAME`` or ``--course DIR`` that cannot be opened
    now, and why not ("" if it can). ``nnwb serve`` checked them when it started, but a lesson
    or course file can be edited since: refused by the app, it would end the tab's app before
    its first frame, and the browser would show a blank page."""
    given = {flag: app_arguments[app_arguments.index(flag) + 1] for flag in ("--lesson", "--course")
             if flag in app_arguments[:-1]}
    if not given:
        return app_arguments, ""
    try:
        from tui.lessons.loader import start_lesson

        start_lesson(given.get("--lesson"), given.get("--course")).start_document()
    except Exception as error:  # LessonFileError, a lesson gone, its session file broken
        rest = list(app_arguments)
        for flag in given:
            at = rest.index(flag)
            del rest[at:at + 2]
        what = f"course {given['--course']}" if "--course" in given else f"lesson {given['--lesson']}"
        return rest, f"The {what} could not be opened, so this tab has the workbench without it. {error}"
    return app_arguments, ""


def main(argv: list[str]) -> None:
    """``argv``: the server's process id, its folder for the tabs' states, the folder for the
    tabs' work folders, the class folder ("" for none), then the arguments of ``nnwb``."""
    end_with_parent(int(argv[0]))
    parent, serve_folder, app_arguments = Path(argv[1]), Path(argv[2]), argv[4:]
    class_folder = Path(argv[3]) if argv[3] else None
    kept = state_folder()
    private_root = Path(tempfile.mkdtemp(prefix="tab-", dir=parent))
    os.environ["XDG_STATE_HOME"] = str(private_root)  # read by tui.files.paths.state_folder()
    app_arguments, problem = without_unreadable_lesson(app_arguments)  # before the folder changes: the server's names
    if problem:
        print(f"nnwb serve: {problem}", file=sys.stderr, flush=True)  # the server's log
    work = make_work_folder(serve_folder, class_folder)
    os.chdir(work)  # a name typed in the tab is its folder's
    confine(work, class_folder, hidden=(work.parent, parent))  # the other tabs' work and states, even in a class folder
    begin_served_tab(problem, work)
    try:
        from tui.__main__ import main as nnwb

        nnwb(app_arguments)
    finally:
        keep_crash_reports(state_folder(), kept)
        shutil.rmtree(private_root, ignore_errors=True)
        leave_work_folder(work)


if __name__ == "__main__":
    main(sys.argv[1:])
