"""Real processes on one data file: the CI version of ``benchmarks/stress_long.py``.

4 processes x 60 mixed use-case transactions (step completions and returns, indicator and budget
edits, CSV imports, letter numbers, exports), then exact checks of the final file. The harness
(worker plan, expectations, checks) lives in the benchmark script so both run the same code.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import stress_long as harness
from tests.conftest import FIXED_NOW, fixed_clock
from usecases.context import Context
from usecases.exporting import export_document
from usecases.reporting import advance, send_back


def test_the_harness_clock_is_the_tests_clock() -> None:
    assert harness.NOW == FIXED_NOW


@pytest.mark.slow
def test_four_processes_sixty_mixed_transactions_are_all_there_exactly_once(
    demo_db: Path, tmp_path: Path
) -> None:
    result = harness.run(demo_db, tmp_path / "keluaran", procs=4, n=60, timeout=120)
    assert result["problems"] == [], "\n".join(harness.report_lines(result))
    ops = {op: len(v) for op, v in result["times"].items()}
    assert set(ops) == {"step", "indicator", "budget", "import", "letter", "export"}
    assert sum(ops.values()) == 240


def test_the_checks_notice_a_lost_update_and_a_missing_audit_entry(
    demo_db: Path, tmp_path: Path
) -> None:
    """The verifier must not pass a file that lacks one change."""
    before = harness.snapshot(demo_db)
    result = harness.run(demo_db, tmp_path / "out", procs=1, n=12, timeout=60)
    assert result["problems"] == []
    good = demo_db.read_bytes()

    raw = json.loads(good)  # an update lost behind the store's back
    line = next(d for d in raw["budget"].values() if d["code"] == harness.budget_code(0))
    line["pagu"] = str(int(line["pagu"]) - 1000)
    demo_db.write_text(json.dumps(raw))
    problems = harness.verify(demo_db, tmp_path / "out", 1, 12, before)
    assert any(harness.budget_code(0) in p for p in problems)

    raw = json.loads(good)  # an audit entry gone
    del raw["audit"][max(raw["audit"], key=int)]
    raw["_meta"]["1"]["audit_seq"] -= 1
    demo_db.write_text(json.dumps(raw))
    assert any("audit" in p for p in harness.verify(demo_db, tmp_path / "out", 1, 12, before))


# -- defects the harness found ----------------------------------------------------------------


def test_default_disposition_after_step_9_sent_the_report_back(
    demo_db: Path, tmp_path: Path
) -> None:
    """Found by the stress run: once step 9 had returned the report (outcome dikembalikan, not
    selesai), ``lakip export disposition`` without --step chose step 9 and then refused
    ("Langkah 9 ... belum dilaksanakan"). The default is the newest step that was *done*."""

    def at(account: str) -> Context:
        return Context(db_path=demo_db, account=account, clock=fixed_clock())

    advance(at("sekretaris"), note="koreksi selesai")  # 7 -> 8
    advance(at("sekretaris"), note="disampaikan")  # 8 -> 9
    send_back(at("kadis"), to=6, note="perbaiki tabel")  # 9 -> 6, step 9 never signed
    result = export_document(at("staf1"), "disposition", output=tmp_path / "d.docx")
    assert result.path.exists()
    assert result.record is not None


def test_harness_plan_is_deterministic_and_mixed() -> None:
    assert harness.plan(0, 8)[::2] == ["step"] * 4
    kinds = set(harness.plan(1, 8))
    assert kinds == {"indicator", "budget", "letter", "import", "export"}
    exp = harness.expected(4, 60)
    assert exp["steps"] == 30 and exp["final_step"] == harness.STEP_AFTER[29 % 4]
