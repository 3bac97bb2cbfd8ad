"""A new report year starts from the previous one: nothing is typed twice."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from models import workflow as wf
from models.report import CARRIED_OVER
from usecases.admin import add_year
from usecases.context import Context
from usecases.reporting import guard_facts


def test_new_year_carries_sasaran_indicators_budget_and_office_chapters(
    as_account: Callable[..., Context],
) -> None:
    admin = as_account("admin")
    with admin.store.read() as r:
        old = r.year_data(2025)
    summary = add_year(admin, 2026)
    assert "disalin dari 2025" in summary
    with admin.store.read() as r:
        new = r.year_data(2026)
        audit = r.audit(2026)
        facts = guard_facts(r, new.report)
    assert [s.code for s in new.sasaran] == [s.code for s in old.sasaran]
    assert all(s.analyses == {} for s in new.sasaran)
    assert len(new.indicators) == len(old.indicators)
    assert {i.id for i in new.indicators}.isdisjoint({i.id for i in old.indicators})
    by_code = {i.code: i for i in old.indicators}
    for ind in new.indicators:
        before = by_code[ind.code]
        assert (ind.name, ind.satuan, ind.polarity, ind.bidang) == (
            before.name, before.satuan, before.polarity, before.bidang,
        )  # fmt: skip
        assert ind.target is None and ind.realisasi is None
        assert ind.history == {**before.history, 2025: before.realisasi}
        assert ind.renstra_target == before.renstra_target
        # the definition (Manual IK) carries over; the quarters start empty
        assert (ind.definisi, ind.aggregation) == (before.definisi, before.aggregation)
        assert before.target_tw and not (ind.target_tw or ind.realisasi_tw or ind.pembilang_tw)
    assert [b.code for b in new.budget] == [b.code for b in old.budget]
    assert all(b.pagu == Decimal(0) and b.realisasi == Decimal(0) for b in new.budget)
    assert not any(b.rencana_tw or b.realisasi_tw for b in new.budget)
    assert all(s.quarter_notes == () for s in new.sasaran)
    assert set(new.report.narrative) <= set(CARRIED_OVER)
    assert new.report.narrative["latar_belakang"] == old.report.narrative["latar_belakang"]
    assert "kata_pengantar" not in new.report.narrative
    assert audit[-1].action == "laporan.dibuat" and "disalin dari 2025" in audit[-1].note
    # the carried-over year still has to get its numbers before step 6 can finish
    assert len(facts.missing_target) == len(new.indicators)
    assert wf.current_step(new.report) == 1
    with admin.store.read() as r:  # the source year is untouched
        assert r.year_data(2025).indicators == old.indicators


def test_new_year_can_start_empty(as_account: Callable[..., Context]) -> None:
    admin = as_account("admin")
    assert add_year(admin, 2026, copy=False) == "laporan kosong"
    with admin.store.read() as r:
        data = r.year_data(2026)
    assert data.sasaran == () and data.indicators == () and data.budget == ()
