"""The demo data: complete, consistent, and linked the way the store and exporters expect."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

import pytest

from models.domain import BudgetLevel, Polarity, signer
from models.numbers import OfficeZone
from models.report import CHAPTER_KEYS
from models.sop import Role
from usecases.demo_data import DemoRecords, demo_records

YEAR = 2025
NIP = re.compile(
    r"^(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01]) (19|20)\d{2}(0[1-9]|1[0-2]) [12] \d{3}$"
)


@pytest.fixture(scope="module")
def demo() -> DemoRecords:
    return demo_records(YEAR, "admin")


def test_counts(demo: DemoRecords) -> None:
    assert len(demo.sasaran) >= 8
    assert len(demo.indicators) >= 25
    assert len(demo.budget) >= 15
    assert len(demo.bidang) >= 5
    assert {"SEK", "PAUD", "SD", "SMP", "KEB"} <= {b.code for b in demo.bidang}


def test_profile(demo: DemoRecords) -> None:
    p = demo.profile
    assert p.pemda == "PEMERINTAH KABUPATEN BALANGAN"
    assert p.city == "Paringin"
    assert p.postal_code == "71662"
    assert p.addressee == "Bupati Balangan"
    assert p.addressee_place == "Paringin"
    assert p.timezone is OfficeZone.WITA
    assert p.letter_template == "{klasifikasi}/{urut:03d}/Disdikbud-BLG/{tahun}"
    for role in (Role.KEPALA_DINAS, Role.SEKRETARIS, Role.KASUBBAG):
        official = signer(demo.users, role)
        assert official.name and official.pangkat and official.jabatan
        assert NIP.match(official.nip), official.nip
        assert len(official.nip.replace(" ", "")) == 18


def test_users_cover_all_roles_and_admin(demo: DemoRecords) -> None:
    accounts = {u.account: u for u in demo.users}
    assert {"kadis", "sekretaris", "kasubbag", "staf1", "staf2", "admin"} <= set(accounts)
    assert {u.role for u in demo.users} >= set(Role)
    assert accounts["admin"].is_admin
    assert accounts["admin"].name == "Administrator Demo"
    assert accounts["admin"].role is Role.STAF
    assert [u.account for u in demo.users if u.is_admin] == ["admin"]
    assert accounts["kadis"].nip == signer(demo.users, Role.KEPALA_DINAS).nip
    assert len(accounts) == len(demo.users)


def test_admin_colliding_with_a_demo_account() -> None:
    demo = demo_records(YEAR, "kasubbag")
    assert len(demo.users) == 5
    admins = [u for u in demo.users if u.is_admin]
    assert len(admins) == 1
    assert admins[0].account == "kasubbag"
    assert admins[0].role is Role.KASUBBAG


def test_people_nips_valid(demo: DemoRecords) -> None:
    nips = [u.nip for u in demo.users if u.nip] + [b.head_nip for b in demo.bidang]
    for nip in nips:
        assert NIP.match(nip), nip


def test_bidang_order(demo: DemoRecords) -> None:
    assert [b.order for b in demo.bidang] == list(range(1, len(demo.bidang) + 1))
    assert all(b.head_name for b in demo.bidang)


def test_links_exist(demo: DemoRecords) -> None:
    sasaran = {s.code for s in demo.sasaran}
    bidang = {b.code for b in demo.bidang}
    for i in demo.indicators:
        assert i.sasaran_code in sasaran, i.code
        assert i.bidang in bidang, i.code
    for b in demo.budget:
        assert b.sasaran_code in sasaran, b.code
        assert b.bidang in bidang, b.code
    assert {i.sasaran_code for i in demo.indicators} == sasaran


def test_every_year_field_is_the_report_year(demo: DemoRecords) -> None:
    years = [s.year for s in demo.sasaran] + [i.year for i in demo.indicators]
    assert set(years + [b.year for b in demo.budget]) == {YEAR}


def test_indicators_complete(demo: DemoRecords) -> None:
    for i in demo.indicators:
        assert set(i.history) == {YEAR - 3, YEAR - 2, YEAR - 1}, i.code
        assert all(isinstance(v, Decimal) for v in i.history.values())
        assert isinstance(i.target, Decimal)
        assert isinstance(i.realisasi, Decimal)
        assert isinstance(i.renstra_target, Decimal)
        assert i.renstra_period == "2021-2026"
        assert i.data_source
    zero_targets = [i for i in demo.indicators if i.target == 0]
    assert len(zero_targets) == 1
    negatives = [i for i in demo.indicators if i.polarity is Polarity.NEGATIF]
    assert len({i.negative_formula for i in negatives}) == 2
    assert sum(i.national_standard is not None for i in demo.indicators) >= 5


def test_indicator_order_within_sasaran(demo: DemoRecords) -> None:
    for s in demo.sasaran:
        orders = [i.order for i in demo.indicators if i.sasaran_code == s.code]
        assert orders == list(range(1, len(orders) + 1)), s.code


def test_budget_hierarchy_sums(demo: DemoRecords) -> None:
    child_level = {
        BudgetLevel.PROGRAM: BudgetLevel.KEGIATAN,
        BudgetLevel.KEGIATAN: BudgetLevel.SUB_KEGIATAN,
    }
    parents_with_children = 0
    for line in demo.budget:
        if line.level is BudgetLevel.SUB_KEGIATAN:
            continue
        children = [
            b
            for b in demo.budget
            if b.code.startswith(line.code + ".") and b.level is child_level[line.level]
        ]
        if children:
            parents_with_children += 1
            assert line.pagu == sum((c.pagu for c in children), Decimal(0)), line.code
            assert line.realisasi == sum((c.realisasi for c in children), Decimal(0)), line.code
    assert parents_with_children >= 8
    for line in demo.budget:
        if line.level is not BudgetLevel.PROGRAM:
            parent = line.code.rsplit(".", 2 if line.level is BudgetLevel.KEGIATAN else 1)[0]
            assert parent in {b.code for b in demo.budget}, line.code


def test_budget_money(demo: DemoRecords) -> None:
    for b in demo.budget:
        assert isinstance(b.pagu, Decimal)
        assert isinstance(b.realisasi, Decimal)
        assert b.pagu > 0
        assert Decimal(0) <= b.realisasi <= b.pagu, b.code
    assert sum(b.realisasi == 0 for b in demo.budget) == 1
    levels = Counter(b.level for b in demo.budget)
    assert levels[BudgetLevel.PROGRAM] >= 6
    assert levels[BudgetLevel.KEGIATAN] >= 6
    assert levels[BudgetLevel.SUB_KEGIATAN] >= 3


def test_ids_and_codes_unique(demo: DemoRecords) -> None:
    ids = [s.id for s in demo.sasaran] + [i.id for i in demo.indicators]
    ids += [b.id for b in demo.budget]
    assert len(ids) == len(set(ids))
    for codes in (
        [s.code for s in demo.sasaran],
        [i.code for i in demo.indicators],
        [b.code for b in demo.budget],
        [b.code for b in demo.bidang],
    ):
        assert len(codes) == len(set(codes))
    assert f"i-{YEAR}-IK1.1" in ids
    assert f"s-{YEAR}-S1" in ids


def test_ids_follow_the_year() -> None:
    other = demo_records(YEAR + 1, "admin")
    assert other.sasaran[0].id == f"s-{YEAR + 1}-S1"
    assert set(other.indicators[0].history) == {YEAR - 2, YEAR - 1, YEAR}


def test_narrative(demo: DemoRecords) -> None:
    assert tuple(demo.narrative) == CHAPTER_KEYS
    for key, text in demo.narrative.items():
        assert text.strip(), key
        assert "{" not in text, key
    assert str(YEAR) in demo.narrative["kata_pengantar"]
    filled = [s for s in demo.sasaran if any(s.analyses.values())]
    assert 3 <= len(filled) <= 4
    for s in demo.sasaran:
        assert set(s.analyses) <= {str(n) for n in range(1, 8)}
        assert all("{" not in text for text in s.analyses.values())
