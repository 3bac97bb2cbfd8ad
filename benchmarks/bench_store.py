"""One store transaction, timed through the use cases: at the demo size and on a large store.

    python benchmarks/bench_store.py [--runs 15] [--years 10] [--indicators 300] [--budget 100]

Builds two temporary stores: the demo, and a large one (the demo plus, in each of ``--years``
report years, ``--indicators`` indicators under 30 sasaran and ``--budget`` budget lines; the
earlier years carry a finished workflow). Times, median of ``--runs``:

- ``usecases.data.save_indicator``: change the realisasi of one indicator of the current year
  (lock, fresh read, checks, save, audit entry, revision bump, atomic write with fsync);
- ``usecases.reporting.advance``: complete step 7 (as the admin acting for the holder); each
  advance is followed by an untimed ``send_back`` to step 7, so every run does the same work.

Goals: under 20 ms at the demo size, under 60 ms on the large store. ``build_large`` is also used
by ``bench_status.py``, ``bench_export.py`` and ``run_all.py``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def build_demo_store(path: Path, account: str = "bench") -> None:
    from usecases.context import Context
    from usecases.demo import build_demo

    build_demo(Context(db_path=path, account=account))


def _big_records(year: int, indicators: int, budget: int) -> tuple[list[Any], list[Any], list[Any]]:
    from models.domain import BudgetLevel, BudgetLine, Indicator, Sasaran

    n_sasaran = 30
    sasaran = [
        Sasaran(
            id=f"bs{year}-{s}",
            year=year,
            code=f"BS{s}",
            name=f"Sasaran strategis nomor {s}",
            order=100 + s,
            rev=1,
        )
        for s in range(1, n_sasaran + 1)
    ]
    inds = []
    for k in range(indicators):
        s = k % n_sasaran + 1
        target = Decimal(50 + k % 40)
        inds.append(
            Indicator(
                id=f"bi{year}-{k}",
                year=year,
                sasaran_code=f"BS{s}",
                code=f"BIK{s}.{k}",
                name=f"Persentase capaian layanan pendidikan ke-{k} pada sasaran {s}",
                target=target,
                realisasi=target * Decimal("0.9") + k % 7,
                history={year - 3: target - 6, year - 2: target - 4, year - 1: target - 2},
                renstra_target=target + 10,
                renstra_period="2021-2026",
                national_standard=target + 1 if k % 3 == 0 else None,
                order=k,
                rev=1,
            )
        )
    lines = []
    for k in range(budget):
        program = k % 10 == 0
        lines.append(
            BudgetLine(
                id=f"bb{year}-{k}",
                year=year,
                level=BudgetLevel.PROGRAM if program else BudgetLevel.SUB_KEGIATAN,
                code=f"9.01.{k // 10 + 1:02d}" + ("" if program else f".2.01.{k % 10:04d}"),
                name=(f"PROGRAM NOMOR {k // 10 + 1}" if program else f"Sub kegiatan {k}"),
                pagu=Decimal(9_000_000_000 if program else 1_000_000_000),
                realisasi=Decimal(8_500_000_000 if program else 944_444_444),
                sasaran_code=f"BS{k % n_sasaran + 1}",
                order=1000 + k,
                rev=1,
            )
        )
    return sasaran, inds, lines


def build_large(path: Path, years: int = 10, indicators: int = 300, budget: int = 100) -> None:
    """The demo store plus ``years`` report years (the demo's year and earlier ones), each with
    ``indicators`` indicators and ``budget`` budget lines; earlier years finished."""
    from tinydb.table import Document

    from models import workflow as wf
    from models.serial import to_data
    from models.sop import default_sop
    from usecases.context import Context
    from usecases.demo import build_demo

    ctx = Context(db_path=path, account="bench")
    build_demo(ctx)
    now = ctx.now()
    sop = default_sop()
    current = now.year - 1
    with ctx.store.write("bench", now) as w:
        admin = wf.Actor("bench", w.user("bench"))
        for year in range(current - years + 1, current + 1):
            sasaran, inds, lines = _big_records(year, indicators, budget)
            # Bulk insert (one pass per table): saving 4,000 records one by one is quadratic.
            for table, records in (("sasaran", sasaran), ("indicators", inds), ("budget", lines)):
                w._table(table).insert_multiple(
                    Document(to_data(r), doc_id=w._next_id()) for r in records
                )
            if year == current:
                continue
            w.add_report(finished_report(year, admin, sop, now))


def finished_report(year: int, admin: Any, sop: Any, now: datetime) -> Any:
    """A report of ``year`` walked through all steps by ``admin`` early in the next year (a
    benchmark fixture: its signature names no real file)."""
    from models import workflow as wf
    from models.domain import Signature

    t = now.replace(year=year + 1, month=1, day=5)
    report = wf.start(year, sop, admin, t)
    sig = Signature(
        export_id="x", sha256="0" * 64, path="-", data_rev=1, signed_at=t, signed_by="bench",
        data_seq=0,  # the data revision of the facts below
    )  # fmt: skip
    facts = wf.GuardFacts(
        lakip_export=sig,
        letter_number=f"050/{year}",
        data={"tanggal_kirim": "1", "lokasi_arsip": "1", "unggah_esakip": "1"},
    )
    while wf.current_step(report) is not None:
        t += timedelta(hours=2)
        report = wf.complete(report, sop, admin, t, facts=facts, override_reason="uji")
    return report


def store_size(path: Path) -> dict[str, Any]:
    import json

    with path.open(encoding="utf-8") as f:
        data = json.load(f)
    return {
        "docs": sum(len(t) for t in data.values()),
        "kib": path.stat().st_size / 1024,
        "years": len(data.get("reports", {})),
        "indicators": len(data.get("indicators", {})),
        "budget": len(data.get("budget", {})),
    }


def time_transactions(path: Path, runs: int) -> dict[str, list[float]]:
    """Seconds per ``save_indicator`` and per ``advance``, ``runs`` of each."""
    from usecases.context import Context
    from usecases.data import load, save_indicator
    from usecases.reporting import advance, send_back

    now = datetime.now().astimezone()
    clock = [now]

    def tick() -> datetime:
        clock[0] += timedelta(minutes=7)
        return clock[0]

    ctx = Context(db_path=path, account="bench", clock=tick)
    view = load(ctx)
    year = view.year
    items = list(view.data.indicators)
    item = items[len(items) // 2]
    out: dict[str, list[float]] = {"save_indicator": [], "advance": []}
    for k in range(runs + 1):  # the first round warms caches and is discarded
        item = replace(item, realisasi=Decimal(60 + k % 20) + Decimal("0.5"))
        t = time.perf_counter()
        item = save_indicator(ctx, year, item)
        spent = time.perf_counter() - t
        if k:
            out["save_indicator"].append(spent)
    for k in range(runs + 1):
        t = time.perf_counter()
        advance(ctx, note="bench", override_reason="bench")
        spent = time.perf_counter() - t
        send_back(ctx, to=7, note="bench kembali", override_reason="bench")
        if k:
            out["advance"].append(spent)
    return out


def run(workdir: Path, runs: int, years: int, indicators: int, budget: int) -> dict[str, Any]:
    """Build both stores in ``workdir`` (reused if present) and time the transactions."""
    demo, large = workdir / "demo.json", workdir / "large.json"
    if not demo.exists():
        build_demo_store(demo)
    if not large.exists():
        build_large(large, years, indicators, budget)
    result: dict[str, Any] = {}
    for label, path in (("demo", demo), ("large", large)):
        # a copy, so that the transactions do not change the store other benchmarks read
        copy = workdir / f"tx-{label}.json"
        shutil.copyfile(path, copy)
        result[label] = {"size": store_size(copy), "times": time_transactions(copy, runs)}
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--indicators", type=int, default=300)
    ap.add_argument("--budget", type=int, default=100)
    args = ap.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="lakip-bench-"))
    os.environ["XDG_CACHE_HOME"] = str(workdir / "cache")
    try:
        result = run(workdir, args.runs, args.years, args.indicators, args.budget)
        for label, r in result.items():
            s = r["size"]
            print(f"{label}: {s['years']} years, {s['docs']} documents, {s['kib']:.0f} KiB")
            for name, vals in r["times"].items():
                ms = [v * 1000 for v in vals]
                print(f"  {name:<15} median {statistics.median(ms):6.1f} ms  max {max(ms):6.1f} ms")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
