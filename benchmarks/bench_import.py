"""Import of a large CSV into the large store: total time and how long the data lock is held.

    python benchmarks/bench_import.py [--rows 3000] [--runs 3]

Builds the large store (``bench_store.build_large``: 10 report years x 300 indicators x 100
budget lines) and a CSV of ``--rows`` indicator rows for the current year: the year's 300
indicators with a new realisasi, the rest new indicators under its sasaran. Each run imports it
into a fresh copy of the store (``usecases.collection.import_file``) and records the wall time
and the longest time the data lock was held (``store.lock.hold`` timed). Goal: lock held under
1 s, so a concurrent ``letter number`` (10 s lock timeout) never waits long.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import bench_store  # noqa: E402


def write_csv(path: Path, year: int, rows: int, existing: int = 300, sasaran: int = 30) -> None:
    lines = ["kode_sasaran;kode_indikator;indikator;satuan;polaritas;target;realisasi"]
    for k in range(rows):
        s = k % sasaran + 1
        code = f"BIK{s}.{k}" if k < existing else f"NIK{s}.{k}"
        lines.append(f"BS{s};{code};Indikator impor ke-{k};%;positif;80;{70 + k % 20},5")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@contextlib.contextmanager
def timed_lock(held: list[float]) -> Iterator[None]:
    """Time every hold of the data lock while inside."""
    from store import lock

    original = lock.hold

    @contextlib.contextmanager
    def hold(*args: Any, **kwargs: Any) -> Iterator[None]:
        with original(*args, **kwargs):
            start = time.perf_counter()
            try:
                yield
            finally:
                held.append(time.perf_counter() - start)

    lock.hold = hold  # type: ignore[assignment]
    try:
        yield
    finally:
        lock.hold = original  # type: ignore[assignment]


def run(work: Path, rows: int, runs: int, verbose: bool = False) -> dict[str, Any]:
    from usecases.collection import import_file
    from usecases.context import Context

    work.mkdir(parents=True, exist_ok=True)
    base = work / "large.json"
    bench_store.build_large(base)
    with Context(db_path=base, account="bench").store.read() as r:
        year = r.current_year()
    assert year is not None
    csv_path = work / "impor.csv"
    write_csv(csv_path, year, rows)
    totals: list[float] = []
    locks: list[float] = []
    for k in range(runs):
        db = work / f"run{k}" / "large.json"
        db.parent.mkdir()
        shutil.copyfile(base, db)
        held: list[float] = []
        ctx = Context(db_path=db, account="bench")
        with timed_lock(held):
            start = time.perf_counter()
            result = import_file(ctx, csv_path, year=year)
            totals.append(time.perf_counter() - start)
        assert result.applied and not result.problems, [p.text() for p in result.problems][:3]
        assert len(result.changes) >= rows, len(result.changes)
        locks.append(max(held))
        if verbose:
            print(f"run {k}: total {totals[-1]:.2f} s, lock held {max(held):.2f} s")
    return {
        "rows": rows,
        "store": bench_store.store_size(base),
        "total": statistics.median(totals),
        "lock": statistics.median(locks),
        "lock_max": max(locks),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="lakip-bench-import-"))
    try:
        out = run(work, args.rows, args.runs, verbose=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    size = out["store"]
    print(
        f"import {out['rows']} rows into {size['years']} years, {size['indicators']} indicators "
        f"({size['kib']:.0f} KiB): total {out['total']:.2f} s, lock held {out['lock']:.2f} s "
        f"(max {out['lock_max']:.2f} s; goal < 1 s)"
    )


if __name__ == "__main__":
    main()
