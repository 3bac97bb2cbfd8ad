"""Export time of the documents: the demo year, and a big year (300 indicators, 100 budget lines).

Run: python benchmarks/bench_export.py  (builds a temp store; prints the median of 3 runs).
Goals: demo LAKIP under 2 s, big LAKIP under 6 s.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import datetime
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from models.domain import BudgetLevel, BudgetLine, Indicator, Sasaran
from models.numbers import OfficeZone
from usecases.admin import add_year
from usecases.context import Context
from usecases.demo import build_demo
from usecases.exporting import export_document

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=OfficeZone.WITA.tz)
BIG = 2030


def big_year(ctx: Context) -> None:
    add_year(ctx, BIG)
    with ctx.store.write(ctx.account, NOW) as w:
        for s in range(1, 31):
            code = f"S{s}"
            w.save_sasaran(
                Sasaran(
                    id=f"s{s}", year=BIG, code=code, name=f"Sasaran strategis nomor {s}", order=s
                )
            )
            for k in range(1, 11):
                target = Decimal(50 + k * 4)
                w.save_indicator(
                    Indicator(
                        id=f"i{s}-{k}",
                        year=BIG,
                        sasaran_code=code,
                        code=f"IK{s}.{k}",
                        name=f"Persentase capaian layanan pendidikan ke-{k} pada sasaran {s}",
                        target=target,
                        realisasi=target * Decimal("0.9") + k,
                        history={BIG - 3: target - 6, BIG - 2: target - 4, BIG - 1: target - 2},
                        renstra_target=target + 10,
                        renstra_period="2026-2031",
                        national_standard=target + 1 if k % 3 == 0 else None,
                        order=k,
                    )
                )
        n = 0
        for p in range(1, 11):
            prog = f"1.01.{p:02d}"
            n += 1
            w.save_budget(
                BudgetLine(
                    id=f"b{n}",
                    year=BIG,
                    level=BudgetLevel.PROGRAM,
                    code=prog,
                    name=f"PROGRAM NOMOR {p}",
                    pagu=Decimal(9_000_000_000),
                    realisasi=Decimal(8_500_000_000),
                    sasaran_code=f"S{p}",
                    order=n,
                )
            )
            for k in range(1, 10):
                n += 1
                w.save_budget(
                    BudgetLine(
                        id=f"b{n}",
                        year=BIG,
                        level=BudgetLevel.SUB_KEGIATAN,
                        code=f"{prog}.2.01.{k:04d}",
                        name=f"Sub kegiatan {k} program {p}",
                        pagu=Decimal(1_000_000_000),
                        realisasi=Decimal(944_444_444),
                        sasaran_code=f"S{(p + k) % 30 + 1}",
                        order=n,
                    )
                )


def timed(ctx: Context, kind: str, year: int | None, runs: int = 3) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        export_document(ctx, kind, year=year, overwrite=True)
        out.append(time.perf_counter() - t)
    return out


def measure(
    db: Path,
    year: int | None,
    runs: int,
    kinds: tuple[str, ...] = ("lakip", "letter"),
    account: str = "bench",
) -> dict[str, list[float]]:
    """Seconds per export of ``kinds`` for ``year`` of the store at ``db`` (made by ``account``)."""
    ctx = Context(db_path=db, account=account)
    return {kind: timed(ctx, kind, year, runs) for kind in kinds}


def main() -> None:
    """Wall time and this process's CPU time (the CPU time does not grow when other processes
    share the machine; the load average is printed beside them)."""
    import os

    with tempfile.TemporaryDirectory() as tmp:
        ctx = Context(db_path=Path(tmp) / "lakip.json", account="admin", clock=lambda: NOW)
        build_demo(ctx)
        big_year(ctx)
        print("load average at start: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
        for label, year in (("demo 2025", 2025), (f"besar {BIG} (300 IK, 100 anggaran)", BIG)):
            for kind in ("lakip", "letter"):
                cpu_start = time.process_time()
                t = statistics.median(timed(ctx, kind, year))
                cpu = (time.process_time() - cpu_start) / 3
                print(f"{label:<36} {kind:<7} median {t:.2f} s (CPU mean {cpu:.2f} s)")
        print("load average at end: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
