"""How fast does ``lakip status`` answer on a store holding many report years?

Builds a temporary store: the demo year plus ``--years - 1`` earlier years, each with the demo's
indicators and budget lines and a finished workflow. Then times, in the same run and interleaved,
``python -c pass`` (interpreter floor), a plain ``json.load`` of the same file (read floor) and
``lakip status`` (the installed console script beside this Python), and prints medians.

    python benchmarks/bench_status.py [--years 10] [--runs 15]

Goal (issue: foundation): median under 150 ms with 10 years.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path


def build_store(path: Path, years: int) -> None:
    from bench_store import finished_report

    from models import workflow as wf
    from models.sop import default_sop
    from usecases.context import Context
    from usecases.demo import build_demo
    from usecases.demo_data import demo_records

    ctx = Context(db_path=path, account="bench")
    build_demo(ctx)
    now = ctx.now()
    sop = default_sop()
    current = now.year - 1
    with ctx.store.write("bench", now) as w:
        admin = wf.Actor("bench", w.user("bench"))
        for year in range(current - years + 1, current):
            rec = demo_records(year, "bench")
            for s in rec.sasaran:
                w.save_sasaran(s)
            for i in rec.indicators:
                w.save_indicator(i)
            for b in rec.budget:
                w.save_budget(b)
            report = finished_report(year, admin, sop, now)
            w.add_report(replace(report, narrative=dict(rec.narrative)))


def median_ms(cmd: list[str], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        out.append((time.perf_counter() - t) * 1000)
    return out


def commands(db: Path) -> dict[str, list[str]]:
    lakip = shutil.which("lakip", path=str(Path(sys.executable).parent)) or "lakip"
    return {
        "python -c pass": [sys.executable, "-c", "pass"],
        "json.load": [sys.executable, "-c", f"import json; json.load(open({str(db)!r}))"],
        "lakip status": [lakip, "--db", str(db), "status"],
    }


def measure(db: Path, runs: int) -> dict[str, list[float]]:
    """Milliseconds of each command, ``runs`` times, interleaved so noise hits all alike."""
    cmds = commands(db)
    subprocess.run(cmds["lakip status"], check=True, stdout=subprocess.DEVNULL)  # warm cache
    samples: dict[str, list[float]] = {k: [] for k in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():
            samples[name] += median_ms(cmd, 1)
    return samples


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="lakip-bench-"))
    os.environ["XDG_CACHE_HOME"] = str(folder / "cache")
    try:
        db = folder / "lakip.json"
        build_store(db, args.years)
        samples = measure(db, args.runs)
        size = db.stat().st_size
        with db.open() as f:
            docs = sum(len(t) for t in json.load(f).values())
        print(f"store: {args.years} report years, {docs} documents, {size / 1024:.0f} KiB")
        print("| command | median ms | min ms |")
        print("|---|---|---|")
        for name, vals in samples.items():
            print(f"| {name} | {statistics.median(vals):.0f} | {min(vals):.0f} |")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
