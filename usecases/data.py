"""Use cases of the performance data: indicators, sasaran and their seven analyses, budget lines,
bidang, the instansi profile and the narrative chapters.

Each save runs in one store transaction: the edit rule (``models.workflow.check_editable``: data
roles only, nothing after signing), the record's revision (a stale one raises
``store.errors.Conflict``, never a silent overwrite), an audit entry with the before/after of the
changed fields, and a bump of the report's revision so exports know the data changed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from models import workflow as wf
from models.domain import (
    Bidang,
    BudgetLine,
    Change,
    Indicator,
    Profile,
    Report,
    Sasaran,
    YearData,
)
from models.report import ANALYSIS_KEYS, CHAPTER_KEYS, chapter_title
from store.errors import Conflict, NotFound
from store.repo import BUDGET, INDICATORS, SASARAN, Reader, Writer, audit_changes, new_id
from usecases.context import Context
from usecases.remote import usecase
from usecases.reporting import UseCaseError, actor_of, require_admin, year_or_current

__all__ = [
    "DataView",
    "delete_bidang",
    "delete_budget",
    "delete_indicator",
    "delete_sasaran",
    "edit_refusal",
    "load",
    "save_analyses",
    "save_bidang",
    "save_budget",
    "save_indicator",
    "save_narrative",
    "save_profile",
    "save_sasaran",
]


@dataclass(frozen=True, slots=True)
class DataView:
    """What a data screen shows: the year's data and, when the user may not edit it, why."""

    year: int
    data: YearData
    refusal: str | None
    read_only_file: bool


def _refusal(reader: Reader, report: Report, account: str) -> str | None:
    """Why the account may not change the year's data: its own reason first (an unregistered
    account reads the service's read-only view: the file is not the reason), then the file's."""
    try:
        wf.check_editable(report, actor_of(reader, account))
    except wf.WorkflowError as exc:
        return str(exc)
    if reader.read_only:
        return "Berkas data hanya dapat dibaca (versi lebih baru atau tanpa izin tulis)."
    return None


@usecase
def load(ctx: Context, year: int | None = None) -> DataView:
    with ctx.store.read() as r:
        chosen = year_or_current(r, year)
        data = r.year_data(chosen)
        return DataView(chosen, data, _refusal(r, data.report, ctx.account), r.read_only)


@usecase
def edit_refusal(ctx: Context, year: int | None = None) -> str | None:
    """None when the account may change the year's data now, else why not (Indonesian)."""
    return load(ctx, year).refusal


def editable_report(w: Writer, year: int | None) -> Report:
    """The report of ``year`` (None: the current one) if the writer's account may change its
    data now; else the workflow's refusal."""
    report = w.report(year_or_current(w, year))
    wf.check_editable(report, actor_of(w, w.account))
    return report


# -- sasaran ----------------------------------------------------------------------------------


def _check_sasaran(w: Writer, item: Sasaran) -> None:
    if not item.code.strip() or not item.name.strip():
        raise UseCaseError("Kode dan nama sasaran wajib diisi.")
    for other in w.sasaran(item.year):
        if other.code == item.code and other.id != item.id:
            raise UseCaseError(f"Kode sasaran '{item.code}' sudah dipakai: {other.name}.")


@usecase
def save_sasaran(ctx: Context, year: int, item: Sasaran) -> Sasaran:
    """Add (``id`` empty) or change a sasaran; renaming its code carries its indicators and
    budget lines along."""
    with ctx.store.write(ctx.account, ctx.now()) as w:
        report = editable_report(w, year)
        item = replace(item, year=report.year, id=item.id or new_id())
        _check_sasaran(w, item)
        before = next((s for s in w.sasaran(report.year) if s.id == item.id), None)
        if before is None and item.order == 0:
            item = replace(
                item, order=max((s.order for s in w.sasaran(report.year)), default=0) + 1
            )
        saved = w.save_sasaran(item)
        if before is not None and before.code != saved.code:
            for ind in w.indicators(report.year):
                if ind.sasaran_code == before.code:
                    w.save_indicator(replace(ind, sasaran_code=saved.code))
            for line in w.budget(report.year):
                if line.sasaran_code == before.code:
                    w.save_budget(replace(line, sasaran_code=saved.code))
        empty = Sasaran(id="", year=0, code="", name="")
        _record_save(
            w, report.year, "sasaran", saved.code, before, saved, empty, skip=("analyses",)
        )
        return saved


@usecase
def delete_sasaran(ctx: Context, year: int, item: Sasaran) -> None:
    with ctx.store.write(ctx.account, ctx.now()) as w:
        report = editable_report(w, year)
        used = [i.code for i in w.indicators(report.year) if i.sasaran_code == item.code]
        if used:
            raise UseCaseError(
                f"Sasaran {item.code} masih mempunyai {len(used)} indikator ("
                + ", ".join(used[:5])
                + "); hapus atau pindahkan indikatornya dulu."
            )
        w.delete(SASARAN, item.id, item.rev, f"Sasaran {item.code}")
        for line in w.budget(report.year):
            if line.sasaran_code == item.code:
                w.save_budget(replace(line, sasaran_code=""))
        _record_delete(w, report.year, "sasaran", item)


@usecase
def save_analyses(ctx: Context, year: int, item: Sasaran, analyses: dict[str, str]) -> Sasaran:
    """Save the seven analyses of a sasaran (keys "1".."7"); ``item.rev`` is the one the editor
    started from."""
    unknown = set(analyses) - set(ANALYSIS_KEYS)
    if unknown:
        raise UseCaseError(
            f"Analisis {', '.join(sorted(unknown))} tidak dikenal; pakai 1 sampai 7."
        )
    kept = {k: v.rstrip() for k, v in sorted(analyses.items()) if v.strip()}
    with ctx.store.write(ctx.account, ctx.now()) as w:
        report = editable_report(w, year)
        before = next((s for s in w.sasaran(report.year) if s.id == item.id), None)
        if before is None:
            raise Conflict(f"Sasaran {item.code} sudah dihapus orang lain sejak Anda membukanya.")
        saved = w.save_sasaran(replace(before, rev=item.rev, analyses=kept))
        changed = sorted(k for k in ANALYSIS_KEYS if before.analyses.get(k, "") != kept.get(k, ""))
        w.audit_log(
            "sasaran.analisis",
            year=report.year,
            target=f"sasaran {saved.code}",
            note="analisis " + (", ".join(changed) or "tanpa perubahan"),
        )
        w.bump_report(report.year)
        return saved


def _record_save(
    w: Writer,
    year: int,
    kind: str,
    code: str,
    before: object | None,
    after: object,
    empty: object,
    skip: tuple[str, ...] = (),
) -> None:
    """The audit entry of an added or changed record (before/after of its fields), and the
    year's data revision raised so exports know the data changed."""
    w.audit_log(
        f"{kind}.ubah" if before else f"{kind}.tambah",
        year=year,
        target=f"{kind} {code}",
        changes=audit_changes(before or empty, after, skip),
    )
    w.bump_report(year)


def _record_delete(
    w: Writer,
    year: int,
    kind: str,
    item: Sasaran | Indicator | BudgetLine | Bidang,
    changes: tuple[Change, ...] = (),
) -> None:
    """The audit entry of a deleted record (its name as the note; ``changes``: what it held),
    and the year's data revision raised."""
    w.audit_log(
        f"{kind}.hapus", year=year, target=f"{kind} {item.code}", note=item.name, changes=changes
    )
    w.bump_report(year)


# -- indicators -------------------------------------------------------------------------------


def _check_indicator(w: Writer, item: Indicator, existing: tuple[Indicator, ...]) -> None:
    if not item.code.strip() or not item.name.strip():
        raise UseCaseError("Kode dan nama indikator wajib diisi.")
    codes = {s.code for s in w.sasaran(item.year)}
    if item.sasaran_code not in codes:
        raise UseCaseError(
            f"Sasaran '{item.sasaran_code}' tidak ada pada tahun {item.year}; "
            "tambahkan sasarannya dulu."
        )
    if item.bidang and item.bidang not in {b.code for b in w.bidang()}:
        raise UseCaseError(f"Bidang '{item.bidang}' tidak ada.")
    for other in existing:
        if other.code == item.code and other.id != item.id:
            raise UseCaseError(
                f"Kode indikator '{item.code}' sudah dipakai ({other.name}); pakai kode lain."
            )


@usecase
def save_indicator(ctx: Context, year: int, item: Indicator) -> Indicator:
    """Add (``id`` empty, ``rev`` 0) or change an indicator of the year."""
    with ctx.store.write(ctx.account, ctx.now()) as w:
        report = editable_report(w, year)
        item = replace(item, year=report.year, id=item.id or new_id())
        existing = w.indicators(report.year)
        _check_indicator(w, item, existing)
        before = next((i for i in existing if i.id == item.id), None)
        if before is None and item.order == 0:
            siblings = [i.order for i in existing if i.sasaran_code == item.sasaran_code]
            item = replace(item, order=max(siblings, default=0) + 1)
        saved = w.save_indicator(item)
        empty = Indicator(id="", year=0, sasaran_code="", code="", name="")
        _record_save(w, report.year, "indikator", saved.code, before, saved, empty)
        return saved


@usecase
def delete_indicator(ctx: Context, year: int, item: Indicator) -> None:
    with ctx.store.write(ctx.account, ctx.now()) as w:
        report = editable_report(w, year)
        w.delete(INDICATORS, item.id, item.rev, f"Indikator {item.code}")
        empty = Indicator(id="", year=0, sasaran_code="", code="", name="")
        _record_delete(w, report.year, "indikator", item, audit_changes(item, empty))


# -- budget -----------------------------------------------------------------------------------


def _check_budget(w: Writer, item: BudgetLine) -> None:
    if not item.code.strip() or not item.name.strip():
        raise UseCaseError("Kode dan nama program/kegiatan wajib diisi.")
    if item.pagu < 0 or item.realisasi < 0:
        raise UseCaseError("Pagu dan realisasi anggaran tidak boleh negatif.")
    if item.sasaran_code and item.sasaran_code not in {s.code for s in w.sasaran(item.year)}:
        raise UseCaseError(f"Sasaran '{item.sasaran_code}' tidak ada pada tahun {item.year}.")
    if item.bidang and item.bidang not in {b.code for b in w.bidang()}:
        raise UseCaseError(f"Bidang '{item.bidang}' tidak ada.")
    for other in w.budget(item.year):
        if other.code == item.code and other.id != item.id:
            raise UseCaseError(f"Kode anggaran '{item.code}' sudah dipakai ({other.name}).")


@usecase
def save_budget(ctx: Context, year: int, item: BudgetLine) -> BudgetLine:
    """Add (``id`` empty) or change a programme / kegiatan / sub kegiatan line."""
    with ctx.store.write(ctx.account, ctx.now()) as w:
        report = editable_report(w, year)
        item = replace(item, year=report.year, id=item.id or new_id())
        _check_budget(w, item)
        before = next((b for b in w.budget(report.year) if b.id == item.id), None)
        if before is None and item.order == 0:
            item = replace(item, order=_budget_order(w.budget(report.year), item.code))
        saved = w.save_budget(item)
        empty = BudgetLine(id="", year=0, code="", name="")
        _record_save(w, report.year, "anggaran", saved.code, before, saved, empty)
        return saved


def _budget_order(lines: tuple[BudgetLine, ...], code: str) -> int:
    """Place a new line with the lines whose code sorts before it (its parent and siblings);
    ties sort by code."""
    return max((b.order for b in lines if b.code < code), default=0)


@usecase
def delete_budget(ctx: Context, year: int, item: BudgetLine) -> None:
    with ctx.store.write(ctx.account, ctx.now()) as w:
        report = editable_report(w, year)
        w.delete(BUDGET, item.id, item.rev, f"Anggaran {item.code}")
        empty = BudgetLine(id="", year=0, code="", name="")
        _record_delete(w, report.year, "anggaran", item, audit_changes(item, empty))


# -- bidang -----------------------------------------------------------------------------------


@usecase
def save_bidang(ctx: Context, year: int, item: Bidang, original: Bidang | None) -> Bidang:
    """Add (``original`` None) or change a bidang. Bidang carry no revision, so the version the
    form started from (``original``) is compared with the stored one: a difference is a conflict.
    """
    if not item.code.strip() or not item.name.strip():
        raise UseCaseError("Kode dan nama bidang wajib diisi.")
    with ctx.store.write(ctx.account, ctx.now()) as w:
        report = editable_report(w, year)
        stored = {b.code: b for b in w.bidang()}
        if original is None:
            if item.code in stored:
                raise UseCaseError(
                    f"Kode bidang '{item.code}' sudah dipakai: {stored[item.code].name}."
                )
        else:
            now = stored.get(original.code)
            if now is None:
                raise Conflict(f"Bidang {original.code} sudah dihapus orang lain.")
            if now != original:
                raise Conflict(
                    f"Bidang {original.code} sudah diubah orang lain sejak Anda membukanya. Muat "
                    "ulang untuk melihat perubahan itu, atau lanjutkan menyunting lalu simpan lagi."
                )
            if item.code != original.code and item.code in stored:
                raise UseCaseError(f"Kode bidang '{item.code}' sudah dipakai.")
        if item.order == 0 and original is None:
            item = replace(item, order=max((b.order for b in stored.values()), default=0) + 1)
        if original is not None and original.code != item.code:
            w.delete_bidang(original.code)
            _recode_bidang(w, original.code, item.code)
        w.save_bidang(item)
        empty = Bidang(code="", name="")
        _record_save(w, report.year, "bidang", item.code, original, item, empty)
        return item


def _recode_bidang(w: Writer, old: str, new: str) -> None:
    for y in w.archived_years():
        if any(i.bidang == old for i in w.indicators(y)) or any(
            b.bidang == old for b in w.budget(y)
        ):
            raise UseCaseError(
                f"Kode bidang {old} dipakai data tahun {y} yang sudah diarsipkan (hanya baca); "
                "kodenya tidak dapat diganti. Ubah namanya saja, atau buat bidang baru."
            )
    for y in w.years():
        if w.is_archived(y):
            continue
        for ind in w.indicators(y):
            if ind.bidang == old:
                w.save_indicator(replace(ind, bidang=new))
        for line in w.budget(y):
            if line.bidang == old:
                w.save_budget(replace(line, bidang=new))


@usecase
def delete_bidang(ctx: Context, year: int, item: Bidang) -> None:
    with ctx.store.write(ctx.account, ctx.now()) as w:
        report = editable_report(w, year)
        used = [i.code for y in w.years() for i in w.indicators(y) if i.bidang == item.code]
        used += [b.code for y in w.years() for b in w.budget(y) if b.bidang == item.code]
        if used:
            raise UseCaseError(
                f"Bidang {item.code} masih dipakai oleh {len(used)} indikator/baris anggaran; "
                "pindahkan dulu ke bidang lain."
            )
        try:
            w.delete_bidang(item.code)
        except NotFound as exc:
            raise Conflict(str(exc)) from None
        _record_delete(w, report.year, "bidang", item)


# -- profile and narrative --------------------------------------------------------------------


# The profile fields that make letter numbers: an administrator's setting.
NUMBERING_FIELDS = ("letter_template", "letter_klasifikasi")


@usecase
def save_profile(ctx: Context, year: int, profile: Profile) -> Profile:
    """Save the instansi profile; ``profile.rev`` is the one the form started from."""
    with ctx.store.write(ctx.account, ctx.now()) as w:
        report = editable_report(w, year)
        before = w.profile()
        if any(getattr(before, f) != getattr(profile, f) for f in NUMBERING_FIELDS):
            try:
                require_admin(w, ctx.account)
            except UseCaseError:
                raise UseCaseError(
                    "Templat dan klasifikasi nomor surat adalah pengaturan admin (nomor surat "
                    f"tidak boleh berulang); akun '{ctx.account}' bukan admin."
                ) from None
        saved = w.save_profile(profile)
        w.audit_log(
            "profil.ubah",
            year=report.year,
            target="profil instansi",
            changes=audit_changes(before, saved),
        )
        w.bump_report(report.year)
        return saved


@usecase
def save_narrative(ctx: Context, year: int, key: str, text: str, original: str) -> Report:
    """Save one narrative chapter. ``original`` is the stored text the editor started from; if
    someone saved the chapter since, the save is refused as a conflict."""
    if key not in CHAPTER_KEYS:
        raise UseCaseError(f"Bab narasi '{key}' tidak dikenal.")
    from usecases.inputs import clean_text

    try:
        text = clean_text(text, multiline=True)
    except ValueError as exc:
        raise UseCaseError(f"{chapter_title(key)}: teks {exc}") from None
    with ctx.store.write(ctx.account, ctx.now()) as w:
        report = editable_report(w, year)
        stored = report.narrative.get(key, "")
        if stored != original:
            title = chapter_title(key)
            raise w.conflict(f"Bab '{title}'", target=f"bab {title}")
        narrative = dict(report.narrative)
        if text.strip():
            narrative[key] = text
        else:
            narrative.pop(key, None)
        saved = w.save_report(replace(report, narrative=narrative))
        w.audit_log(
            "naratif.ubah",
            year=report.year,
            target=f"bab {chapter_title(key)}",
            note=f"{len(stored)} -> {len(text)} karakter",
        )
        return saved
