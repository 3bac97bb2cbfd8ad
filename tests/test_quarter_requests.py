"""The tunggakan counts quarters: a request for a quarter's data asks that quarter's values, and
they stay owed until filled (``models.requests`` with ``DataRequest.quarter``)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from models.domain import Aggregation
from tests.conftest import YEAR, small_office
from usecases import requests as req
from usecases.quarters import save_budget_quarter, save_manual_ik, save_quarter
from usecases.reporting import UseCaseError, record_bidang_return


def owed(ctx: object, bidang: str) -> list[str]:
    debt = next(d for d in req.tunggakan(ctx).debts if d.bidang.code == bidang)  # type: ignore[arg-type]
    return [i.label for i in debt.owed]


def test_a_quarter_request_owes_that_quarters_empty_values(tmp_path: Path) -> None:
    ctx = small_office(tmp_path)
    save_manual_ik(ctx, YEAR, "IK1.2", aggregation=Aggregation.RASIO)
    save_quarter(ctx, YEAR, "IK1.2", 2, target=Decimal("0.4"), pembilang=Decimal(3))
    sent = req.send_request(ctx, bidang="SMP", quarter=2)
    assert sent.request.quarter == 2
    assert [i.label for i in sent.items] == [
        "indikator IK1.2 (penyebut TW II)",
        "anggaran 1.01.02.2.01.0001 (realisasi TW II)",
    ]
    record_bidang_return(ctx, bidang="SMP")
    assert owed(ctx, "SMP") == [
        "indikator IK1.2 (penyebut TW II)",
        "anggaran 1.01.02.2.01.0001 (realisasi TW II)",
    ]
    save_quarter(ctx, YEAR, "IK1.2", 2, penyebut=Decimal(1000))
    save_budget_quarter(ctx, YEAR, "1.01.02.2.01.0001", 2, realisasi=Decimal(300))
    assert owed(ctx, "SMP") == []  # the quarter in: nothing owed
    # a request for the year alone asks no quarter: the same data owes nothing
    req.send_request(ctx, bidang="SD")
    record_bidang_return(ctx, bidang="SD")
    assert owed(ctx, "SD") == []


def test_a_quarter_request_survives_the_data_file_and_a_bad_quarter_is_refused(
    tmp_path: Path,
) -> None:
    ctx = small_office(tmp_path)
    req.send_request(ctx, bidang="SD", quarter=1)
    with ctx.store.read() as r:
        assert next(x for x in r.report(YEAR).requests if x.bidang == "SD").quarter == 1
    assert owed(ctx, "SD") == ["indikator IK1.1 (target TW I, realisasi TW I)"]
    with pytest.raises(UseCaseError, match="Triwulan 5 tidak ada"):
        req.send_request(ctx, bidang="SD", quarter=5)


def test_a_quarter_request_s_letter_names_the_quarter_and_a_reminder_takes_no_quarter(
    tmp_path: Path,
) -> None:
    """The Nota Dinas of a TW II request read as the year's request once its values were all
    filled; ``lakip export pengingat --tw N`` took the quarter and ignored it."""
    import docx

    def text_of(path: Path) -> str:
        d = docx.Document(str(path))
        cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in d.paragraphs] + cells)

    ctx = small_office(tmp_path)
    done = req.export_nota(ctx, "permintaan", bidang="SD", quarter=2, output=tmp_path / "out")
    text = text_of(done.path)
    assert "Permintaan Data Kinerja Triwulan II Tahun 2025" in text
    assert "data kinerja dan anggaran Triwulan II yang menjadi" in text
    with pytest.raises(UseCaseError, match="--tw hanya dipakai saat mengirim permintaan"):
        req.export_nota(ctx, "pengingat", bidang="SD", quarter=2, output=tmp_path / "out")
    year = req.export_nota(ctx, "permintaan", bidang="SMP", output=tmp_path / "out")
    text = text_of(year.path)
    assert "Permintaan Data Kinerja Tahun 2025" in text and "Triwulan" not in text
