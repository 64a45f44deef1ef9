"""Start-up time to the first frame: nnwb against a bare Textual app (Header, Static, Footer).

Each run is a fresh process, ``python benchmarks/first_frame.py nnwb|bare``, given a
pseudo-terminal of 120x40 so that Textual runs its real terminal driver and the first
frame is encoded and written as it would be in a terminal. The clock starts just before
the process is launched (interpreter start-up and every import -- numpy, nnfs, textual --
count) and stops when the app has handed its first frame to the driver (first_frame.py
reports ``time.monotonic()``, which every process shares on Linux). The two apps take turns,
in alternating order; figures are medians.

nnwb is made by ``tui.__main__.make_app``, exactly as the ``nnwb`` command makes it: with the
garbage collector paused until the first frame. The one full collection that follows the
first frame (about 70 ms here, before the first key is read) is after the clock stops.

Byte-code: the repository's environment sets PYTHONDONTWRITEBYTECODE, which would make
every run recompile the workbench's sources; the runs here use a private, warmed
PYTHONPYCACHEPREFIX instead, as a user's second launch would find the .pyc files.

    python benchmarks/startup.py [--runs 25] [--size 120x40] [--headless]
    python benchmarks/startup.py --profile     # where nnwb's start-up goes (imports and cProfile)
    python benchmarks/startup.py --against DIR # a third app: nnwb as another checkout has it
                                               # (e.g. ``git archive BASE | tar -x -C DIR``),
                                               # so that before and after alternate in one run
"""

from __future__ import annotations

import argparse
import fcntl
import os
import platform
import pty
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WRAPPER = HERE / "first_frame.py"
TARGET_RATIO = 1.3  # issue 19
APPS = ("nnwb", "bare")
BEFORE = "before"  # nnwb from the checkout given to --against


def environment() -> str:
    versions = subprocess.run(
        [
            sys.executable,
            "-c",
            "import numpy, textual; print(numpy.__version__, textual.__version__)",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return (
        f"python {platform.python_version()} ({platform.machine()}), numpy {versions[0]}, textual {versions[1]}, "
        f"{os.cpu_count()} CPUs, load average " + " ".join(f"{v:.2f}" for v in os.getloadavg())
    )


def child_environment(cache: str, headless: bool) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(PYTHONPYCACHEPREFIX=cache, TERM="xterm-256color", COLORTERM="truecolor")
    env["FIRST_FRAME_HEADLESS"] = "1" if headless else "0"
    return env


def first_frame_seconds(
    app: str, env: dict[str, str], size: tuple[int, int], headless: bool, wrapper: Path = WRAPPER
) -> tuple[float, float, float]:
    """Launch one fresh process; seconds from just before the launch to (app made, first frame),
    and the CPU seconds the process used, all its threads (it ends at its first frame).
    ``wrapper``: the checkout's first_frame.py (the checkout's nnwb is the one it starts)."""
    read_end, write_end = os.pipe()
    master, slave = pty.openpty()
    width, height = size
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
    env = dict(env, FIRST_FRAME_FD=str(write_end))

    def drain() -> None:  # the terminal's side: read everything the app writes
        try:
            while os.read(master, 65536):
                pass
        except OSError:
            pass

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    stdio = subprocess.DEVNULL if headless else slave
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, str(wrapper), app],
        stdin=stdio,
        stdout=stdio,
        stderr=subprocess.PIPE if headless else slave,
        pass_fds=(write_end,),
        env=env,
        start_new_session=True,
    )
    os.close(write_end)
    os.close(slave)
    with os.fdopen(read_end) as report:
        text = report.read()
    # wait4, not Popen.wait: the process's CPU time, which the other jobs on the machine
    # change far less than its wall-clock time.
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    os.close(master)
    reader.join(timeout=5)
    if not text.strip():
        raise RuntimeError(f"{app} never showed a frame (exit code {process.returncode})")
    ready, shown = (float(v) for v in text.split())
    return ready - started, shown - started, usage.ru_utime + usage.ru_stime


def profile_nnwb(env: dict[str, str]) -> None:
    """Where nnwb's start-up goes: the slowest imports, then cProfile of the whole start."""
    env = dict(env, FIRST_FRAME_FD="1", FIRST_FRAME_HEADLESS="1")
    result = subprocess.run(
        [sys.executable, "-X", "importtime", str(WRAPPER), "nnwb"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    rows = []
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line and "self [us]" not in line:
            _, total, name = line[len("import time:") :].split("|")
            rows.append((int(total), name.rstrip()))
    print("\nslowest imports (cumulative, headless run):")
    for cumulative, name in sorted(rows, reverse=True)[:15]:
        print(f"  {cumulative / 1e3:7.1f} ms  {name}")
    script = (
        "import cProfile, os, pstats, sys\n"
        f"sys.path.insert(0, {str(HERE)!r})\n"
        "import first_frame\n"
        "profile = cProfile.Profile()\n"
        "def stop(*args):\n"
        "    profile.disable()\n"
        "    stats = pstats.Stats(profile, stream=sys.stderr)\n"
        "    stats.sort_stats('cumulative').print_stats(r'(/tui/|/engine/)', 20)\n"
        "    stats.sort_stats('tottime').print_stats(15)\n"
        "    sys.stderr.flush(); os._exit(0)\n"
        "os.write = lambda fd, data, _write=os.write: stop() if fd == 1 else _write(fd, data)\n"
        "sys.argv = ['first_frame.py', 'nnwb']\n"
        "profile.enable()\n"
        "first_frame.main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    print("\ncProfile of nnwb from the first import to the first frame (headless):")
    print(result.stderr[-12000:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=25, help="runs of each app (default 25)")
    parser.add_argument("--size", default="120x40", help="terminal size WxH (default 120x40)")
    parser.add_argument(
        "--headless",
        action="store_true",
        help="run the apps headless instead of in a pseudo-terminal",
    )
    parser.add_argument("--profile", action="store_true", help="also show where nnwb's start-up goes")
    parser.add_argument("--against", type=Path, metavar="DIR",
                        help="another checkout of nnwb, run as a third app ('before') in the same rounds")
    args = parser.parse_args()
    apps: tuple[str, ...] = APPS + ((BEFORE,) if args.against else ())
    wrappers = {app: WRAPPER for app in APPS}
    if args.against:
        wrappers[BEFORE] = (args.against / "benchmarks" / "first_frame.py").resolve()
    width, height = (int(v) for v in args.size.lower().split("x"))

    print(f"environment: {environment()}")
    mode = "headless" if args.headless else f"pseudo-terminal {width}x{height}, real driver"
    print(f"{args.runs} runs of each app, alternating, fresh process each, {mode}")
    with tempfile.TemporaryDirectory(prefix="nnwb-pycache-") as cache:
        env = child_environment(cache, args.headless)
        def launch(app: str) -> tuple[float, float, float]:
            return first_frame_seconds("nnwb" if app == BEFORE else app, env, (width, height), args.headless,
                                       wrappers[app])

        for app in apps:  # warm the byte-code cache; not timed
            launch(app)
        times: dict[str, list[float]] = {app: [] for app in apps}
        ready: dict[str, list[float]] = {app: [] for app in apps}
        cpu: dict[str, list[float]] = {app: [] for app in apps}
        ratios = []
        began = time.monotonic()
        for number in range(args.runs):
            order = apps if number % 2 == 0 else tuple(reversed(apps))
            for app in order:
                made, shown, used = launch(app)
                cpu[app].append(used * 1e3)
                ready[app].append(made * 1e3)
                times[app].append(shown * 1e3)
            ratios.append(times["nnwb"][-1] / times["bare"][-1])
        if args.profile:
            profile_nnwb(env)

    print("\nprocess launch -> first frame:")
    for app in apps:
        values = times[app]
        print(
            f"  {app:6s} median {statistics.median(values):6.0f} ms   min {min(values):6.0f} ms   "
            f"max {max(values):6.0f} ms   (n={len(values)});  of which interpreter + imports + app object "
            f"{statistics.median(ready[app]):4.0f} ms, then to the first frame "
            f"{statistics.median(s - r for s, r in zip(values, ready[app])):4.0f} ms"
        )
    ratio = statistics.median(times["nnwb"]) / statistics.median(times["bare"])
    verdict = "PASS" if ratio <= TARGET_RATIO else "MISS"
    print(
        f"  nnwb / bare: {ratio:.2f}x (ratio of medians; median of the rounds' ratios "
        f"{statistics.median(ratios):.2f}x)   target <= {TARGET_RATIO}x: {verdict}"
    )
    if args.against:
        before = statistics.median(times[BEFORE]) / statistics.median(times["bare"])
        print(f"  before / bare: {before:.2f}x ({args.against}); nnwb / before: "
              f"{statistics.median(times['nnwb']) / statistics.median(times[BEFORE]):.2f}x")
    print("CPU time of the process to its first frame (all its threads; what the machine's other jobs change least):")
    for app in apps:
        print(f"  {app:6s} median {statistics.median(cpu[app]):6.0f} ms   min {min(cpu[app]):6.0f} ms")
    shares = "  ".join(f"{app} / bare: {statistics.median(cpu[app]) / statistics.median(cpu['bare']):.2f}x"
                       for app in apps if app != "bare")
    print(f"  {shares}")
    print(f"total {time.monotonic() - began:.0f} s; load average at the end " + " ".join(f"{v:.2f}" for v in os.getloadavg()))


if __name__ == "__main__":
    main()
