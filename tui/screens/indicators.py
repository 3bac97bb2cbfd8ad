"""The indicators screen: sasaran and their indicators with capaian and predikat; the indicator
and sasaran forms; the seven analyses of a sasaran next to the numbers they discuss."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from decimal import Decimal
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, DataTable, Input, Static, TextArea

from models.budget import sasaran_efficiency
from models.domain import Indicator, NegativeFormula, Polarity, Sasaran, YearData
from models.errors import LakipError, error_text
from models.formulas import (
    capaian_of,
    predikat,
    renstra_progress,
)
from models.numbers import format_measure, format_percent
from models.report import analysis
from store.errors import Conflict
from tui.base import KeyBar, run_store
from tui.screens.data_base import (
    RELOAD,
    Column,
    ConfirmDialog,
    ConflictDialog,
    DataScreen,
    FormField,
    FormScreen,
    TextScreen,
    bidang_choices,
    delete_asked,
    form_labels,
    plain,
    put_text,
    sasaran_choices,
)
from usecases.context import Context
from usecases.data import DataView
from usecases.quarters import BudgetRow, IndicatorRow, QuarterView, view_of

SORTS = ("kode", "capaian naik", "capaian turun")


def formula_short(ind: Indicator) -> str:
    if ind.polarity is Polarity.POSITIF:
        return "R/T"
    return "2T-R" if ind.negative_formula is NegativeFormula.TWO_T_MINUS_R else "T/R"


def _num(value: Decimal | None, satuan: str = "") -> str:
    return format_measure(value, satuan)


def _pct(value: Decimal | None) -> str:
    return "-" if value is None else format_percent(value).removesuffix(" %")


def capaian_line(ind: Indicator) -> str:
    c = capaian_of(ind)
    if c.value is None:
        return f"Capaian: - ({c.reason}); rumus {c.formula}"
    return f"Capaian: {format_percent(c.value)} ({predikat(c.value)}); rumus {c.formula}" + (
        f" ({ind.polarity.label})" if ind.polarity is Polarity.NEGATIF else ""
    )


# -- forms ------------------------------------------------------------------------------------


def _history(back: int) -> FormField:
    """The realisasi of the year ``back`` years before the report's: one year of ``history``."""

    def put(item: Indicator, year: int, value: Decimal | None) -> Indicator:
        history = {y: v for y, v in item.history.items() if y != year - back}
        if value is not None:
            history[year - back] = value
        return replace(item, history=history)

    return FormField(
        "history", lambda year: f"Realisasi {year - back}", kind="number", key=f"h{back}",
        get=lambda item, year: item.history.get(year - back), put=put,
        diff_label="Realisasi tahun lalu",
    )  # fmt: skip


SASARAN_FIELDS = (
    FormField("code", "Kode sasaran", kind="code", required=True),
    FormField("name", "Nama sasaran", required=True),
)

# An indicator's form, one line a field (PRODUCT.md section 3), numbers read the Indonesian way.
INDICATOR_FIELDS = (
    FormField("sasaran_code", "Sasaran", key="sasaran", choices=sasaran_choices),
    FormField("code", "Kode indikator", kind="code", required=True),
    FormField("name", "Nama indikator", required=True),
    FormField("satuan", "Satuan", required=True, wide=False),
    FormField("polarity", "Polaritas", enum=Polarity, choices=lambda _form: [
        ("positif: makin tinggi makin baik", "positif"),
        ("negatif: makin rendah makin baik", "negatif")]),
    FormField("negative_formula", "Rumus jika negatif", key="formula", enum=NegativeFormula,
              choices=lambda _form: [
                  ("(2T - R) / T x 100 (bawaan)", NegativeFormula.TWO_T_MINUS_R.value),
                  ("T / R x 100", NegativeFormula.T_OVER_R.value)]),
    FormField("target", lambda year: f"Target {year}", kind="number", diff_label="Target"),
    FormField("realisasi", lambda year: f"Realisasi {year}", kind="number",
              diff_label="Realisasi"),
    _history(1),
    _history(2),
    _history(3),
    FormField("renstra_target", "Target Renstra", kind="number", key="renstra"),
    FormField("renstra_period", "Periode Renstra", key="period", help="2021-2026", wide=False),
    FormField("national_standard", "Standar nasional", kind="number", key="national"),
    FormField("bidang", "Bidang", choices=bidang_choices, allow_blank=True),
    FormField("data_source", "Sumber data", key="source"),
)  # fmt: skip
INDICATOR_OTHERS = {  # written elsewhere (or by saving the form), compared too
    "formula_chosen": "Rumus negatif dipilih",
    "narrative": "Narasi",
    "order": "Urutan",
    # the Manual IK and the quarters (lakip manual-ik, lakip triwulan)
    "definisi": "Definisi",
    "tujuan": "Tujuan",
    "formula_text": "Formula",
    "aggregation": "Agregasi",
    "capaian_cap": "Batas capaian",
    "pembilang": "Pembilang",
    "penyebut": "Penyebut",
    "rasio_factor": "Pengali rasio",
    "target_tw": "Target triwulan",
    "realisasi_tw": "Realisasi triwulan",
    "pembilang_tw": "Pembilang triwulan",
    "penyebut_tw": "Penyebut triwulan",
}
# Every field of an indicator the conflict dialog compares (models.domain.content_fields).
INDICATOR_LABELS = form_labels(INDICATOR_FIELDS, 0, Indicator, INDICATOR_OTHERS)


class SasaranForm(FormScreen):
    item: Sasaran
    FIELDS = SASARAN_FIELDS
    OTHER_LABELS: ClassVar[dict[str, str]] = {
        "analyses": "Analisis",
        "order": "Urutan",
        "quarter_notes": "Catatan triwulan",
    }

    def __init__(self, ctx: Context, year: int, item: Sasaran | None = None) -> None:
        super().__init__(ctx, year)
        self.item = item or Sasaran(id="", year=year, code="", name="")
        self.TITLE_TEXT = "Ubah sasaran" if item else "Tambah sasaran"

    def save(self) -> Callable[[], Sasaran]:
        from usecases.data import save_sasaran

        item = self.collect()
        return lambda: save_sasaran(self.ctx, self.year, item)

    def find(self, data: YearData) -> Sasaran | None:
        return next((s for s in data.sasaran if s.id == self.item.id), None)


class IndicatorForm(FormScreen):
    """Every field of an indicator (``INDICATOR_FIELDS``)."""

    item: Indicator
    FIELDS = INDICATOR_FIELDS
    OTHER_LABELS = INDICATOR_OTHERS
    PREVIEW = "Capaian"

    def __init__(
        self,
        ctx: Context,
        year: int,
        data: YearData,
        item: Indicator | None = None,
        sasaran_code: str = "",
    ) -> None:
        super().__init__(ctx, year)
        self.data = data
        default_sasaran = sasaran_code or (data.sasaran[0].code if data.sasaran else "")
        self.item = item or Indicator(
            id="", year=year, sasaran_code=default_sasaran, code="", name=""
        )
        self.TITLE_TEXT = (
            f"Ubah indikator {item.code} (tahun {year})" if item else f"Tambah indikator ({year})"
        )

    def preview(self, item: Indicator) -> str:
        return capaian_line(item)

    def save(self) -> Callable[[], Indicator]:
        from usecases.data import save_indicator

        # the form shows the formula of a lower-is-better indicator: saving it chooses it
        item = replace(self.collect(), formula_chosen=True)
        return lambda: save_indicator(self.ctx, self.year, item)

    def find(self, data: YearData) -> Indicator | None:
        if not self.item.id:
            return None
        return next((i for i in data.indicators if i.id == self.item.id), None)


# -- a quarter's values ----------------------------------------------------------------------

QUARTER_CHOICES = (0, 1, 2, 3, 4)  # 0: the year (Tahunan); 1..4: TW I..IV


def quarter_name(n: int) -> str:
    """``Tahunan`` or ``TW II``: the selector's value as the headings show it."""
    from models.quarters import quarter_label

    return "Tahunan" if n == 0 else quarter_label(n)


def next_quarter(n: int) -> int:
    """The selector's next value (Tahunan, TW I .. TW IV, Tahunan ...)."""
    return QUARTER_CHOICES[(QUARTER_CHOICES.index(n) + 1) % len(QUARTER_CHOICES)]


def missing_text(rows: Iterable[IndicatorRow | BudgetRow]) -> str:
    """The heading's note of the quarters some of ``rows`` still lack data for."""
    from models.quarters import quarter_label

    missing = sorted({q for row in rows for q in row.missing})
    if not missing:
        return "data lengkap"
    return "belum lengkap: " + ", ".join(quarter_label(q) for q in missing)


def quarter_field(attr: str, label: str, n: int, kind: str = "number") -> FormField:
    """Quarter ``n``'s value of a per-quarter tuple (``target_tw``, ``rencana_tw`` ...)."""
    from models.quarters import at, quarter_label, with_quarter

    return FormField(
        attr, f"{label} {quarter_label(n)}", kind=kind, key=f"{attr}{n}",
        get=lambda item, _year: at(getattr(item, attr), n),
        put=lambda item, _year, value: replace(
            item, **{attr: with_quarter(getattr(item, attr), n, value)}
        ),
    )  # fmt: skip


def indicator_quarter_fields(ind: Indicator, n: int) -> tuple[FormField, ...]:
    """The quarter form's fields: target and realisasi, or for a rasio indicator target,
    numerator and denominator (its realisasi is computed)."""
    from models.domain import Aggregation

    if ind.aggregation is Aggregation.RASIO:
        return (
            quarter_field("target_tw", "Target", n),
            quarter_field("pembilang_tw", "Pembilang", n),
            quarter_field("penyebut_tw", "Penyebut", n),
        )
    return quarter_field("target_tw", "Target", n), quarter_field("realisasi_tw", "Realisasi", n)


class IndicatorQuarterForm(FormScreen):
    """One indicator's values of quarter ``n``, saved through ``usecases.quarters.save_quarter``."""

    item: Indicator
    OTHER_LABELS = INDICATOR_OTHERS
    PREVIEW = "Capaian s.d. triwulan"

    def __init__(self, ctx: Context, year: int, item: Indicator, n: int) -> None:
        super().__init__(ctx, year)
        self.item = item
        self.quarter = n
        self.FIELDS = indicator_quarter_fields(item, n)  # type: ignore[misc]
        self.TITLE_TEXT = f"{quarter_name(n)} indikator {item.code} ({year}): {item.name}"

    def preview(self, item: Indicator) -> str:
        from models.quarters import quarter_figure

        fig = quarter_figure(item, self.quarter)
        c = fig.capaian
        cap = f"{format_percent(c.value)} ({fig.predikat})" if c.value is not None \
            else f"- ({c.reason})"  # fmt: skip
        return (
            f"S.d. {quarter_name(self.quarter)}: target {_num(fig.target_to_date)}, realisasi "
            f"{_num(fig.realisasi_to_date)}, capaian {cap}"
        )

    def save(self) -> Callable[[], Indicator]:
        from models.domain import Aggregation
        from models.quarters import at
        from usecases.quarters import KEEP, save_quarter

        item, n, rev = self.collect(), self.quarter, self.item.rev
        rasio = item.aggregation is Aggregation.RASIO
        return lambda: save_quarter(
            self.ctx, self.year, item.code, n,
            target=at(item.target_tw, n),
            realisasi=KEEP if rasio else at(item.realisasi_tw, n),
            pembilang=at(item.pembilang_tw, n) if rasio else KEEP,
            penyebut=at(item.penyebut_tw, n) if rasio else KEEP,
            rev=rev,
        )  # fmt: skip

    def find(self, data: YearData) -> Indicator | None:
        return next((i for i in data.indicators if i.id == self.item.id), None)


# -- the seven analyses -----------------------------------------------------------------------


def sasaran_numbers(data: YearData, s: Sasaran) -> str:
    """The numbers the seven analyses discuss, as plain lines."""
    year = data.report.year
    lines: list[str] = []
    for ind in data.indicators_of(s.code):
        c = capaian_of(ind)
        u = ind.satuan
        lines.append(f"{ind.code} {ind.name} ({u})")
        lines.append(
            f"  [1] target {_num(ind.target, u)}, realisasi {_num(ind.realisasi, u)}, capaian "
            f"{format_percent(c.value)} {predikat(c.value)} (rumus {c.formula})"
        )
        hist = ", ".join(f"{y}: {_num(ind.history.get(y), u)}" for y in range(year - 3, year))
        lines.append(f"  [2] tahun sebelumnya {hist}")
        progress = renstra_progress(
            ind.realisasi, ind.renstra_target, ind.polarity, ind.negative_formula
        )
        lines.append(
            f"  [3] target Renstra {_num(ind.renstra_target, u)} ({ind.renstra_period or '-'}): "
            f"{format_percent(progress)}"
            f"   [4] standar nasional {_num(ind.national_standard, u)}"
        )
    found = sasaran_efficiency(data.indicators_of(s.code), data.budget_of(s.code), data.budget)
    lines.append(
        f"[6] rata-rata capaian {format_percent(found.capaian)}, serapan anggaran "
        f"{format_percent(found.serapan)} ({found.lines} kegiatan), efisiensi "
        f"{_pct(found.efisiensi)}"
    )
    return "\n".join(lines)


class AnalysesScreen(TextScreen):
    """The seven analyses of one sasaran, each a TextArea, under the numbers they discuss."""

    HELP_TITLE = "analisis capaian"

    DEFAULT_CSS = """
    AnalysesScreen #numbers { height: 7; border-bottom: solid $primary; padding: 0 1; }
    AnalysesScreen #which { height: 2; padding: 0 1; text-style: bold; }
    AnalysesScreen TextArea { height: 1fr; }
    AnalysesScreen #bar { height: 1; padding: 0 1; }
    AnalysesScreen #bar Button { margin-right: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "save", "Simpan", priority=True),
        Binding("f3", "move(-1)", "Sebelumnya", priority=True),
        Binding("f4", "move(1)", "Berikutnya", priority=True),
        Binding("f5", "editor", "Editor", priority=True),
        Binding("f6", "from_quarters", "Ambil dari catatan triwulan", priority=True),
        Binding("ctrl+a", "select_all", "Pilih semua teks", show=False, priority=True),
        Binding("escape", "back", "Kembali"),
    ]

    def __init__(self, ctx: Context, year: int, sasaran: Sasaran) -> None:
        super().__init__(ctx, year)
        self.sasaran = sasaran
        self.current = "1"
        self.drafts = dict(sasaran.analyses)

    def compose(self) -> ComposeResult:
        yield self.banner()
        yield Static(plain(f"Analisis sasaran {self.sasaran.code}: {self.sasaran.name}"),
                     id="heading")  # fmt: skip
        with VerticalScroll(id="numbers"):
            yield Static("", id="numbers-text")
        yield Static("", id="which")
        yield TextArea("", id="analysis", soft_wrap=True, tab_behavior="focus")
        with Horizontal(id="bar"):
            yield Button("< F3", id="prev", compact=True)
            yield Button("F4 >", id="next", compact=True)
            yield Button("Editor F5", id="editor", compact=True)
            yield Button("Simpan F2", id="save", compact=True, variant="primary")
            yield Button("Kembali Esc", id="back", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        self.show_current()
        self.query_one(TextArea).focus()

    def show(self, view: DataView) -> None:
        fresh = next((s for s in view.data.sasaran if s.id == self.sasaran.id), None)
        if fresh is not None and fresh.rev != self.sasaran.rev and not self.dirty():
            self.sasaran = fresh
            self.drafts = dict(fresh.analyses)
            self.show_current()
        self.query_one("#numbers-text", Static).update(
            plain(sasaran_numbers(view.data, fresh or self.sasaran))
        )
        self.query_one(TextArea).read_only = bool(self.refusal)

    def dirty(self) -> bool:
        self.keep_current()
        keys = set(self.drafts) | set(self.sasaran.analyses)
        return any(
            self.drafts.get(k, "").rstrip() != self.sasaran.analyses.get(k, "").rstrip()
            for k in keys
        )

    def keep_current(self) -> None:
        self.drafts[self.current] = self.query_one(TextArea).text

    def show_current(self) -> None:
        state = "" if self.drafts.get(self.current, "").strip() else " (kosong)"
        self.query_one("#which", Static).update(
            plain(f"Analisis {self.current}/7: {analysis(self.current).short}{state}")
        )
        self.query_one(TextArea).load_text(self.drafts.get(self.current, ""))

    def action_move(self, step: int) -> None:
        self.keep_current()
        self.current = str((int(self.current) - 1 + step) % 7 + 1)
        self.show_current()

    def action_save(self) -> None:
        from usecases.data import save_analyses

        self.keep_current()
        sasaran, drafts = self.sasaran, dict(self.drafts)

        def saved(stored: Sasaran) -> None:
            self.sasaran = stored
            self.drafts = dict(stored.analyses)
            self.app.notify(markup=False, message=f"Analisis sasaran {stored.code} tersimpan.")
            self.action_reload()

        def failed(exc: LakipError) -> None:
            if isinstance(exc, Conflict):
                self.app.push_screen(ConflictDialog(error_text(exc)), self._after_conflict)
            else:
                self.app.notify(markup=False, message=error_text(exc), severity="error", timeout=8)

        run_store(self, lambda: save_analyses(self.ctx, self.year, sasaran, drafts), saved, failed)

    def _after_conflict(self, choice: str | None) -> None:
        from usecases.data import load

        ctx, year = self.ctx, self.year
        run_store(
            self,
            lambda: load(ctx, year),
            lambda view: self._resolve(choice, view),
            self._load_failed,
            writes=False,
        )

    def _resolve(self, choice: str | None, view: DataView) -> None:
        fresh = next((s for s in view.data.sasaran if s.id == self.sasaran.id), None)
        if fresh is None:
            self.app.notify(
                markup=False, message="Sasaran ini sudah dihapus orang lain.", severity="warning"
            )
            return
        if choice == RELOAD:
            self.sasaran = fresh
            self.drafts = dict(fresh.analyses)
            self.show_current()
        else:
            self.sasaran = replace(self.sasaran, rev=fresh.rev)
            self.app.notify(
                markup=False,
                message="Isian Anda tetap; Simpan (F2) lagi untuk mengganti versi lain.",
            )

    def action_from_quarters(self) -> None:
        """Analysis 5 (causes and solutions) in the editor, filled with the four quarters'
        factors and follow-up as a marked draft the office edits; nothing is saved here."""
        from models.report import CAUSES_KEY, quarter_draft

        if self.refuse_if_locked():
            return
        draft = quarter_draft(self.sasaran.quarter_notes)
        if not draft:
            self.app.notify(
                markup=False,
                message=f"Sasaran {self.sasaran.code} belum punya catatan triwulan.",
                severity="warning",
            )
            return
        self.keep_current()
        self.current = CAUSES_KEY
        self.show_current()
        written = self.drafts.get(CAUSES_KEY, "").strip()
        if written and written != draft:
            self.app.push_screen(
                ConfirmDialog(
                    f"Analisis {CAUSES_KEY} sudah berisi teks. Ganti dengan draf dari catatan "
                    "triwulan?",
                    yes="Ganti (y)",
                ),
                lambda ok: self._put_draft(draft) if ok else None,
            )
            return
        self._put_draft(draft)

    def _put_draft(self, draft: str) -> None:
        from models.report import CAUSES_KEY

        self.drafts[CAUSES_KEY] = draft
        self.show_current()
        self.app.notify(
            markup=False,
            message="Draf dari catatan triwulan dimuat (belum disimpan): sunting, hapus tanda "
            "[Draf ...], lalu Simpan (F2).",
        )

    def edited(self) -> None:
        self.keep_current()

    def unsaved(self) -> str:
        if not self.dirty():
            return ""
        return "Ada analisis yang belum disimpan. Tinggalkan tanpa menyimpan?"

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        actions = {
            "prev": lambda: self.action_move(-1),
            "next": lambda: self.action_move(1),
            "editor": self.action_editor,
            "save": self.action_save,
            "back": self.action_back,
        }
        actions[event.button.id or "back"]()


# -- the screen -------------------------------------------------------------------------------


class IndicatorsScreen(DataScreen):
    """Sasaran and indicators of the report year, with capaian and predikat."""

    HELP_TITLE = "indikator kinerja"

    DEFAULT_CSS = """
    IndicatorsScreen #heading { height: auto; max-height: 2; }
    IndicatorsScreen #search { height: 1; margin: 0 1; }
    IndicatorsScreen DataTable { height: 1fr; }
    IndicatorsScreen #detail {
        height: auto; max-height: 7; padding: 0 1; border-top: solid $primary;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Tambah"),
        Binding("e", "edit", "Ubah"),
        Binding("d", "delete", "Hapus"),
        Binding("s", "add_sasaran", "Sasaran+"),
        Binding("t", "analyses", "Analisis"),
        Binding("f", "filter", "Bidang"),
        Binding("w", "quarter", "Triwulan"),
        Binding("o", "sort", "Urut", show=False),
        Binding("slash", "search", "Cari"),
        Binding("r", "reload", "Muat ulang", show=False),
        Binding("escape", "back", "Kembali"),
    ]

    def __init__(self, ctx: Context, year: int) -> None:
        super().__init__(ctx, year)
        self.data: YearData | None = None
        self.bidang_filter = ""
        self.sort = SORTS[0]
        self.quarter = 0  # 0: the year's values; 1..4: the quarter's, to date
        self.qview: QuarterView | None = None
        # per reading of the data: each quarter's view, its rows by indicator id, and the
        # table rows as shown (``w`` cycles through the quarters; a row move reads them)
        self._views: dict[int, tuple[QuarterView, dict[str, IndicatorRow]]] = {}
        self._shown_rows: dict[tuple[int, str], tuple[str, list[Text]]] = {}

    def compose(self) -> ComposeResult:
        search = Input(placeholder="Cari kode/nama indikator ( / )", id="search", compact=True)
        yield from self.table_layout(search=search)

    # the name keeps at least 24 cells (five indicators start "Angka Partisipasi"): at 80
    # columns the predikat gives way to it (it stands in the detail line)
    COLUMNS = (
        Column("Kode"),
        Column("Indikator", flex=24),
        Column("Sat"),
        Column("Target"),
        Column("Realis"),
        Column("Capai%"),
        Column("Rumus", optional=2),
        Column("Predikat", optional=1),
        Column("Bidang", optional=3),
    )

    # -- data

    def show(self, view: DataView) -> None:
        self.data = view.data
        self._views.clear()
        self._shown_rows.clear()
        self.qview = self.quarter_view()
        self.fill()

    def quarter_view(self) -> QuarterView | None:
        """The chosen quarter's view of the data (None for Tahunan), worked out once a reading."""
        if not self.quarter or self.data is None:
            return None
        if self.quarter not in self._views:
            qview = view_of(self.data, self.quarter)
            self._views[self.quarter] = qview, {r.indicator.id: r for r in qview.indicators}
        return self._views[self.quarter][0]

    def capaian(self, ind: Indicator) -> Decimal | None:
        """The capaian shown: the year's, or the chosen quarter's to date."""
        if self.qview is None:
            return capaian_of(ind).value
        return self.qview_row(ind).figure.capaian.value

    def qview_row(self, ind: Indicator) -> IndicatorRow:
        assert self.qview is not None
        return self._views[self.quarter][1][ind.id]

    def shown_items(self) -> list[Indicator]:
        assert self.data is not None
        needle = self.query_one("#search", Input).value.strip().lower()
        items = [
            i
            for i in self.data.indicators
            if (not self.bidang_filter or i.bidang == self.bidang_filter)
            and (not needle or needle in i.code.lower() or needle in i.name.lower())
        ]
        if self.sort != "kode":

            def key(i: Indicator) -> Decimal:
                v = self.capaian(i)
                return Decimal("-1e9") if v is None else v

            items.sort(key=key, reverse=self.sort == "capaian turun")
        return items

    def fill(self) -> None:
        assert self.data is not None
        rows: list[tuple[str, list[Text]]] = []
        items = self.shown_items()
        if self.sort == "kode":
            searching = self.bidang_filter or self.query_one("#search", Input).value
            for s in self.data.sasaran:
                mine = [i for i in items if i.sasaran_code == s.code]
                if not mine and searching:
                    continue
                cells = [plain(s.code, style="bold"), plain(s.name, style="bold")]
                rows.append((f"s:{s.id}", cells + [Text()] * (len(self.COLUMNS) - 2)))
                rows += [self._row(ind) for ind in mine]
        else:
            rows += [self._row(ind) for ind in items]
        self.put_rows(rows)
        n = len(items)
        flt = f"bidang {self.bidang_filter}" if self.bidang_filter else "semua bidang"
        which = "Tahunan (w: triwulan)"
        if self.qview is not None:
            which = f"{quarter_name(self.quarter)} s.d., {missing_text(self.qview.indicators)}"
        put_text(
            self.query_one("#heading", Static),
            plain(
                f"Indikator kinerja {self.year} [{which}]: {n} indikator, {flt}, urut {self.sort}"
            ),
        )
        self.show_detail()

    def _row(self, ind: Indicator) -> tuple[str, list[Text]]:
        key = (self.quarter, ind.id)
        if key not in self._shown_rows:
            self._shown_rows[key] = self._make_row(ind)
        return self._shown_rows[key]

    def _make_row(self, ind: Indicator) -> tuple[str, list[Text]]:
        from models.quarters import format_value

        target, real, value = ind.target, ind.realisasi, self.capaian(ind)
        shown_target, shown_real = _num(target, ind.satuan), _num(real, ind.satuan)
        if self.qview is not None:
            fig = self.qview_row(ind).figure
            shown_target = format_value(fig.target_to_date, ind)
            shown_real = format_value(fig.realisasi_to_date, ind)
        return f"i:{ind.id}", [
            plain(ind.code),
            plain(ind.name),
            plain(ind.satuan),
            plain(shown_target, justify="right"),
            plain(shown_real, justify="right"),
            plain(_pct(value), justify="right"),
            plain(formula_short(ind)),
            plain(predikat(value)),
            plain(ind.bidang),
        ]

    def current(self) -> Indicator | Sasaran | None:
        key = self.current_key()
        if key is None or self.data is None:
            return None
        kind, _, ident = key.partition(":")
        pool: tuple[Any, ...] = self.data.indicators if kind == "i" else self.data.sasaran
        return next((x for x in pool if x.id == ident), None)

    def show_detail(self) -> None:
        item = self.current()
        detail = self.query_one("#detail", Static)
        if isinstance(item, Indicator):
            bidang = next((b.name for b in self.data.bidang if b.code == item.bidang), "-") \
                if self.data else "-"  # fmt: skip
            unit = f" {item.satuan}" if item.satuan else ""
            numbers = (
                f"Target {_num(item.target, item.satuan)}{unit}; "
                f"realisasi {_num(item.realisasi, item.satuan)}{unit}\n{capaian_line(item)}"
            )
            if self.qview is not None:
                numbers = self.quarter_detail(item, unit)
            else:
                numbers += self.history_line(item)
            put_text(
                detail,
                plain(
                    f"{item.code} {item.name} ({item.satuan}; {item.polarity.label})\n"
                    f"{numbers}\nBidang: {bidang}; sumber: {item.data_source or '-'}"
                ),
            )
        elif isinstance(item, Sasaran):
            n = len(self.data.indicators_of(item.code)) if self.data else 0
            filled = sum(1 for v in item.analyses.values() if v.strip())
            put_text(
                detail,
                plain(
                    f"Sasaran {item.code}: {item.name}\n{n} indikator; analisis terisi "
                    f"{filled}/7 (t: tulis analisis)"
                ),
            )
        else:
            put_text(detail, plain("Belum ada data. a: tambah indikator, s: tambah sasaran."))

    def history_line(self, item: Indicator) -> str:
        """The realisasi of the three years before and this one, with a small chart in block
        characters (none on an ASCII terminal, whose font may lack them; the values stay)."""
        from models.numbers import spark_bars
        from tui.term import ASCII, glyphs_of

        years = range(self.year - 3, self.year + 1)
        values = [item.realisasi if y == self.year else item.history.get(y) for y in years]
        if all(v is None for v in values[:-1]):
            return ""
        chart = "" if glyphs_of(self.app) is ASCII else f" {spark_bars(values)}"
        shown = "; ".join(f"{y} {_num(v, item.satuan)}" for y, v in zip(years, values, strict=True))
        return f"\nRiwayat realisasi{chart}: {shown}"

    def quarter_detail(self, item: Indicator, unit: str) -> str:
        from models.quarters import format_value, quarter_label

        row = self.qview_row(item)
        fig, n = row.figure, self.quarter
        c = fig.capaian
        cap = f"{format_percent(c.value)} ({fig.predikat})" if c.value is not None \
            else f"- ({c.reason})"  # fmt: skip
        gaps = ", ".join(quarter_label(q) for q in row.missing)
        return (
            f"{quarter_label(n)}: target {format_value(fig.target, item)}{unit}, realisasi "
            f"{format_value(fig.realisasi, item)}{unit}; s.d. {quarter_label(n)}: target "
            f"{format_value(fig.target_to_date, item)}{unit}, realisasi "
            f"{format_value(fig.realisasi_to_date, item)}{unit}\nCapaian s.d. {quarter_label(n)}: "
            f"{cap}; agregasi {item.aggregation.label.lower()}"
            + (f"; belum diisi: {gaps}" if gaps else "")
        )

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        if self.refusal:
            self.action_analyses()
        else:
            self.action_edit()

    @on(Input.Changed, "#search")
    def _search(self, event: Input.Changed) -> None:
        if self.data is not None:
            self.fill()

    @on(Input.Submitted, "#search")
    def _search_done(self, event: Input.Submitted) -> None:
        self.query_one(DataTable).focus()

    # -- actions

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_back(self) -> None:
        """Esc in the search clears it and goes back to the table; elsewhere it leaves."""
        search = self.query_one("#search", Input)
        if search.has_focus:
            search.value = ""
            self.query_one(DataTable).focus()
            return
        super().action_back()

    def action_filter(self) -> None:
        if self.data is None:
            return
        codes = ["", *(b.code for b in self.data.bidang)]
        self.bidang_filter = codes[(codes.index(self.bidang_filter) + 1) % len(codes)] \
            if self.bidang_filter in codes else ""  # fmt: skip
        self.fill()

    def action_quarter(self) -> None:
        """Tahunan, TW I .. TW IV: the columns show the chosen quarter's values to date."""
        self.quarter = next_quarter(self.quarter)
        if self.data is not None:
            self.qview = self.quarter_view()
            self.fill()

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.fill()

    def _after_save(self, result: Any) -> None:
        if result is not None:
            prefix = "i" if isinstance(result, Indicator) else "s"
            self.keep = f"{prefix}:{result.id}"
            self.app.notify(markup=False, message=f"Tersimpan: {result.code}.")
            self.query_one(DataTable).focus()
        self.action_reload()

    def action_add(self) -> None:
        if self.data is None:
            return
        if not self.data.sasaran:
            self.app.notify(markup=False, message="Tambahkan sasaran dulu (s).", severity="warning")
            return
        item = self.current()
        code = item.sasaran_code if isinstance(item, Indicator) else (
            item.code if isinstance(item, Sasaran) else "")  # fmt: skip
        self.app.push_screen(
            IndicatorForm(self.ctx, self.year, self.data, sasaran_code=code), self._after_save
        )

    def action_add_sasaran(self) -> None:
        self.app.push_screen(SasaranForm(self.ctx, self.year), self._after_save)

    def action_edit(self) -> None:
        item = self.current()
        if self.data is None or item is None:
            return
        if isinstance(item, Indicator) and self.quarter:
            self.app.push_screen(
                IndicatorQuarterForm(self.ctx, self.year, item, self.quarter), self._after_save
            )
        elif isinstance(item, Indicator):
            self.app.push_screen(
                IndicatorForm(self.ctx, self.year, self.data, item), self._after_save
            )
        else:
            self.app.push_screen(SasaranForm(self.ctx, self.year, item), self._after_save)

    def action_delete(self) -> None:
        from usecases.data import delete_indicator, delete_sasaran

        item = self.current()
        if isinstance(item, Indicator):
            ind = item
            what = f"indikator {ind.code} {ind.name}"
            delete_asked(self, what, lambda: delete_indicator(self.ctx, self.year, ind))
        elif isinstance(item, Sasaran):
            sas = item
            what = f"sasaran {sas.code} {sas.name}"
            delete_asked(self, what, lambda: delete_sasaran(self.ctx, self.year, sas))

    def action_analyses(self) -> None:
        item = self.current()
        if self.data is None or item is None:
            return
        if isinstance(item, Indicator):
            item = next((s for s in self.data.sasaran if s.code == item.sasaran_code), None)
        if isinstance(item, Sasaran):
            self.app.push_screen(AnalysesScreen(self.ctx, self.year, item))
