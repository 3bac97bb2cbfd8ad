"""Bytes on the wire: what the board sends to the terminal, against a bare Textual app.

    python benchmarks/bench_wire.py [--keys 24] [--plain] [--json]

Over SSH on a slow link every byte the terminal receives costs time (64 kbit/s: 8 KB a second).
Both apps run in the same run, each in a pseudo-terminal of 80x24: ``lakip`` on a demo store
and ``benchmarks/bare_board.py`` (header, four columns of bordered cards, footer).

1. Start-up: every byte written from spawn until the first frame has been logged
   (LAKIP_STARTUP_LOG) and the output has been quiet for 0.5 s.
2. Per navigation key: write a key's bytes, count what comes back until 0.25 s of quiet.
   The board gets ``j l k h down right up left tab``; the bare app ``tab shift+tab``, the keys that
   move its focus. Goals (board, 80x24): <= 1.5 KB per navigation key, start-up <= 30 KB.
"""

from __future__ import annotations

import argparse
import json
import os
import select
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_board import BARE, LAKIP, PTY_KEYS, Child, env_for, make_demo

KEY_BYTES = {**PTY_KEYS, "up": b"\x1b[A", "left": b"\x1b[D"}
BOARD_KEYS = ["j", "l", "k", "h", "down", "right", "up", "left", "tab"]
BARE_KEYS = ["tab", "shift+tab"]
GOAL_KEY_BYTES = 1536
GOAL_STARTUP_BYTES = 30 * 1024


def _read_until_quiet(child: Child, quiet: float, first_wait: float) -> int:
    """Bytes read until ``quiet`` seconds pass without output (``first_wait`` for the first)."""
    total = 0
    while True:
        ready, _, _ = select.select([child.fd], [], [], quiet if total else first_wait)
        if not ready:
            return total
        try:
            total += len(os.read(child.fd, 65536))
        except OSError:
            return total


def wire(argv: list[str], workdir: Path, keys: list[str], presses: int, plain: bool) -> dict:
    """Start-up bytes and the bytes of each key press of one app in an 80x24 pty."""
    log = workdir / f"wire-{time.monotonic_ns()}.log"
    env = env_for(log)
    if plain:
        env["NO_COLOR"] = "1"
    child = Child(argv, env)
    startup = 0
    end = time.monotonic() + 30
    while not (log.exists() and log.read_text().strip()):
        if time.monotonic() > end:
            raise RuntimeError("no first frame within 30 s")
        ready, _, _ = select.select([child.fd], [], [], 0.01)
        if ready:
            startup += len(os.read(child.fd, 65536))
    startup += _read_until_quiet(child, 0.5, 0.5)
    per_key: dict[str, list[int]] = {}
    for k in range(presses):
        key = keys[k % len(keys)]
        os.write(child.fd, KEY_BYTES[key])
        per_key.setdefault(key, []).append(_read_until_quiet(child, 0.25, 1.0))
    child.quit()
    every = [n for values in per_key.values() for n in values]
    return {
        "startup": startup,
        "per_key": per_key,
        "median": statistics.median(every),
        "max": max(every),
    }


def run(presses: int, plain: bool, bare: bool = True) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="lakip-wire-"))
    try:
        db = make_demo(workdir)
        board_argv = [*LAKIP, "--db", str(db), *(["--plain"] if plain else [])]
        r = {"board": wire(board_argv, workdir, BOARD_KEYS, presses, plain)}
        if bare:
            r["bare"] = wire(BARE, workdir, BARE_KEYS, presses, plain)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return r


def report(r: dict[str, Any]) -> str:
    out = ["bytes on the wire, 80x24 pty (median per key; max in brackets):"]
    for name in r:
        x = r[name]
        keys = "  ".join(f"{k} {statistics.median(v):.0f}" for k, v in x["per_key"].items())
        out.append(
            f"  {name:<5}: start-up {x['startup'] / 1024:5.1f} KB   per key {x['median']:6.0f} B"
            f" [{x['max']}]   ({keys})"
        )
    b = r["board"]
    ok_key = b["max"] <= GOAL_KEY_BYTES
    ok_start = b["startup"] <= GOAL_STARTUP_BYTES
    out.append(
        f"  goal: per navigation key <= {GOAL_KEY_BYTES} B: {'yes' if ok_key else 'NO'};"
        f" start-up <= {GOAL_STARTUP_BYTES // 1024} KB: {'yes' if ok_start else 'NO'}"
    )
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keys", type=int, default=24)
    ap.add_argument("--plain", action="store_true", help="lakip --plain, both with NO_COLOR")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--board-only", action="store_true", help="without the bare app")
    args = ap.parse_args()
    r = run(args.keys, args.plain, bare=not args.board_only)
    print(json.dumps(r) if args.json else report(r))


if __name__ == "__main__":
    main()
