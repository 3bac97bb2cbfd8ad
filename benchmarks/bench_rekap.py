"""The regency's roll-up of 60 office packages (one corrupt, one duplicate): read and checked, then
shown as text, written as XLSX and as DOCX; and the whole ``lakip rekap FOLDER`` command.

Run: python benchmarks/bench_rekap.py  (builds the packages in a temp folder through the real use
cases, ``tests/paket_offices.py``; prints the median and the worst of 5 runs).
Goal: the 60 packages rolled up in under 2 s.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models.rekap import rekap_text  # noqa: E402
from tests.paket_offices import AS_OF, DUE, make_packages  # noqa: E402
from usecases.rekap import load_rekap, write_rekap  # noqa: E402

RUNS = 5
GOAL_SECONDS = 2.0


def timed(work: Callable[[], object], runs: int = RUNS) -> tuple[float, float]:
    took = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        took.append(time.perf_counter() - start)
    return statistics.median(took), max(took)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="lakip-rekap-") as tmp:
        base = Path(tmp)
        start = time.perf_counter()
        made = make_packages(base / "paket", base / "kantor", count=60)
        print(f"{len(made)} packages generated in {time.perf_counter() - start:.1f} s")
        out = base / "out"
        out.mkdir()
        n = iter(range(1000))

        def text() -> None:
            rekap = load_rekap(base / "paket", due=DUE, as_of=AS_OF)
            assert len(rekap.packages) == 60 and len(rekap.rejected) == 2
            rekap_text(rekap)

        def xlsx() -> None:
            rekap = load_rekap(base / "paket", due=DUE, as_of=AS_OF)
            write_rekap(rekap, out / f"r{next(n)}.xlsx")

        def docx() -> None:
            rekap = load_rekap(base / "paket", due=DUE, as_of=AS_OF)
            write_rekap(rekap, out / f"r{next(n)}.docx")

        lakip = Path(sys.executable).with_name("lakip")
        command = [str(lakip), "rekap", str(base / "paket"), "--jatuh-tempo", "31-03-2026"]

        def cli() -> None:
            subprocess.run(command, capture_output=True, check=False)

        rows = [
            ("read + check + text (in-process)", timed(text)),
            ("read + check + XLSX (in-process)", timed(xlsx)),
            ("read + check + DOCX (in-process)", timed(docx)),
            ("`lakip rekap FOLDER` (whole command)", timed(cli)),
        ]
    print("| 60 packages | median | worst | goal | met |")
    print("|---|---|---|---|---|")
    for label, (median, worst) in rows:
        met = "yes" if worst < GOAL_SECONDS else "NO"
        print(f"| {label} | {median * 1000:.0f} ms | {worst * 1000:.0f} ms | < 2 s | {met} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
