"""The demo office's example year, read from ``demo_office.json`` shipped beside this module.

The content follows the style of published LKjIP/LAKIP documents of Indonesian regency education
offices (Renstra 2021-2026, Perjanjian Kinerja, IKU, Permendagri 90 program codes). Every person
named there is fictional, and every number is illustrative, not an official statistic of
Kabupaten Balangan. The data is data: changing the example office is an edit of the JSON file;
this module only turns it into domain records for a given report year.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from models.budget import budget_sum, leaf_lines, level_of_code
from models.domain import (
    Aggregation,
    Bidang,
    BudgetLine,
    Indicator,
    NegativeFormula,
    Polarity,
    Profile,
    QuarterNote,
    Sasaran,
    User,
)
from models.numbers import OfficeZone
from models.report import CHAPTER_KEYS
from models.sop import Role

__all__ = [
    "DEMO_PROFILE",
    "DEMO_SOP_HEADER",
    "RENSTRA_PERIOD",
    "DemoRecords",
    "demo_records",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class DemoRecords:
    """Everything the demo creator writes for one report year."""

    profile: Profile
    users: tuple[User, ...]
    bidang: tuple[Bidang, ...]
    sasaran: tuple[Sasaran, ...]
    indicators: tuple[Indicator, ...]
    budget: tuple[BudgetLine, ...]
    narrative: dict[str, str]


@cache
def _data() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("demo_office.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _profile() -> Profile:
    fields = dict(_data()["profile"])
    return Profile(timezone=OfficeZone(fields.pop("timezone")), **fields)


DEMO_PROFILE = _profile()
DEMO_SOP_HEADER: dict[str, Any] = dict(_data()["sop_header"])
RENSTRA_PERIOD: str = _data()["renstra_period"]


def _years(text: str, year: int) -> str:
    """The demo's text with its year and the report's name filled in."""
    return DEMO_PROFILE.fill_report_name(text).replace("{tahun}", str(year))


def _users(admin_account: str) -> tuple[User, ...]:
    users = [
        User(
            account=p["account"],
            name=p["name"],
            role=Role(p["role"]),
            nip=p["nip"],
            pangkat=p["pangkat"],
            jabatan=p["jabatan"],
            is_admin=p["account"] == admin_account,
        )
        for p in _data()["people"]
    ]
    if all(u.account != admin_account for u in users):
        users.append(
            User(
                account=admin_account,
                name="Administrator Demo",
                role=Role.STAF,
                jabatan="Administrator Aplikasi",
                is_admin=True,
            )
        )
    return tuple(users)


def _decimals(values: list[str] | None) -> tuple[Decimal | None, ...]:
    return tuple(Decimal(v) for v in values or ())


def _indicator(spec: dict[str, Any], year: int, order: int) -> Indicator:
    earlier = (year - 3, year - 2, year - 1)
    national = spec.get("national")
    manual = spec.get("manual_ik", {})
    quarters = manual.get("triwulan", {})
    return Indicator(
        id=f"i-{year}-{spec['code']}",
        year=year,
        sasaran_code=spec["sasaran"],
        code=spec["code"],
        name=spec["name"],
        satuan=spec["satuan"],
        polarity=Polarity(spec.get("polarity", Polarity.POSITIF)),
        negative_formula=NegativeFormula(spec.get("formula", NegativeFormula.TWO_T_MINUS_R)),
        formula_chosen="formula" in spec,
        target=Decimal(spec["target"]),
        realisasi=Decimal(spec["realisasi"]),
        history={y: Decimal(v) for y, v in zip(earlier, spec["history"], strict=True)},
        renstra_target=Decimal(spec["renstra"]),
        renstra_period=RENSTRA_PERIOD,
        national_standard=None if national is None else Decimal(national),
        bidang=spec["bidang"],
        data_source=spec["source"],
        narrative=spec.get("narrative", ""),
        definisi=manual.get("definisi", ""),
        tujuan=manual.get("tujuan", ""),
        formula_text=manual.get("formula", ""),
        aggregation=Aggregation(manual.get("agregasi", Aggregation.NILAI_AKHIR)),
        pembilang=manual.get("pembilang", ""),
        penyebut=manual.get("penyebut", ""),
        target_tw=_decimals(quarters.get("target")),
        realisasi_tw=_decimals(quarters.get("realisasi")),
        pembilang_tw=_decimals(quarters.get("pembilang")),
        penyebut_tw=_decimals(quarters.get("penyebut")),
        order=order,
    )


def _budget(year: int) -> tuple[BudgetLine, ...]:
    """The budget lines; a line without figures of its own carries the sum of its leaves."""
    lines = [
        BudgetLine(
            id=f"b-{year}-{spec['code']}",
            year=year,
            level=level_of_code(spec["code"]),
            code=spec["code"],
            name=spec["name"],
            pagu=Decimal(spec.get("pagu", "0.00")),
            realisasi=Decimal(spec.get("realisasi", "0.00")),
            sasaran_code=spec["sasaran"],
            bidang=spec["bidang"],
            rencana_tw=_decimals(spec.get("rencana_tw")),
            realisasi_tw=_decimals(spec.get("realisasi_tw")),
            order=n,
        )
        for n, spec in enumerate(_data()["budget"], start=1)
    ]
    own = {spec["code"] for spec in _data()["budget"] if "pagu" in spec}
    filled = []
    for line in lines:
        if line.code not in own:
            below = [b for b in lines if b.code.startswith(line.code + ".")]
            leaves = leaf_lines(below, lines)
            total = budget_sum(leaves)
            line = replace(
                line, pagu=total.pagu, realisasi=total.realisasi,
                rencana_tw=_quarter_sums([b.rencana_tw for b in leaves]),
                realisasi_tw=_quarter_sums([b.realisasi_tw for b in leaves]),
            )  # fmt: skip
        filled.append(line)
    return tuple(filled)


def _quarter_sums(series: list[tuple[Decimal | None, ...]]) -> tuple[Decimal | None, ...]:
    """Per quarter, the sum of the lines' values (a line without quarters adds nothing)."""
    if not any(series):
        return ()
    return tuple(
        sum((v[q] or Decimal(0) for v in series if len(v) > q), Decimal(0)) for q in range(4)
    )


def demo_records(report_year: int, admin_account: str) -> DemoRecords:
    """The example office and one complete report year, ready to be written by the store."""
    year = report_year
    data = _data()
    bidang = tuple(
        Bidang(
            code=b["code"],
            name=b["name"],
            head_name=b["head_name"],
            head_nip=b["head_nip"],
            order=n,
        )
        for n, b in enumerate(data["bidang"], start=1)
    )
    sasaran = tuple(
        Sasaran(
            id=f"s-{year}-{s['code']}",
            year=year,
            code=s["code"],
            name=s["name"],
            order=n,
            analyses={k: _years(v, year) for k, v in s["analyses"].items()},
            quarter_notes=tuple(QuarterNote(**note) for note in s.get("triwulan", ())),
        )
        for n, s in enumerate(data["sasaran"], start=1)
    )
    indicators: list[Indicator] = []
    per_sasaran: dict[str, int] = {}
    for spec in data["indicators"]:
        per_sasaran[spec["sasaran"]] = per_sasaran.get(spec["sasaran"], 0) + 1
        indicators.append(_indicator(spec, year, per_sasaran[spec["sasaran"]]))
    return DemoRecords(
        profile=DEMO_PROFILE,
        users=_users(admin_account),
        bidang=bidang,
        sasaran=sasaran,
        indicators=tuple(indicators),
        budget=_budget(year),
        narrative={k: _years(data["narrative"][k], year) for k in CHAPTER_KEYS},
    )
