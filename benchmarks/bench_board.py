"""Benchmarks of the board, against a bare Textual app with the same number of widgets.

    python benchmarks/bench_board.py [--runs 5] [--idle-seconds 60] [--keys 60]

1. Time to first frame and peak memory (ru_maxrss of the child): ``lakip`` on a demo store and
   ``benchmarks/bare_board.py``, each in a pseudo-terminal of 80x24, alternated in the same run,
   median of ``--runs``. The time is measured from spawning the process until its first frame is
   logged (LAKIP_STARTUP_LOG). Goals: board <= 1.6x bare, < 90 MB.
2. Key press to frame. What a user sees: the board in an 80x24 pty; write a key's bytes, time
   until the output it causes has been fully written (last byte before 150 ms of quiet).
   Goal < 50 ms. Also, for comparison, Pilot at 80x24 (``press`` + wait for the painted frame;
   ``press`` + ``pause``), which adds Pilot's own waits.
   The indicator screen likewise: ``w`` (the quarter selector) and row moves.
3. CPU while idle: the board running in a pty for ``--idle-seconds``; utime+stime of the process.
   Goal < 1 %.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import os
import pty
import select
import shutil
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
LAKIP = [PYTHON, "-c", "import sys; from tui.cli import main; sys.exit(main())"]
BARE = [PYTHON, str(ROOT / "benchmarks" / "bare_board.py")]


class Child:
    """A process in a pseudo-terminal of 80x24 whose output is drained."""

    def __init__(self, argv: list[str], env: dict[str, str], cols: int = 80, rows: int = 24):
        self.started = time.monotonic()
        pid, fd = pty.fork()
        if pid == 0:  # child
            os.chdir(ROOT)
            os.execvpe(argv[0], argv, env)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

    def drain(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            ready, _, _ = select.select([self.fd], [], [], min(left, 0.05))
            if ready:
                try:
                    os.read(self.fd, 65536)
                except OSError:
                    return

    def wait_for(self, path: Path, timeout: float = 20.0) -> float:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.drain(0.002)
            if path.exists() and path.read_text().strip():
                return time.monotonic() - self.started
        raise RuntimeError(f"no first frame within {timeout} s")

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def quit(self) -> int:
        """Press q, wait; return ru_maxrss in kB."""
        os.write(self.fd, b"q")
        end = time.monotonic() + 10
        while time.monotonic() < end:
            self.drain(0.02)
            pid, _status, usage = os.wait4(self.pid, os.WNOHANG)
            if pid:
                os.close(self.fd)
                return int(usage.ru_maxrss)
        os.kill(self.pid, 9)
        _, _, usage = os.wait4(self.pid, 0)
        os.close(self.fd)
        return int(usage.ru_maxrss)


def make_demo(workdir: Path) -> Path:
    from usecases.context import Context
    from usecases.demo import build_demo

    path = workdir / "demo.json"
    build_demo(Context(db_path=path, account="bench"))
    return path


def env_for(log: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "TERM": "xterm-256color",
            "COLORTERM": "truecolor",
            "LAKIP_STARTUP_LOG": str(log),
            "TEXTUAL_ANIMATIONS": "none",
            "PYTHONPATH": str(ROOT),
        }
    )
    env.pop("NO_COLOR", None)
    return env


def first_frame(argv: list[str], workdir: Path, k: int) -> tuple[float, int, str]:
    log = workdir / f"startup-{k}-{time.monotonic_ns()}.log"
    child = Child(argv, env_for(log))
    seconds = child.wait_for(log)
    child.drain(0.3)
    rss = child.quit()
    return seconds, rss, log.read_text().strip()


def bench_startup(db: Path, workdir: Path, runs: int) -> dict[str, Any]:
    """Board and bare app alternated; seconds to first frame and ru_maxrss (kB) of each run."""
    board: list[tuple[float, int, str]] = []
    bare: list[tuple[float, int, str]] = []
    for k in range(runs + 1):  # the first round warms the file cache and is discarded
        b = first_frame([*LAKIP, "--db", str(db)], workdir, k)
        r = first_frame(BARE, workdir, k)
        if k:
            board.append(b)
            bare.append(r)
    return {
        "board_s": [x[0] for x in board],
        "bare_s": [x[0] for x in bare],
        "board_kb": [x[1] for x in board],
        "bare_kb": [x[1] for x in bare],
        "board_log": board[-1][2],
        "bare_log": bare[-1][2],
    }


def print_startup(r: dict[str, Any]) -> None:
    tb = statistics.median(r["board_s"]) * 1000
    tr = statistics.median(r["bare_s"]) * 1000
    mb = statistics.median(r["board_kb"]) / 1024
    mr = statistics.median(r["bare_kb"]) / 1024
    print(f"first frame, median of {len(r['board_s'])} (spawn to first frame, 80x24 pty):")
    print(f"  board {tb:7.0f} ms   bare {tr:7.0f} ms   ratio {tb / tr:.2f} (goal <= 1.6)")
    print(f"  board log: {r['board_log']}")
    print(f"  bare log : {r['bare_log']}")
    print(f"peak memory (ru_maxrss), median: board {mb:.1f} MB   bare {mr:.1f} MB (goal < 90 MB)")


async def _frame(app: object) -> None:
    """Wait until the app has painted the frame after what is queued now."""
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    app.call_after_refresh(lambda: done.done() or done.set_result(None))  # type: ignore[attr-defined]
    await done


async def _keys(app: object, presses: int, cycle: list[str]) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {"frame": [], "cpu": [], "pause": []}
    async with app.run_test(size=(80, 24)) as pilot:  # type: ignore[attr-defined]
        await pilot.pause()
        for k in range(presses):
            key = cycle[k % len(cycle)]
            t, c = time.perf_counter(), time.process_time()
            await pilot.press(key)
            await _frame(app)
            out["frame"].append(time.perf_counter() - t)
            out["cpu"].append(time.process_time() - c)
            t = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            out["pause"].append(time.perf_counter() - t)
        if hasattr(app, "reload"):
            t = time.perf_counter()
            app.reload()
            await app.workers.wait_for_complete()  # type: ignore[attr-defined]
            await _frame(app)
            out["reload"] = [time.perf_counter() - t]
    return out


def _stats(values: list[float]) -> str:
    ms = sorted(v * 1000 for v in values)
    if not ms:
        return "no timed key"
    p95 = ms[max(0, int(len(ms) * 0.95) - 1)]
    return f"median {statistics.median(ms):5.1f} ms  p95 {p95:5.1f} ms  fastest {ms[0]:5.1f} ms"


# Key bytes a terminal sends; the board's cycle moves the focus around the cards.
PTY_KEYS = {
    "j": b"j",
    "k": b"k",
    "h": b"h",
    "l": b"l",
    "down": b"\x1b[B",
    "right": b"\x1b[C",
    "tab": b"\t",
    "shift+tab": b"\x1b[Z",
    "i": b"i",
    "w": b"w",
    "up": b"\x1b[A",
}


def keys_in_pty(
    argv: list[str], workdir: Path, presses: int, cycle: list[str], prelude: tuple[str, ...] = ()
) -> dict[str, Any]:
    """What a user sees: write a key's bytes to the app running in an 80x24 pty, then time until
    its output has been fully written (the last byte before 150 ms without output). Keys that
    change nothing on screen (no output) are counted, not timed. ``prelude``: keys pressed first,
    untimed (to open a screen)."""
    log = workdir / f"keys-{time.monotonic_ns()}.log"
    child = Child(argv, env_for(log))
    child.wait_for(log)
    child.drain(1.0)
    for key in prelude:
        os.write(child.fd, PTY_KEYS[key])
        child.drain(1.5)
    times: list[float] = []
    silent = 0
    for k in range(presses):
        os.write(child.fd, PTY_KEYS[cycle[k % len(cycle)]])
        sent = time.perf_counter()
        last = None
        while True:
            ready, _, _ = select.select([child.fd], [], [], 0.15 if last else 1.0)
            if not ready:
                break
            try:
                if os.read(child.fd, 65536):
                    last = time.perf_counter()
            except OSError:
                break
        if last is None:
            silent += 1
        else:
            times.append(last - sent)
    child.quit()
    return {"times": times, "silent": silent}


def bench_keys_pty(db: Path, workdir: Path, presses: int) -> dict[str, Any]:
    board = keys_in_pty(
        [*LAKIP, "--db", str(db)], workdir, presses, ["j", "l", "k", "h", "down", "right"]
    )
    bare = keys_in_pty(BARE, workdir, presses, ["tab", "shift+tab"])
    return {"board": board, "bare": bare}


def bench_indicators_pty(db: Path, workdir: Path, presses: int) -> dict[str, Any]:
    """The indicator screen (``i`` from the board): ``w`` cycles the quarter (Tahunan, TW I..IV:
    the table filled again with the quarter's values to date); ``down``/``up`` move the row."""
    argv = [*LAKIP, "--db", str(db)]
    return {
        "quarter": keys_in_pty(argv, workdir, presses, ["w"], prelude=("i",)),
        "rows": keys_in_pty(argv, workdir, presses, ["down", "down", "up", "up"], prelude=("i",)),
    }


def print_indicators(r: dict[str, Any]) -> None:
    print("indicator screen, key press to fully written frame (80x24 pty; goal < 50 ms):")
    for name, what in (("quarter", "w (quarter selector)"), ("rows", "down/up")):
        x = r[name]
        print(f"  {what:<20}: {_stats(x['times'])}  ({x['silent']} keys without output)")


def bench_keys(db: Path, presses: int) -> dict[str, Any]:
    """Pilot (in-process, headless) timings per key: press to painted frame, CPU, press+pause."""
    os.environ["TEXTUAL_ANIMATIONS"] = "none"
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bare_board import BareBoard

    from tui.app import LakipApp
    from usecases.context import Context

    board_app = LakipApp(Context(db_path=db, account="sekretaris"), poll_seconds=3600)
    board = asyncio.run(_keys(board_app, presses, ["j", "l", "k", "h", "l", "1", "minus", "c"]))
    bare = asyncio.run(_keys(BareBoard(), presses, ["tab", "shift+tab"]))
    return {"board": board, "bare": bare}


def print_keys(r: dict[str, Any], pty_r: dict[str, Any] | None) -> None:
    board, bare = r["board"], r["bare"]
    if pty_r is not None:
        print("key press to fully written frame, in an 80x24 pty (what a user sees; goal < 50 ms):")
        for name in ("board", "bare"):
            x = pty_r[name]
            print(f"  {name:<5}: {_stats(x['times'])}  ({x['silent']} keys without output)")
    print(f"key press to updated frame (Pilot at 80x24, {len(board['frame'])} presses):")
    print(f"  board press -> painted frame : {_stats(board['frame'])}")
    print(f"  board CPU per key            : {_stats(board['cpu'])}")
    print(f"  board press + pilot.pause()  : {_stats(board['pause'])}")
    print(f"  bare  press -> painted frame : {_stats(bare['frame'])}")
    print(f"  bare  press + pilot.pause()  : {_stats(bare['pause'])}")
    print(f"  board data reload in place   : {board['reload'][0] * 1000:.1f} ms")


def bench_idle(db: Path, workdir: Path, seconds: float) -> dict[str, float]:
    log = workdir / "idle.log"
    child = Child([*LAKIP, "--db", str(db)], env_for(log))
    child.wait_for(log)
    child.drain(2.0)
    before, t0 = child.cpu_seconds(), time.monotonic()
    child.drain(seconds)
    used, span = child.cpu_seconds() - before, time.monotonic() - t0
    child.quit()
    return {"cpu_s": used, "span_s": span, "percent": used / span * 100}


def print_idle(r: dict[str, float]) -> None:
    print(
        f"CPU while idle for {r['span_s']:.0f} s: {r['cpu_s']:.2f} s of CPU = {r['percent']:.2f} %"
        " (goal < 1 %)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--idle-seconds", type=float, default=60.0)
    ap.add_argument("--keys", type=int, default=60)
    ap.add_argument(
        "--skip", nargs="*", default=[], choices=["startup", "keys", "indicators", "idle"]
    )
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    workdir = Path(tempfile.mkdtemp(prefix="lakip-bench-"))
    try:
        db = make_demo(workdir)
        if "startup" not in args.skip:
            print_startup(bench_startup(db, workdir, args.runs))
        if "keys" not in args.skip:
            print_keys(bench_keys(db, args.keys), bench_keys_pty(db, workdir, args.keys))
        if "indicators" not in args.skip:
            print_indicators(bench_indicators_pty(db, workdir, args.keys))
        if "idle" not in args.skip:
            print_idle(bench_idle(db, workdir, args.idle_seconds))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
