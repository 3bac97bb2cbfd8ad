"""Generated offices and their packages, for the roll-up's tests and benchmark.

A few small offices are built through the real use cases (``init_store``, the store's saves,
``advance``, ``export_document``, ``number_letter``), each walked to a different point of the SOP
(still collecting data, signed, sent on time, sent late). Each package of the folder is one of
them under another office's name with its own realisasi (saved again through the store), then
written by ``write_paket``.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from models.domain import (
    Bidang,
    BudgetLevel,
    BudgetLine,
    Indicator,
    Polarity,
    Profile,
    Sasaran,
    User,
)
from models.numbers import OfficeZone, format_date
from models.sop import Role
from usecases.admin import init_store
from usecases.context import Context
from usecases.paket import write_paket

YEAR = 2025
DUE = date(2026, 3, 31)  # the regency's due date of the LAKIP 2025 (a Tuesday)
AS_OF = date(2026, 4, 24)  # the day of the roll-up in the tests
ZONE = OfficeZone.WITA
CENT = Decimal("0.01")
MADE_AT = datetime(2026, 4, 24, 9, 0, tzinfo=ZONE.tz)

# (name, steps done, the morning the walk starts): 2 = still at step 3; 9 = signed, at step
# 10; 11 = sent (the letter's date is the day the walk ends)
STAGES: tuple[tuple[str, int, datetime], ...] = (
    ("data", 2, datetime(2026, 2, 10, 8, 0, tzinfo=ZONE.tz)),
    ("tandatangan", 9, datetime(2026, 3, 20, 8, 0, tzinfo=ZONE.tz)),
    ("tepat", 11, datetime(2026, 3, 24, 8, 0, tzinfo=ZONE.tz)),
    ("awal", 11, datetime(2026, 3, 10, 8, 0, tzinfo=ZONE.tz)),
    ("telat", 11, datetime(2026, 4, 7, 8, 0, tzinfo=ZONE.tz)),
    ("sangat-telat", 11, datetime(2026, 4, 20, 8, 0, tzinfo=ZONE.tz)),
)


def _profile(n: int) -> Profile:
    return Profile(
        timezone=ZONE,
        pemda="PEMERINTAH KABUPATEN CONTOH",
        office=f"DINAS NOMOR {n:02d}",
        office_short=f"Dinas{n:02d}",
        city="Contoh",
        addressee="Bupati Contoh",
        letter_template="050/{urut:03d}/{singkatan}/{tahun}",
    )


def _office_data(ctx: Context, seed: int, at: datetime) -> None:
    rnd = random.Random(seed)
    with ctx.store.write(ctx.account, at) as w:
        w.save_user(User(account="admin", name="Admin", role=Role.STAF, is_admin=True))
        w.save_user(
            User(account="kadis", name="Dr. Kadis", nip="19700101 199001 1 001",
                 role=Role.KEPALA_DINAS, jabatan="Kepala Dinas")
        )  # fmt: skip
        w.save_bidang(Bidang(code="SEK", name="Sekretariat", order=1))
        for s in (1, 2):
            w.save_sasaran(
                Sasaran(id=f"s{s}", year=YEAR, code=f"S{s}", name=f"Sasaran {s}", order=s)
            )
            for k in (1, 2, 3):
                shared = k < 3  # IKU.1.1 ... IKU.2.2 are every office's; the third is its own
                code = f"IKU.{s}.{k}" if shared else f"IK.{seed}.{s}"
                target = Decimal(rnd.randint(50, 100))
                negative = k == 2 and s == 2
                realisasi = (target * Decimal(rnd.randint(40, 115)) / 100).quantize(Decimal("0.01"))
                w.save_indicator(
                    Indicator(
                        id=f"i{s}{k}", year=YEAR, sasaran_code=f"S{s}", code=code,
                        name=f"Indikator {code}", satuan="%", target=target, realisasi=realisasi,
                        polarity=Polarity.NEGATIF if negative else Polarity.POSITIF,
                        bidang="SEK", order=k,
                    )
                )  # fmt: skip
            pagu = Decimal(rnd.randint(100, 900) * 1_000_000)
            spent = (pagu * Decimal(rnd.randint(60, 100)) / 100).quantize(Decimal(1))
            w.save_budget(
                BudgetLine(id=f"b{s}", year=YEAR, code=f"1.0{s}.01", name=f"Program {s}",
                           pagu=pagu, realisasi=spent, sasaran_code=f"S{s}", bidang="SEK", order=s)
            )  # fmt: skip
            w.save_budget(
                BudgetLine(id=f"b{s}k", year=YEAR, level=BudgetLevel.KEGIATAN,
                           code=f"1.0{s}.01.2.01", name=f"Kegiatan {s}", pagu=pagu,
                           realisasi=spent, sasaran_code=f"S{s}", bidang="SEK", order=10 + s)
            )  # fmt: skip


def build_stage(folder: Path, index: int) -> Path:
    """One office walked to its stage (``STAGES[index]``); returns its data file."""
    from tests.conftest import fill_quality_gaps
    from usecases.exporting import export_document, number_letter
    from usecases.reporting import advance

    _, done, start = STAGES[index]
    path = folder / f"stage-{index}" / "lakip.json"
    path.parent.mkdir(parents=True)
    t = start

    def ctx_at(account: str = "admin") -> Context:
        return Context(db_path=path, account=account, clock=lambda: t)

    init_store(ctx_at(), profile=_profile(90 + index), year=YEAR, name="Admin", role=Role.STAF)
    _office_data(ctx_at(), 100 + index, t)
    for step in range(1, done + 1):
        t += timedelta(minutes=30)
        data: dict[str, str] = {}
        if step == 9:
            fill_quality_gaps(ctx_at())  # the gate of step 9: the office's open text
            export_document(ctx_at(), "lakip", output=path.parent / "LAKIP.docx", overwrite=True)
            t += timedelta(minutes=1)
        if step == 10:
            number_letter(ctx_at())
        if step == 11:
            data = {"tanggal_kirim": format_date(t.date()), "lokasi_arsip": "Lemari A",
                    "unggah_esakip": "sudah"}  # fmt: skip
        advance(
            ctx_at(), note=f"langkah {step}", override_reason="data uji",
            guard_override="data uji" if step == 4 else "", data=data,
        )  # fmt: skip
    return path


def make_packages(folder: Path, work: Path, count: int = 60) -> list[Path]:
    """``count`` packages in ``folder`` (offices 1..count over the stages in turn), plus a
    corrupt one and a duplicate of office 1; returns the package files."""
    stages = [build_stage(work, k) for k in range(len(STAGES))]
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for n in range(1, count + 1):
        source = stages[n % len(stages)]
        path = work / f"office-{n}" / "lakip.json"
        path.parent.mkdir(parents=True)
        shutil.copyfile(source, path)
        ctx = Context(db_path=path, account="admin", clock=lambda: MADE_AT)
        with ctx.store.write("admin", ctx.now()) as w:
            w.save_profile(replace(w.profile(), office=f"DINAS NOMOR {n:02d}",
                                   office_short=f"Dinas{n:02d}"))  # fmt: skip
            rnd = random.Random(n)
            for ind in w.indicators(YEAR):  # its own realisasi; its own indicator its own code
                code = f"IK.{n}.{ind.sasaran_code}" if ind.code.startswith("IK.") else ind.code
                assert ind.target is not None
                realisasi = ind.target * Decimal(rnd.randint(40, 115)) / 100
                w.save_indicator(replace(ind, code=code, realisasi=realisasi.quantize(CENT)))
        made.append(write_paket(ctx, folder / f"paket-{n:02d}.json").path)
    duplicate = folder / "paket-01-kirim-ulang.json"
    shutil.copyfile(made[0], duplicate)
    corrupt = folder / "paket-rusak.json"
    corrupt.write_bytes(made[1].read_bytes()[:-40])
    return [*made, duplicate, corrupt]
