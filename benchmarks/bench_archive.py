"""Does archiving closed years bring a ten-year store back to the small store's speed?

    python benchmarks/bench_archive.py [--runs 15] [--years 10]

Builds, in one run:

- ``small``: the demo store;
- ``ten``: the ten-year store of ``bench_status.py`` (the demo's year plus nine finished earlier
  years of the demo's size), and ``ten-archived``: a copy with those nine years archived
  (``usecases.admin.archive_year``) -- the comparison the goal is about;
- ``large``: the large ten-year store of ``bench_store.py`` (300 indicators and 100 budget lines
  a year), ``large-archived`` with nine years archived, and ``large-1y``: the same large store
  built with its one open year only (what the archived store's shared file holds).
Times on each, interleaved so noise hits all alike: ``lakip status`` (the installed console
script, median of ``--runs``) and the two transactions of ``bench_store.py`` (``save_indicator``
and ``advance``, median of ``--runs``, also interleaved).

Goal (issue 15): with nine years archived, ``lakip status`` and a transaction within 10 % of the
small store's figures.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def archive_earlier(path: Path) -> list[int]:
    """Archive every year of the store but the newest; return them."""
    from usecases.admin import archive_year
    from usecases.context import Context

    ctx = Context(db_path=path, account="bench")
    with ctx.store.read() as r:
        years = list(r.years())[:-1]
    for year in years:
        archive_year(ctx, year)
    return years


def status_ms(dbs: dict[str, Path], runs: int) -> dict[str, list[float]]:
    lakip = shutil.which("lakip", path=str(Path(sys.executable).parent)) or "lakip"
    cmds = {label: [lakip, "--db", str(db), "status"] for label, db in dbs.items()}
    for cmd in cmds.values():
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)  # warm the caches
    out: dict[str, list[float]] = {label: [] for label in cmds}
    for _ in range(runs):
        for label, cmd in cmds.items():
            t = time.perf_counter()
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
            out[label].append((time.perf_counter() - t) * 1000)
    return out


def main() -> None:
    from bench_status import build_store
    from bench_store import build_demo_store, build_large, store_size, time_transactions

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--years", type=int, default=10)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="lakip-bench-"))
    os.environ["XDG_CACHE_HOME"] = str(work / "cache")
    try:
        names = ("small", "ten", "ten-archived", "large", "large-archived", "large-1y")
        dbs = {name: work / name / "lakip.json" for name in names}
        for db in dbs.values():
            db.parent.mkdir()
        build_demo_store(dbs["small"])
        build_store(dbs["ten"], args.years)
        shutil.copyfile(dbs["ten"], dbs["ten-archived"])
        archived = archive_earlier(dbs["ten-archived"])
        build_large(dbs["large"], args.years)
        shutil.copyfile(dbs["large"], dbs["large-archived"])
        archive_earlier(dbs["large-archived"])
        build_large(dbs["large-1y"], 1)
        for label, db in dbs.items():
            s = store_size(db)
            print(f"{label}: {s['years']} years in the file, {s['docs']} documents, "
                  f"{s['kib']:.0f} KiB")  # fmt: skip
        print(f"archived: {len(archived)} years, one archive file each")
        status = status_ms(dbs, args.runs)
        tx: dict[str, dict[str, list[float]]] = {
            label: {"save_indicator": [], "advance": []} for label in dbs
        }
        copies = {label: db.with_name("tx.json") for label, db in dbs.items()}
        for label, db in dbs.items():
            shutil.copyfile(db, copies[label])
        for _ in range(args.runs):  # interleaved, one timed round of each at a time
            for label, copy in copies.items():
                for name, vals in time_transactions(copy, 1).items():
                    tx[label][name] += vals
        print("| store | lakip status ms | save_indicator ms | advance ms |")
        print("|---|---|---|---|")
        for label in dbs:
            row = [
                statistics.median(status[label]),
                statistics.median(tx[label]["save_indicator"]) * 1000,
                statistics.median(tx[label]["advance"]) * 1000,
            ]
            print(f"| {label} | " + " | ".join(f"{v:.1f}" for v in row) + " |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
