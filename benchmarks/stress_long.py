"""Stress harness: N real processes x M mixed use-case transactions on one data file.

Every worker runs a plan that is a pure function of its number, so the final state of the file
is computable exactly and checked field by field afterwards:

- each worker edits its own indicator (realisasi = a counter) and its own budget line (pagu =
  a counter): the final values, the revisions and the before/after chain of the audit entries
  prove that no update was lost;
- it imports a CSV it wrote (one new indicator per import, code naming worker and step);
- it numbers letters (``lakip letter number --new`` as the Kasubbag): unique, gapless 1..L;
- it exports a lembar disposisi to its own folder: each file exists and its SHA-256 matches
  the recorded export;
- worker 0 also walks the report (as the account of each step's role) 7 -> 8 -> 9 -> back to 6
  -> 7 ..., never signing, so the others may keep editing the data (signing freezes it).

Afterwards: every audit entry present once with sequence 1..N and ``audit_seq`` == N, the
report's revision == its start + every change that bumps it, the JSON valid, the file mode kept.

    python benchmarks/stress_long.py [--procs 8] [--tx 250] [--keep]

The short version of the same harness runs in CI from ``tests/test_stress.py``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from models.numbers import OfficeZone  # noqa: E402

NOW = datetime(2026, 11, 27, 10, 0, tzinfo=OfficeZone.WITA.tz)  # a Friday in office hours
BASE = ("indicator", "budget", "indicator", "letter", "import", "budget", "indicator", "export")
# worker 0's walk from step 7 (the demo's state): (kind, account, return target)
WALK = (
    ("advance", "sekretaris", 0),  # 7 -> 8
    ("advance", "sekretaris", 0),  # 8 -> 9
    ("return", "kadis", 6),  # 9 -> 6
    ("advance", "staf1", 0),  # 6 -> 7
)
START_STEP = 7
STEP_AFTER = (8, 9, 6, 7)
MODE = 0o660


def plan(worker: int, n: int) -> list[str]:
    ops = [BASE[(k + worker) % len(BASE)] for k in range(n)]
    if worker == 0:
        ops = ["step" if k % 2 == 0 else op for k, op in enumerate(ops)]
    return ops


def indicator_code(worker: int) -> str:
    return f"STR{worker}"


def budget_code(worker: int) -> str:
    return f"9.{worker + 10}.99"


def import_code(worker: int, k: int) -> str:
    return f"IMP{worker}-{k}"


def export_name(worker: int, k: int) -> str:
    return f"disposisi-w{worker}-{k}.docx"


# -- the worker (a separate process) ----------------------------------------------------------


def worker_main(db: Path, worker: int, n: int, out: Path) -> dict[str, Any]:
    from dataclasses import replace
    from decimal import Decimal

    from models.domain import BudgetLine, Indicator
    from usecases import collection, data, exporting, reporting
    from usecases.context import Context

    def ctx(account: str) -> Context:
        return Context(db_path=db, account=account, clock=lambda: NOW, lock_timeout=120)

    staf, kasubbag = ctx("staf1"), ctx("kasubbag")
    folder = out / f"w{worker}"
    folder.mkdir(parents=True, exist_ok=True)
    ind: Indicator | None = None
    line: BudgetLine | None = None
    counters: Counter[str] = Counter()
    walked = 0
    times: dict[str, list[float]] = {}
    for k, op in enumerate(plan(worker, n)):
        t0 = time.perf_counter()
        counters[op] += 1
        c = counters[op]
        if op == "indicator":
            if ind is None:
                ind = Indicator(
                    id="",
                    year=0,
                    sasaran_code="S1",
                    code=indicator_code(worker),
                    name=f"Indikator uji pekerja {worker}",
                    target=Decimal(100),
                )
            ind = data.save_indicator(staf, 2025, replace(ind, realisasi=Decimal(c)))
        elif op == "budget":
            if line is None:
                line = BudgetLine(
                    id="", year=0, code=budget_code(worker), name=f"PROGRAM UJI {worker}"
                )
            line = data.save_budget(
                staf, 2025, replace(line, pagu=Decimal(c * 1000), realisasi=Decimal(c))
            )
        elif op == "import":
            csv = folder / f"impor-w{worker}-{k}.csv"
            csv.write_text(
                "kode_sasaran;kode_indikator;indikator;satuan;polaritas;target;realisasi\n"
                f"S1;{import_code(worker, k)};Impor uji {worker} {k};%;positif;100;{k % 97}\n",
                encoding="utf-8",
            )
            res = collection.import_file(staf, csv, year=2025)
            if not res.applied or len(res.changes) != 1:
                raise SystemExit(f"impor {csv} gagal: {[p.text() for p in res.problems]}")
        elif op == "letter":
            exporting.number_letter(kasubbag, year=2025, new=True)
        elif op == "export":
            exporting.export_document(
                staf, "disposition", year=2025, output=folder / export_name(worker, k)
            )
        elif op == "step":
            kind, account, target = WALK[walked % len(WALK)]
            if kind == "advance":
                reporting.advance(ctx(account), year=2025, note=f"uji {worker}-{k}")
            else:
                reporting.send_back(ctx(account), year=2025, to=target, note=f"uji {worker}-{k}")
            walked += 1
        times.setdefault(op, []).append(time.perf_counter() - t0)
    return {"worker": worker, "ops": dict(counters), "times": times}


# -- expectations and checks ------------------------------------------------------------------


def expected(procs: int, n: int) -> dict[str, Any]:
    audit: Counter[tuple[str, str]] = Counter()
    letters = 0
    bumps = 0
    steps = 0
    for w in range(procs):
        ops = plan(w, n)
        c = Counter(ops)
        if c["indicator"]:
            audit["indikator.tambah", f"indikator {indicator_code(w)}"] += 1
            audit["indikator.ubah", f"indikator {indicator_code(w)}"] += c["indicator"] - 1
        if c["budget"]:
            audit["anggaran.tambah", f"anggaran {budget_code(w)}"] += 1
            audit["anggaran.ubah", f"anggaran {budget_code(w)}"] += c["budget"] - 1
        for k, op in enumerate(ops):
            if op == "import":
                audit["impor.indikator", f"indikator {import_code(w, k)}"] += 1
                audit["impor", f"impor-w{w}-{k}.csv"] += 1
            elif op == "export":
                audit["ekspor.disposisi", export_name(w, k)] += 1
        letters += c["letter"]
        steps += c["step"]
        bumps += c["indicator"] + c["budget"] + c["import"] + c["step"]
    for i in range(steps):
        kind, _account, target = WALK[i % len(WALK)]
        frm = (START_STEP, 8, 9, 6)[i % len(WALK)]
        if kind == "advance":
            audit["langkah.selesai", f"langkah {frm}"] += 1
        else:
            audit["langkah.dikembalikan", f"langkah {frm} ke langkah {target}"] += 1
    final_step = STEP_AFTER[(steps - 1) % len(WALK)] if steps else START_STEP
    return {
        "audit": audit,
        "letters": letters,
        "bumps": bumps,
        "steps": steps,
        "final_step": final_step,
    }


def snapshot(db: Path) -> dict[str, Any]:
    """What the checks compare against: counts of the file before the run."""
    from store.repo import Store

    with Store(db).read() as r:
        return {
            "audit": len(r.audit()),
            "rev": r.report(2025).rev,
            "passes": len(r.report(2025).passes),
            "letters": len(r.letters()),
            "exports": len(r.exports()),
        }


def verify(db: Path, out: Path, procs: int, n: int, before: dict[str, Any]) -> list[str]:
    """Every problem found, in words (empty when the file is exactly as expected)."""
    from models import workflow as wf
    from store.repo import Store

    problems: list[str] = []
    exp = expected(procs, n)
    raw = db.read_bytes()
    try:
        json.loads(raw)
    except ValueError as exc:
        return [f"JSON tidak valid: {exc}"]
    mode = stat.S_IMODE(db.stat().st_mode)
    if mode != MODE:
        problems.append(f"mode berkas {mode:04o}, harus {MODE:04o}")
    leftovers = sorted(p.name for p in db.parent.iterdir() if p.name.endswith(".tmp"))
    if leftovers:
        problems.append(f"berkas sementara tertinggal: {leftovers}")
    with Store(db).read() as r:
        entries = r.audit()
        meta_seq = int(r.tx.meta["audit_seq"])
        report = r.report(2025)
        indicators = {i.code: i for i in r.indicators(2025)}
        budget = {b.code: b for b in r.budget(2025)}
        letters = r.letters()
        exports = r.exports()
    new = entries[before["audit"] :]
    seqs = [e.seq for e in entries]
    if seqs != list(range(1, len(entries) + 1)):
        problems.append("urutan audit tidak 1..N tanpa celah")
    if meta_seq != len(entries):
        problems.append(f"audit_seq {meta_seq} != {len(entries)} entri")
    got = Counter((e.action, e.target) for e in new if e.action != "surat.nomor")
    if got != exp["audit"]:
        missing = exp["audit"] - got
        extra = got - exp["audit"]
        problems.append(f"audit berbeda: hilang {dict(missing)}; lebih {dict(extra)}")
    # letters: unique, gapless, each with its audit entry
    new_letters = letters[before["letters"] :]
    if len(new_letters) != exp["letters"]:
        problems.append(f"{len(new_letters)} nomor surat, harus {exp['letters']}")
    seq_by_year: dict[int, list[int]] = {}
    for x in letters:
        seq_by_year.setdefault(x.year, []).append(x.seq)
    for year, got_seqs in seq_by_year.items():
        if sorted(got_seqs) != list(range(1, len(got_seqs) + 1)):
            problems.append(f"nomor urut surat {year} tidak unik/berurutan: {sorted(got_seqs)}")
    numbers = [x.number for x in letters]
    if len(set(numbers)) != len(numbers):
        problems.append("nomor surat ganda")
    letter_audit = sorted(e.target for e in new if e.action == "surat.nomor")
    if letter_audit != sorted(x.number for x in new_letters):
        problems.append("jejak audit nomor surat tidak cocok dengan register")
    # the report: revision and passes
    if report.rev != before["rev"] + exp["bumps"]:
        problems.append(f"revisi laporan {report.rev}, harus {before['rev'] + exp['bumps']}")
    if len(report.passes) != before["passes"] + exp["steps"]:
        problems.append(f"{len(report.passes)} lintasan langkah, harus +{exp['steps']}")
    if wf.current_step(report) != exp["final_step"]:
        problems.append(f"langkah {wf.current_step(report)}, harus {exp['final_step']}")
    if report.frozen:
        problems.append("laporan terkunci padahal tidak pernah ditandatangani")
    # per worker: own records, imports, exports
    by_target: dict[str, list[Any]] = {}
    for e in new:
        by_target.setdefault(e.target, []).append(e)
    for w in range(procs):
        ops = plan(w, n)
        c = Counter(ops)
        code = indicator_code(w)
        if c["indicator"]:
            ind = indicators.get(code)
            if ind is None or ind.realisasi != c["indicator"] or ind.rev != c["indicator"]:
                problems.append(f"indikator {code}: {ind and (ind.realisasi, ind.rev)}")
            chain = [
                (ch.before, ch.after)
                for e in by_target.get(f"indikator {code}", [])
                for ch in e.changes
                if ch.field == "realisasi"
            ]
            if chain != [
                ("" if i == 1 else str(i - 1), str(i)) for i in range(1, c["indicator"] + 1)
            ]:
                problems.append(f"rantai perubahan realisasi {code} tidak lengkap: {chain[:5]}...")
        bcode = budget_code(w)
        if c["budget"]:
            line = budget.get(bcode)
            if line is None or line.pagu != c["budget"] * 1000 or line.rev != c["budget"]:
                problems.append(f"anggaran {bcode}: {line and (line.pagu, line.rev)}")
        for k, op in enumerate(ops):
            if op == "import":
                got_ind = indicators.get(import_code(w, k))
                if got_ind is None or got_ind.realisasi != k % 97 or got_ind.rev != 1:
                    problems.append(f"impor {import_code(w, k)} tidak tepat sekali")
            elif op == "export":
                path = (out / f"w{w}" / export_name(w, k)).resolve()
                recs = [x for x in exports if x.path == str(path)]
                if len(recs) != 1:
                    problems.append(f"ekspor {path.name}: {len(recs)} catatan")
                elif hashlib.sha256(path.read_bytes()).hexdigest() != recs[0].sha256:
                    problems.append(f"ekspor {path.name}: SHA-256 tidak cocok")
    if len(exports) != before["exports"] + exp["audit"].total() - sum(
        v for (a, _t), v in exp["audit"].items() if a != "ekspor.disposisi"
    ):
        problems.append(f"{len(exports)} catatan ekspor tidak sesuai")
    return problems


# -- running ----------------------------------------------------------------------------------


def make_store(db: Path) -> None:
    from usecases.context import Context
    from usecases.demo import build_demo

    db.parent.mkdir(parents=True, exist_ok=True)
    build_demo(Context(db_path=db, account="admin", clock=lambda: NOW))
    os.chmod(db, MODE)


def run(db: Path, out: Path, procs: int, n: int, timeout: float = 600) -> dict[str, Any]:
    """Run ``procs`` workers of ``n`` transactions on ``db`` (which must hold the demo year at
    step 7) and check the result. Returns timings, outcome and the list of problems."""
    os.chmod(db, MODE)
    before = snapshot(db)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    t0 = time.perf_counter()
    children = [
        subprocess.Popen(
            [sys.executable, __file__, "--worker", str(db), str(w), str(n), str(out)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )
        for w in range(procs)
    ]
    results: list[dict[str, Any]] = []
    problems: list[str] = []
    for w, child in enumerate(children):
        stdout, stderr = child.communicate(timeout=timeout)
        if child.returncode != 0:
            problems.append(f"pekerja {w} keluar {child.returncode}: {stderr[-2000:]}")
        else:
            results.append(json.loads(stdout.strip().splitlines()[-1]))
    wall = time.perf_counter() - t0
    if not problems:
        problems = verify(db, out, procs, n, before)
    times: dict[str, list[float]] = {}
    for res in results:
        for op, values in res["times"].items():
            times.setdefault(op, []).extend(values)
    return {
        "procs": procs,
        "tx": n,
        "wall": wall,
        "times": times,
        "problems": problems,
        "size": db.stat().st_size,
        "audit": snapshot(db)["audit"] - before["audit"],
    }


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def report_lines(result: dict[str, Any]) -> list[str]:
    total = sum(len(v) for v in result["times"].values())
    lines = [
        f"{result['procs']} proses x {result['tx']} transaksi = {total} transaksi dalam "
        f"{result['wall']:.1f} s ({total / result['wall']:.1f} transaksi/s)",
        f"berkas data akhir {result['size'] / 1024:.0f} KiB; {result['audit']} entri audit baru",
        "jenis       jumlah  median ms   p95 ms   maks ms",
    ]
    for op, values in sorted(result["times"].items()):
        lines.append(
            f"{op:<10} {len(values):>7} {_pct(values, 0.5) * 1000:>10.1f} "
            f"{_pct(values, 0.95) * 1000:>8.1f} {max(values) * 1000:>9.1f}"
        )
    if result["problems"]:
        lines.append(f"GAGAL: {len(result['problems'])} masalah")
        lines.extend(f"  - {p}" for p in result["problems"])
    else:
        lines.append(
            "LULUS: setiap perubahan ada tepat sekali, setiap entri audit ada (urut 1..N), "
            "nomor surat unik tanpa celah, revisi konsisten, JSON valid, mode 0660 tetap."
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--procs", type=int, default=8)
    p.add_argument("--tx", type=int, default=250)
    p.add_argument("--keep", action="store_true", help="keep the temp folder")
    p.add_argument("--worker", nargs=4, metavar=("DB", "W", "N", "OUT"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        db, w, n, out = args.worker
        res = worker_main(Path(db), int(w), int(n), Path(out))
        print(json.dumps(res))
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="lakip-stress-"))
    try:
        db = tmp / "data" / "lakip.json"
        make_store(db)
        result = run(db, tmp / "keluaran", args.procs, args.tx, timeout=3600)
        print("\n".join(report_lines(result)))
        if args.keep:
            print(f"folder: {tmp}")
        return 1 if result["problems"] else 0
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
