"""Use cases of the performance data: rules, revisions, audit, report revision."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from models.budget import BudgetSum, budget_sum, level_of_code, top_lines
from models.domain import (
    BudgetLevel,
    BudgetLine,
    Indicator,
)
from models.workflow import WorkflowError
from store.errors import Conflict
from store.repo import audit_changes
from tests.conftest import YEAR, as_user, freeze, small_office
from usecases import data
from usecases.context import Context
from usecases.narrative_start import default_narrative
from usecases.reporting import UseCaseError


def _indicator(ctx: Context, code: str) -> Indicator:
    with ctx.store.read() as r:
        return next(i for i in r.indicators(YEAR) if i.code == code)


def test_save_indicator_audits_numbers_and_bumps_report(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    before_rev = data.load(ctx, YEAR).data.report.rev
    item = _indicator(ctx, "IK1.1")
    saved = data.save_indicator(ctx, YEAR, replace(item, realisasi=Decimal("97.5")))
    assert saved.rev == item.rev + 1
    view = data.load(ctx, YEAR)
    assert view.data.report.rev == before_rev + 1
    with ctx.store.read() as r:
        entry = r.audit(YEAR)[-1]
    assert entry.action == "indikator.ubah" and entry.target == "indikator IK1.1"
    assert [(c.field, c.before, c.after) for c in entry.changes] == [("realisasi", "95", "97.5")]


def test_new_indicator_gets_id_and_order(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    new = Indicator(id="", year=YEAR, sasaran_code="S1", code="IK1.3", name="Baru",
                    target=Decimal(10))  # fmt: skip
    saved = data.save_indicator(ctx, YEAR, new)
    assert saved.id and saved.rev == 1 and saved.order == 1  # after its siblings (order 0)


def test_duplicate_code_and_unknown_sasaran_are_refused(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    dup = Indicator(id="", year=YEAR, sasaran_code="S1", code="IK1.1", name="x")
    with pytest.raises(UseCaseError, match="sudah dipakai"):
        data.save_indicator(ctx, YEAR, dup)
    with pytest.raises(UseCaseError, match="Sasaran 'S9' tidak ada"):
        data.save_indicator(ctx, YEAR, replace(dup, code="IK9", sasaran_code="S9"))


def test_stale_revision_is_a_conflict(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    other = as_user(ctx, "staf2")
    opened = _indicator(ctx, "IK1.1")
    data.save_indicator(other, YEAR, replace(opened, realisasi=Decimal(99)))
    with pytest.raises(Conflict, match="sudah diubah orang lain"):
        data.save_indicator(ctx, YEAR, replace(opened, realisasi=Decimal(50)))
    assert _indicator(ctx, "IK1.1").realisasi == Decimal(99)


def test_signed_report_is_read_only_and_roles_are_checked(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    item = _indicator(ctx, "IK1.1")
    with pytest.raises(WorkflowError, match="hanya dapat diubah oleh Staf"):
        data.save_indicator(as_user(ctx, "kadis"), YEAR, replace(item, realisasi=Decimal(1)))
    assert data.edit_refusal(as_user(ctx, "kadis"), YEAR)
    assert data.edit_refusal(ctx, YEAR) is None
    freeze(ctx)
    assert "ditandatangani" in (data.edit_refusal(ctx, YEAR) or "")
    with pytest.raises(WorkflowError, match="ditandatangani"):
        data.save_indicator(ctx, YEAR, replace(item, realisasi=Decimal(1)))
    with pytest.raises(WorkflowError):
        data.save_budget(ctx, YEAR, BudgetLine(id="", year=YEAR, code="9", name="x"))


def test_a_deleted_indicator_and_budget_line_leave_what_they_held_in_the_audit(
    tmp_path: Path,
) -> None:
    ctx = small_office(tmp_path)
    item = _indicator(ctx, "IK1.1")
    data.delete_indicator(ctx, YEAR, item)
    with ctx.store.read() as r:
        entry = r.audit(YEAR)[-1]
        line = r.budget(YEAR)[-1]
    assert (entry.action, entry.target, entry.note) == (
        "indikator.hapus",
        "indikator IK1.1",
        item.name,
    )
    held = {c.field: c.before for c in entry.changes}
    assert held["target"] == str(item.target) and held["realisasi"] == str(item.realisasi)
    assert held["name"] == item.name and all(
        c.after in ("", "0", "[]", "{}") for c in entry.changes
    )
    data.delete_budget(ctx, YEAR, line)
    with ctx.store.read() as r:
        entry = r.audit(YEAR)[-1]
    assert entry.action == "anggaran.hapus"
    held = {c.field: c.before for c in entry.changes}
    assert held["pagu"] == str(line.pagu) and held["code"] == line.code


def test_sasaran_with_indicators_cannot_be_deleted_and_rename_carries_children(
    tmp_path: Path,
) -> None:
    ctx = small_office(tmp_path)
    s1 = data.load(ctx, YEAR).data.sasaran[0]
    with pytest.raises(UseCaseError, match="masih mempunyai 2 indikator"):
        data.delete_sasaran(ctx, YEAR, s1)
    renamed = data.save_sasaran(ctx, YEAR, replace(s1, code="SS1"))
    view = data.load(ctx, YEAR).data
    assert renamed.code == "SS1"
    assert {i.sasaran_code for i in view.indicators} == {"SS1"}
    assert {b.sasaran_code for b in view.budget} == {"SS1"}


def test_analyses_saved_with_revision(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    s1 = data.load(ctx, YEAR).data.sasaran[0]
    saved = data.save_analyses(ctx, YEAR, s1, {"1": "Capaian baik.", "5": "  "})
    assert saved.analyses == {"1": "Capaian baik."}
    with pytest.raises(Conflict):
        data.save_analyses(ctx, YEAR, s1, {"1": "Versi lama"})


def test_budget_totals_count_programmes_only(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    budget = data.load(ctx, YEAR).data.budget
    assert budget_sum(top_lines(budget)) == BudgetSum(Decimal(1000), Decimal(900))
    assert level_of_code("1.01.02.2.01.0001") is BudgetLevel.SUB_KEGIATAN
    line = data.save_budget(
        ctx, YEAR, BudgetLine(id="", year=YEAR, code="1.01.03", name="Program 2", pagu=Decimal(5))
    )
    assert line.rev == 1
    with ctx.store.read() as r:
        entry = r.audit(YEAR)[-1]
    assert entry.action == "anggaran.tambah"
    assert ("pagu", "0", "5") in [(c.field, c.before, c.after) for c in entry.changes]


def test_bidang_conflict_by_value_and_recode(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    sd = next(b for b in data.load(ctx, YEAR).data.bidang if b.code == "SD")
    data.save_bidang(as_user(ctx, "staf2"), YEAR, replace(sd, head_name="Bu Baru"), sd)
    with pytest.raises(Conflict):
        data.save_bidang(ctx, YEAR, replace(sd, head_name="Pak Lain"), sd)
    fresh = next(b for b in data.load(ctx, YEAR).data.bidang if b.code == "SD")
    data.save_bidang(ctx, YEAR, replace(fresh, code="DIKDAS"), fresh)
    view = data.load(ctx, YEAR).data
    assert _indicator(ctx, "IK1.1").bidang == "DIKDAS"
    assert {b.code for b in view.bidang} == {"DIKDAS", "SMP"}
    with pytest.raises(UseCaseError, match="masih dipakai"):
        data.delete_bidang(ctx, YEAR, next(b for b in view.bidang if b.code == "SMP"))


def test_narrative_default_text_and_conflict(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    profile = data.load(ctx, YEAR).data.profile
    text = default_narrative("latar_belakang", profile, YEAR)
    assert "Tahun 2025" in text and "{" not in text
    assert (
        data.load(ctx, YEAR).data.report.narrative == {}
    )  # defaults are never saved by themselves
    data.save_narrative(ctx, YEAR, "latar_belakang", "Teks kantor.", "")
    assert data.load(ctx, YEAR).data.report.narrative["latar_belakang"] == "Teks kantor."
    with pytest.raises(Conflict, match=r"diubah orang lain \(akun admin\)") as refused:
        data.save_narrative(as_user(ctx, "staf2"), YEAR, "latar_belakang", "Lain", "")
    assert refused.value.last is not None and refused.value.last.account == "admin"
    with pytest.raises(UseCaseError, match="karakter kendali"):
        data.save_narrative(ctx, YEAR, "kesimpulan", "a\x1b[31mb", "")


def test_profile_revision(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    p = data.load(ctx, YEAR).data.profile
    saved = data.save_profile(ctx, YEAR, replace(p, city="Paringin Selatan"))
    assert saved.rev == p.rev + 1
    with pytest.raises(Conflict):
        data.save_profile(as_user(ctx, "staf2"), YEAR, replace(p, city="X"))


def test_the_audit_lists_every_field_of_a_record_but_its_identity() -> None:
    """The audited fields come from the record type: a field added to Indicator is audited
    without a second list to keep in step."""
    before = Indicator(id="i1", year=YEAR, sasaran_code="S1", code="IK1", name="A", satuan="%")
    after = replace(
        before,
        id="i2",
        year=YEAR + 1,
        rev=7,
        name="B",
        data_source="Dapodik",
        history={YEAR - 1: Decimal("1.5")},
        national_standard=Decimal("2"),
    )
    changed = {c.field for c in audit_changes(before, after)}
    assert changed == {"name", "data_source", "history", "national_standard"}
    assert {c.field for c in audit_changes(before, after, skip=("name",))} == changed - {"name"}
