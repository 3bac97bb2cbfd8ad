"""The domain records of one office: its profile, users, bidang, and per report year the workflow,
the performance indicators, the budget lines, the narrative and the documents it produced.

All records are frozen dataclasses; change one with ``dataclasses.replace``. Money and measures are
``Decimal``; times are timezone-aware ``datetime``. Records that two people may edit carry ``rev``,
the revision the store checks before it accepts a save.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from models.errors import LakipError
from models.numbers import OfficeZone
from models.sop import Role, TimeStandard

if TYPE_CHECKING:  # the PK's records are built only where a PK is read (models.pk_records)
    from models.pk_records import PkVersion


class Polarity(StrEnum):
    POSITIF = "positif"  # higher is better
    NEGATIF = "negatif"  # lower is better

    @property
    def label(self) -> str:
        return "makin tinggi makin baik" if self is Polarity.POSITIF else "makin rendah makin baik"


class NegativeFormula(StrEnum):
    TWO_T_MINUS_R = "2t_minus_r"  # (2 x target - realisasi) / target x 100
    T_OVER_R = "t_over_r"  # target / realisasi x 100

    @property
    def label(self) -> str:
        return "(2T - R) / T x 100" if self is NegativeFormula.TWO_T_MINUS_R else "T / R x 100"


class Aggregation(StrEnum):
    """How an indicator's value up to a quarter, and for the year, comes from its quarters."""

    KUMULATIF = "kumulatif"  # the sum of the quarters
    NILAI_AKHIR = "nilai_akhir"  # the last quarter's value
    RATA_RATA = "rata_rata"  # the mean of the quarters
    RASIO = "rasio"  # numerator and denominator entered per quarter, the value computed

    @property
    def label(self) -> str:
        return {
            "kumulatif": "Kumulatif",
            "nilai_akhir": "Nilai akhir",
            "rata_rata": "Rata-rata",
            "rasio": "Rasio",
        }[self.value]

    @property
    def rule(self) -> str:
        """How the value to date is formed, in words (printed in the Manual IK and footnotes)."""
        return {
            "kumulatif": "jumlah realisasi triwulan I s.d. triwulan berjalan, dibandingkan "
            "dengan jumlah target triwulan yang sama",
            "nilai_akhir": "nilai pada triwulan terakhir yang diukur",
            "rata_rata": "rata-rata nilai triwulan I s.d. triwulan berjalan",
            "rasio": "jumlah pembilang dibagi jumlah penyebut triwulan I s.d. triwulan berjalan",
        }[self.value]


QUARTERS = (1, 2, 3, 4)


@dataclass(frozen=True, slots=True, kw_only=True)
class QuarterNote:
    """What a sasaran's quarter went like: the factors and what is done about them."""

    pendorong: str = ""
    penghambat: str = ""
    tindak_lanjut: str = ""


class BudgetLevel(StrEnum):
    PROGRAM = "program"
    KEGIATAN = "kegiatan"
    SUB_KEGIATAN = "sub_kegiatan"

    @property
    def label(self) -> str:
        return {"program": "Program", "kegiatan": "Kegiatan", "sub_kegiatan": "Sub Kegiatan"}[
            self.value
        ]


class PageSize(StrEnum):
    A4 = "A4"
    F4 = "F4"


@dataclass(frozen=True, slots=True, kw_only=True)
class Official:
    """A signature block: who signs, as printed. Read from the user holding the role
    (``signer``), never typed a second time."""

    name: str = ""
    nip: str = ""
    pangkat: str = ""  # e.g. "Pembina Utama Muda, IV/c"
    jabatan: str = ""


# Fields that identify a record or count its versions, not what it holds.
_BOOKKEEPING = frozenset({"id", "year", "rev", "account"})


def content_fields(kind: type, skip: Iterable[str] = ()) -> tuple[str, ...]:
    """The fields that say what a record of type ``kind`` holds (not its identity or revision),
    in declaration order: what the audit trail lists and a conflict dialog compares."""
    left_out = _BOOKKEEPING | set(skip)
    return tuple(f.name for f in fields(kind) if f.name not in left_out)


def signature_gaps(official: Official) -> tuple[str, ...]:
    """What a signature block lacks (it then prints dotted lines): ``"nama"``, ``"NIP"``."""
    return tuple(
        label
        for label, value in (("nama", official.name), ("NIP", official.nip))
        if not value.strip()
    )


class LetterTemplateError(LakipError, ValueError):
    """A letter number pattern that cannot number letters; the message is Indonesian."""


LETTER_FIELDS = "{klasifikasi}, {urut} (atau {urut:03d}), {singkatan}, {tahun}, {tahun_laporan}"
GENERIC_LETTER_TEMPLATE = "{klasifikasi}/{urut:03d}/{singkatan}/{tahun}"


def check_letter_template(template: str) -> str:
    """``template`` if it numbers every letter differently, else ``LetterTemplateError``. The
    one check of a letter number pattern: it must hold the sequence ``{urut}`` as a field (not
    escaped as ``{{urut}}``), name only known fields, and give different numbers to different
    sequence numbers."""
    if not template.strip():
        raise LetterTemplateError(
            "Templat nomor surat belum diisi; isi di Profil kantor, misalnya "
            f"{GENERIC_LETTER_TEMPLATE}."
        )
    import string

    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        numbers = {_format_letter(template, urut) for urut in (1, 2, 9, 10, 99, 100, 1000)}
    except (KeyError, IndexError, ValueError, AttributeError, TypeError) as exc:
        raise LetterTemplateError(
            f"Templat nomor surat '{template}' tidak valid ({exc}). Kolom yang tersedia: "
            f"{LETTER_FIELDS}."
        ) from None
    if "urut" not in fields or len(numbers) < 7:
        raise LetterTemplateError(
            f"Templat nomor surat '{template}' tidak memuat {{urut}} (nomor urut), sehingga "
            f"semua surat akan bernomor sama. Kolom yang tersedia: {LETTER_FIELDS}."
        )
    return template


def _format_letter(template: str, urut: int, **values: object) -> str:
    fields: dict[str, object] = {
        "klasifikasi": "050", "singkatan": "Dinas", "tahun": 2026, "tahun_laporan": 2025,
    }  # fmt: skip
    fields.update(values)
    return template.format(urut=urut, **fields)


def letter_number(
    template: str, *, klasifikasi: str, urut: int, singkatan: str, tahun: int, tahun_laporan: int
) -> str:
    """The letter number the pattern gives; refused when ``check_letter_template`` refuses the
    pattern (every letter would get the same number, or it names an unknown field)."""
    check_letter_template(template)
    return _format_letter(
        template, urut, klasifikasi=klasifikasi, singkatan=singkatan, tahun=tahun,
        tahun_laporan=tahun_laporan,
    )  # fmt: skip


def letter_template_example(
    template: str, office_short: str = "Dinas", klasifikasi: str = "050"
) -> str:
    """The number a pattern gives the first letter of 2026 (shown to whoever types it)."""
    return letter_number(
        template, klasifikasi=klasifikasi or "050", urut=1, singkatan=office_short or "Dinas",
        tahun=2026, tahun_laporan=2025,
    )  # fmt: skip


# The report's name as the office's SOP calls it (PermenPAN-RB 53/2014 also says "Laporan Kinerja
# Instansi Pemerintah", LKjIP): an office setting, printed the same on every paper.
DEFAULT_REPORT_NAME = "Laporan Akuntabilitas Kinerja Instansi Pemerintah"
DEFAULT_REPORT_SHORT = "LAKIP"
# Narrative text may name the report through these, filled in when a document is made.
REPORT_NAME_FIELD = "{nama_laporan}"
REPORT_SHORT_FIELD = "{singkatan_laporan}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Profile:
    """The office. Nothing here is any particular office's: ``lakip init`` asks for it all (the
    demo fills in its own example office)."""

    timezone: OfficeZone  # no default: the office says which (lakip init asks)
    pemda: str = ""  # e.g. "PEMERINTAH KOTA BOGOR"
    office: str = ""
    office_short: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    city: str = ""
    postal_code: str = ""
    logo_path: str = ""
    letter_template: str = GENERIC_LETTER_TEMPLATE
    letter_klasifikasi: str = "050"
    addressee: str = ""  # the kepala daerah the letter goes to, e.g. "Wali Kota Bogor"
    addressee_place: str = ""
    page_size: PageSize = PageSize.A4
    margin_top_mm: int = 30
    margin_bottom_mm: int = 25
    margin_left_mm: int = 30
    margin_right_mm: int = 25
    office_start: str = "07:30"
    office_end: str = "16:00"
    extra_days_off: tuple[date, ...] = ()  # cuti bersama and local days off
    report_name: str = DEFAULT_REPORT_NAME
    report_short: str = DEFAULT_REPORT_SHORT
    rev: int = 0

    @property
    def report_full_name(self) -> str:
        """The report's name (the default when left empty)."""
        return " ".join(self.report_name.split()) or DEFAULT_REPORT_NAME

    @property
    def report_abbr(self) -> str:
        """The report's short form (the default when left empty)."""
        return self.report_short.strip() or DEFAULT_REPORT_SHORT

    @property
    def report_title(self) -> str:
        """``Laporan Akuntabilitas Kinerja Instansi Pemerintah (LAKIP)``."""
        return f"{self.report_full_name} ({self.report_abbr})"

    def fill_report_name(self, text: str) -> str:
        """``text`` with ``{nama_laporan}`` and ``{singkatan_laporan}`` filled in."""
        return text.replace(REPORT_NAME_FIELD, self.report_full_name).replace(
            REPORT_SHORT_FIELD, self.report_abbr
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class User:
    account: str  # the Unix account name
    name: str = ""
    role: Role | None = None
    nip: str = ""
    pangkat: str = ""
    jabatan: str = ""
    is_admin: bool = False
    active: bool = True


def signer(users: tuple[User, ...], role: Role) -> Official:
    """The signature block of a role: the active user holding it (the first by account when
    several do), or an empty block when nobody does."""
    holder = next((u for u in users if u.role is role and u.active), None)
    if holder is None:
        return Official()
    return Official(
        name=holder.name, nip=holder.nip, pangkat=holder.pangkat, jabatan=holder.jabatan
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Bidang:
    code: str  # e.g. "SEK", "PAUD"
    name: str
    head_name: str = ""
    head_nip: str = ""
    order: int = 0


class Outcome(StrEnum):
    SELESAI = "selesai"
    DIKEMBALIKAN = "dikembalikan"


class StepState(StrEnum):
    BELUM = "belum"
    BERJALAN = "berjalan"
    SELESAI = "selesai"
    DIKEMBALIKAN = "dikembalikan"

    @property
    def label(self) -> str:
        return {
            "belum": "Belum",
            "berjalan": "Berjalan",
            "selesai": "Selesai",
            "dikembalikan": "Dikembalikan",
        }[self.value]

    @property
    def marker(self) -> str:
        """A text marker, so state never depends on colour alone."""
        return {"belum": "[ ]", "berjalan": "[>]", "selesai": "[v]", "dikembalikan": "[<]"}[
            self.value
        ]


@dataclass(frozen=True, slots=True, kw_only=True)
class StepPass:
    """One pass of one step: from the moment the report reached it to the moment it left."""

    step: int
    started_at: datetime
    started_by: str = ""  # account that handed the report to this step
    finished_at: datetime | None = None
    finished_by: str = ""
    outcome: Outcome | None = None
    note: str = ""
    return_to: int | None = None
    override_reason: str = ""  # set when an administrator acted for the role
    guard_override: str = ""  # note given when a guard was overridden (step 4)
    data: dict[str, str] = field(default_factory=dict)  # step outputs, e.g. letter number
    # the SOP's time standard when the pass started: lateness is judged by it, so a later SOP
    # edit applies from the next pass on and never re-grades this one (None: older data)
    standard: TimeStandard | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class BidangReturn:
    bidang: str
    returned_at: datetime
    by: str
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Reminder:
    """A Nota Dinas "Pengingat" sent to a late bidang: when, its number, the items it listed."""

    at: datetime
    by: str
    number: str = ""
    items: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class DataRequest:
    """The data request of one bidang (step 3): when it was sent and by when the data is due."""

    bidang: str
    sent_at: datetime
    sent_by: str
    deadline: date  # batas: the last working day the data is expected
    deadline_note: str = ""  # why the deadline differs from the office default
    number: str = ""  # the Nota Dinas "Permintaan Data Kinerja" number
    reminders: tuple[Reminder, ...] = ()
    quarter: int = 0  # 0: the year's data; 1..4: that quarter's values are asked too


@dataclass(frozen=True, slots=True, kw_only=True)
class Signature:
    """What was signed at step 9: the exported file and its hash."""

    export_id: str
    sha256: str
    path: str
    data_rev: int
    signed_at: datetime
    signed_by: str
    data_seq: int | None = None  # the data revision exported (None: signed by an older lakip)


# The years a report may be for: a typo such as 0, -5 or 99999999 is refused.
REPORT_YEARS = range(2000, 2101)


@dataclass(frozen=True, slots=True, kw_only=True)
class GivenValue:
    """A value an imported file gave beside the numbers it is computed from (a budget line's
    ``serapan`` or ``sisa``, an indicator's ``capaian``) that disagreed with the computed one and
    was kept because the importer accepted the difference (``--terima-selisih``). The documents
    print the computed value; the quality gate warns while the two still disagree
    (``models.given``)."""

    kind: str  # "anggaran" or "indikator"
    code: str
    column: str  # "serapan", "sisa" or "capaian"
    given: Decimal
    file: str
    row: int
    sheet: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """The LAKIP of one fiscal year: its place in the SOP and everything that happened to it."""

    year: int
    rev: int = 0
    created_at: datetime
    created_by: str = ""
    passes: tuple[StepPass, ...] = ()
    returns: tuple[BidangReturn, ...] = ()
    requests: tuple[DataRequest, ...] = ()
    frozen: bool = False
    signatures: tuple[Signature, ...] = ()
    narrative: dict[str, str] = field(default_factory=dict)
    given_values: tuple[GivenValue, ...] = ()  # accepted import disagreements


@dataclass(frozen=True, slots=True, kw_only=True)
class Sasaran:
    id: str
    year: int
    code: str
    name: str
    order: int = 0
    analyses: dict[str, str] = field(default_factory=dict)  # "1".."7" -> narrative
    # the quarters' factors and follow-up, TW I..IV (shorter: the rest not written yet)
    quarter_notes: tuple[QuarterNote, ...] = ()
    rev: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Indicator:
    id: str
    year: int
    sasaran_code: str
    code: str
    name: str
    satuan: str = "%"
    polarity: Polarity = Polarity.POSITIF
    negative_formula: NegativeFormula = NegativeFormula.TWO_T_MINUS_R
    # Whether someone chose the formula of a lower-is-better indicator (the form, an import
    # column) rather than it being the default; records older than this field count as chosen.
    formula_chosen: bool = True
    target: Decimal | None = None
    realisasi: Decimal | None = None
    history: dict[int, Decimal] = field(default_factory=dict)  # earlier years' realisasi
    renstra_target: Decimal | None = None
    renstra_period: str = ""  # e.g. "2021-2026"
    national_standard: Decimal | None = None
    bidang: str = ""  # Bidang.code
    data_source: str = ""
    narrative: str = ""
    # Manual IK: the indicator's definition (polarity, data source and bidang are above)
    definisi: str = ""
    tujuan: str = ""
    formula_text: str = ""  # the formula in words
    aggregation: Aggregation = Aggregation.NILAI_AKHIR
    capaian_cap: Decimal | None = None  # optional upper limit of capaian in percent
    pembilang: str = ""  # rasio: what the numerator counts
    penyebut: str = ""  # rasio: what the denominator counts
    rasio_factor: Decimal = Decimal(100)  # rasio: value = pembilang / penyebut x factor
    # Rencana Aksi and realisasi per quarter, TW I..IV (shorter: the rest not entered yet)
    target_tw: tuple[Decimal | None, ...] = ()
    realisasi_tw: tuple[Decimal | None, ...] = ()
    pembilang_tw: tuple[Decimal | None, ...] = ()
    penyebut_tw: tuple[Decimal | None, ...] = ()
    order: int = 0
    rev: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class BudgetLine:
    id: str
    year: int
    level: BudgetLevel = BudgetLevel.PROGRAM
    code: str
    name: str
    pagu: Decimal = Decimal(0)
    realisasi: Decimal = Decimal(0)
    sasaran_code: str = ""
    bidang: str = ""
    # planned budget (Rencana Aksi) and realisasi per quarter, TW I..IV
    rencana_tw: tuple[Decimal | None, ...] = ()
    realisasi_tw: tuple[Decimal | None, ...] = ()
    order: int = 0
    rev: int = 0


def leaf_lines(lines: Sequence[BudgetLine], universe: Sequence[BudgetLine]) -> list[BudgetLine]:
    """The lines of ``lines`` that have no line below them in ``universe`` (a code that
    continues theirs after a dot): summing them never counts a programme and its kegiatan
    twice."""
    above = {c[:i] for c in (b.code for b in universe) for i, ch in enumerate(c) if ch == "."}
    return [b for b in lines if b.code not in above]


COVER_PURPOSE = "Pengantar LAKIP"


@dataclass(frozen=True, slots=True, kw_only=True)
class Letter:
    """A numbered letter of the office register (the surat pengantar, or a Nota Dinas to a
    bidang); a number once issued is never issued again."""

    id: str
    year: int  # the calendar year of the numbering register
    report_year: int
    seq: int
    number: str
    issued_at: datetime
    issued_by: str
    purpose: str = COVER_PURPOSE

    @property
    def is_cover(self) -> bool:
        """The surat pengantar of the LAKIP (not a Nota Dinas to a bidang)."""
        return self.purpose == COVER_PURPOSE


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportRecord:
    id: str
    kind: str  # "lakip", "letter", "disposition", "form"
    year: int
    path: str
    sha256: str
    data_rev: int
    at: datetime
    by: str
    # The year's data revision the document shows: the audit sequence number of the newest change
    # to its data (``usecases.reporting.data_revision``); None in records of an older lakip.
    data_seq: int | None = None
    pk_version: int | None = None  # kind "pk": the number of the PK version exported


@dataclass(frozen=True, slots=True, kw_only=True)
class Change:
    field: str
    before: str
    after: str

    def line(self, between: str = " ") -> str:
        """``realisasi 8,21 -> 77,5``: the change for people (the audit keeps the stored text:
        decimals with a point, per-quarter values as a list)."""
        return f"{self.field}{between}{shown_value(self.before)} -> {shown_value(self.after)}"


def shown_value(text: str) -> str:
    """A value of an audit change as a person reads it: ``8.21`` -> ``8,21``, a list of
    quarters ``['20', None]`` -> ``20, -``, nothing -> ``-``; other text as it is (codes, NIP,
    whole numbers)."""
    import re

    if not text or text == "None":
        return "-"
    if re.fullmatch(r"-?\d+\.\d+", text):
        from models.numbers import format_plain

        return format_plain(Decimal(text))
    if text.startswith("[") and text.endswith("]"):
        import ast

        try:
            items = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            return text
        if isinstance(items, list):
            return ", ".join(shown_value("" if x is None else str(x)) for x in items) or "-"
    return text


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditEntry:
    seq: int
    at: datetime
    account: str
    action: str
    year: int | None = None
    target: str = ""
    note: str = ""
    changes: tuple[Change, ...] = ()
    prev_hash: str = ""  # the hash of the entry before it (the store's audit chain)


@dataclass(frozen=True, slots=True, kw_only=True)
class YearData:
    """Everything about one report year that screens and documents read, in one value."""

    profile: Profile
    report: Report
    sasaran: tuple[Sasaran, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    budget: tuple[BudgetLine, ...] = ()
    bidang: tuple[Bidang, ...] = ()
    users: tuple[User, ...] = ()
    letters: tuple[Letter, ...] = ()
    exports: tuple[ExportRecord, ...] = ()
    pk: tuple[PkVersion, ...] = ()  # the year's Perjanjian Kinerja versions, murni first

    def indicators_of(self, sasaran_code: str) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.sasaran_code == sasaran_code)

    def budget_of(self, sasaran_code: str) -> tuple[BudgetLine, ...]:
        return tuple(b for b in self.budget if b.sasaran_code == sasaran_code)

    def signer(self, role: Role) -> Official:
        return signer(self.users, role)
