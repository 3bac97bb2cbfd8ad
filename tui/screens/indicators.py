"""The indicators screen: sasaran and their indicators with capaian and predikat; the indicator
and sasaran forms; the seven analyses of a sasaran next to the numbers they discuss."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import Any, ClassVar

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
from models.numbers import format_percent, format_plain
from models.report import analysis
from store.errors import Conflict
from tui.base import KeyBar, run_store
from tui.screens.data_base import (
    RELOAD,
    Choice,
    ConfirmDialog,
    ConflictDialog,
    DataScreen,
    Field,
    FormScreen,
    attempt,
    field_differences,
    number_text,
    plain,
    run_editor,
)
from usecases.context import Context

SORTS = ("kode", "capaian naik", "capaian turun")


def formula_short(ind: Indicator) -> str:
    if ind.polarity is Polarity.POSITIF:
        return "R/T"
    return "2T-R" if ind.negative_formula is NegativeFormula.TWO_T_MINUS_R else "T/R"


# Every field of an indicator the conflict dialog compares (models.domain.content_fields).
INDICATOR_LABELS = {
    "sasaran_code": "Sasaran", "code": "Kode", "name": "Nama", "satuan": "Satuan",
    "polarity": "Polaritas", "negative_formula": "Rumus negatif", "target": "Target",
    "realisasi": "Realisasi", "history": "Realisasi tahun lalu", "renstra_target": "Target Renstra",
    "renstra_period": "Periode Renstra", "national_standard": "Standar nasional",
    "bidang": "Bidang", "data_source": "Sumber data", "narrative": "Narasi", "order": "Urutan",
}  # fmt: skip


def _num(value: Decimal | None) -> str:
    return "-" if value is None else format_plain(value)


def _pct(value: Decimal | None) -> str:
    return "-" if value is None else format_percent(value).removesuffix(" %")


def _short(text: str, width: int = 52) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def capaian_line(ind: Indicator) -> str:
    c = capaian_of(ind)
    if c.value is None:
        return f"Capaian: - ({c.reason}); rumus {c.formula}"
    return f"Capaian: {format_percent(c.value)} ({predikat(c.value)}); rumus {c.formula}" + (
        f" ({ind.polarity.label})" if ind.polarity is Polarity.NEGATIF else ""
    )


# -- forms ------------------------------------------------------------------------------------


class SasaranForm(FormScreen):
    item: Sasaran

    TITLE_TEXT = "Sasaran strategis"

    def __init__(self, ctx: Context, year: int, item: Sasaran | None = None) -> None:
        super().__init__(ctx, year)
        self.item = item or Sasaran(id="", year=year, code="", name="")
        self.TITLE_TEXT = "Ubah sasaran" if item else "Tambah sasaran"

    def fields(self) -> ComposeResult:
        yield Field("code", "Kode sasaran", self.item.code, required=True, wide=False)
        yield Field("name", "Nama sasaran", self.item.name, required=True)

    def save(self) -> Callable[[], Sasaran]:
        from usecases.data import save_sasaran

        item = replace(self.item, code=self.field("code").parsed, name=self.field("name").parsed)
        return lambda: save_sasaran(self.ctx, self.year, item)

    def _stored(self) -> Sasaran | None:
        with self.ctx.store.read() as r:
            return next((s for s in r.sasaran(self.year) if s.id == self.item.id), None)

    def reload(self) -> bool:
        fresh = self._stored()
        if fresh is None:
            return False
        self.item = fresh
        self.field("code").set_value(fresh.code)
        self.field("name").set_value(fresh.name)
        return True


class IndicatorForm(FormScreen):
    """Every field of an indicator (PRODUCT.md section 3), numbers read the Indonesian way."""

    item: Indicator

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

    def fields(self) -> ComposeResult:
        it = self.item
        yield Choice(
            "sasaran",
            "Sasaran",
            [(_short(f"{s.code} {s.name}"), s.code) for s in self.data.sasaran],
            it.sasaran_code,
        )
        yield Field("code", "Kode indikator", it.code, required=True, wide=False)
        yield Field("name", "Nama indikator", it.name, required=True)
        yield Field("satuan", "Satuan", it.satuan, required=True, wide=False)
        yield Choice(
            "polarity",
            "Polaritas",
            [("positif: makin tinggi makin baik", "positif"),
             ("negatif: makin rendah makin baik", "negatif")],
            it.polarity.value,
        )  # fmt: skip
        yield Choice(
            "formula",
            "Rumus jika negatif",
            [("(2T - R) / T x 100 (bawaan)", NegativeFormula.TWO_T_MINUS_R.value),
             ("T / R x 100", NegativeFormula.T_OVER_R.value)],
            it.negative_formula.value,
        )  # fmt: skip
        yield Field("target", f"Target {self.year}", number_text(it.target), kind="number")
        yield Field("realisasi", f"Realisasi {self.year}", number_text(it.realisasi), kind="number")
        for y in range(self.year - 1, self.year - 4, -1):
            yield Field(f"h{y}", f"Realisasi {y}", number_text(it.history.get(y)), kind="number")
        yield Field("renstra", "Target Renstra", number_text(it.renstra_target), kind="number")
        yield Field(
            "period", "Periode Renstra", it.renstra_period, placeholder="2021-2026", wide=False
        )
        yield Field(
            "national", "Standar nasional", number_text(it.national_standard), kind="number"
        )
        yield Choice(
            "bidang",
            "Bidang",
            [(_short(f"{b.code} {b.name}"), b.code) for b in self.data.bidang],
            it.bidang,
            allow_blank=True,
        )
        yield Field("source", "Sumber data", it.data_source)

    def collect(self) -> Indicator:
        f = self.field
        history = dict(self.item.history)
        for y in range(self.year - 3, self.year):
            value = f(f"h{y}").parsed
            if value is None:
                history.pop(y, None)
            else:
                history[y] = value
        return replace(
            self.item,
            sasaran_code=f("sasaran").value,
            code=f("code").parsed,
            name=f("name").parsed,
            satuan=f("satuan").parsed,
            polarity=Polarity(f("polarity").value or "positif"),
            negative_formula=NegativeFormula(f("formula").value or "2t_minus_r"),
            target=f("target").parsed,
            realisasi=f("realisasi").parsed,
            history=history,
            renstra_target=f("renstra").parsed,
            renstra_period=f("period").parsed,
            national_standard=f("national").parsed,
            bidang=f("bidang").value,
            data_source=f("source").parsed,
        )

    def update_preview(self) -> None:
        if self.invalid_fields():
            self.show_preview("Capaian: - (ada isian yang belum benar)")
            return
        try:
            self.show_preview(capaian_line(self.collect()))
        except Exception:
            self.show_preview("")

    def save(self) -> Callable[[], Indicator]:
        from usecases.data import save_indicator

        item = self.collect()
        return lambda: save_indicator(self.ctx, self.year, item)

    def _stored(self) -> Indicator | None:
        if not self.item.id:
            return None
        with self.ctx.store.read() as r:
            return next((i for i in r.indicators(self.year) if i.id == self.item.id), None)

    def reload(self) -> bool:
        fresh = self._stored()
        if fresh is None:
            return False
        self.item = fresh
        f = self.field
        f("sasaran").set_value(fresh.sasaran_code)
        f("code").set_value(fresh.code)
        f("name").set_value(fresh.name)
        f("satuan").set_value(fresh.satuan)
        f("polarity").set_value(fresh.polarity.value)
        f("formula").set_value(fresh.negative_formula.value)
        f("target").set_value(number_text(fresh.target))
        f("realisasi").set_value(number_text(fresh.realisasi))
        for y in range(self.year - 3, self.year):
            f(f"h{y}").set_value(number_text(fresh.history.get(y)))
        f("renstra").set_value(number_text(fresh.renstra_target))
        f("period").set_value(fresh.renstra_period)
        f("national").set_value(number_text(fresh.national_standard))
        f("bidang").set_value(fresh.bidang)
        f("source").set_value(fresh.data_source)
        self.refresh_state()
        return True

    def differences(self) -> list[str]:
        fresh = self._stored()
        if fresh is None:
            return ["(data ini sudah dihapus)"]
        out = field_differences(fresh, self.collect(), INDICATOR_LABELS)
        return out or ["(isian Anda sama dengan yang tersimpan)"]


# -- the seven analyses -----------------------------------------------------------------------


def sasaran_numbers(data: YearData, s: Sasaran) -> str:
    """The numbers the seven analyses discuss, as plain lines."""
    year = data.report.year
    lines: list[str] = []
    for ind in data.indicators_of(s.code):
        c = capaian_of(ind)
        lines.append(f"{ind.code} {ind.name} ({ind.satuan})")
        lines.append(
            f"  [1] target {_num(ind.target)}, realisasi {_num(ind.realisasi)}, capaian "
            f"{format_percent(c.value)} {predikat(c.value)} (rumus {c.formula})"
        )
        hist = ", ".join(f"{y}: {_num(ind.history.get(y))}" for y in range(year - 3, year))
        lines.append(f"  [2] tahun sebelumnya {hist}")
        progress = renstra_progress(
            ind.realisasi, ind.renstra_target, ind.polarity, ind.negative_formula
        )
        lines.append(
            f"  [3] target Renstra {_num(ind.renstra_target)} ({ind.renstra_period or '-'}): "
            f"{format_percent(progress)}"
            f"   [4] standar nasional {_num(ind.national_standard)}"
        )
    found = sasaran_efficiency(data.indicators_of(s.code), data.budget_of(s.code), data.budget)
    lines.append(
        f"[6] rata-rata capaian {format_percent(found.capaian)}, serapan anggaran "
        f"{format_percent(found.serapan)} ({found.lines} kegiatan), efisiensi "
        f"{_pct(found.efisiensi)}"
    )
    return "\n".join(lines)


class AnalysesScreen(DataScreen):
    """The seven analyses of one sasaran, each a TextArea, under the numbers they discuss."""

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
        self.action_reload()
        self.show_current()
        self.query_one(TextArea).focus()

    def action_reload(self) -> None:
        view = self.load()
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
        with contextlib.suppress(Exception):
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
        view = self.load()
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

    def action_editor(self) -> None:
        if self.refuse_if_locked():
            return
        area = self.query_one(TextArea)
        text = run_editor(self.app, area.text)
        if text is not None:
            area.load_text(text.rstrip("\n"))
            self.keep_current()

    def action_back(self) -> None:
        if not self.refusal and self.dirty():
            self.app.push_screen(
                ConfirmDialog("Ada analisis yang belum disimpan. Tinggalkan tanpa menyimpan?"),
                self._leave,
            )
            return
        self.app.pop_screen()

    def _leave(self, ok: bool | None) -> None:
        if ok:
            self.app.pop_screen()

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

    DEFAULT_CSS = """
    IndicatorsScreen #search { height: 1; margin: 0 1; }
    IndicatorsScreen DataTable { height: 1fr; }
    IndicatorsScreen #detail { height: 3; padding: 0 1; border-top: solid $primary; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Tambah"),
        Binding("e", "edit", "Ubah"),
        Binding("d", "delete", "Hapus"),
        Binding("s", "add_sasaran", "Sasaran+"),
        Binding("t", "analyses", "Analisis"),
        Binding("f", "filter", "Bidang"),
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

    def compose(self) -> ComposeResult:
        yield self.banner()
        yield Static("", id="heading")
        yield Input(placeholder="Cari kode/nama indikator ( / )", id="search", compact=True)
        table: DataTable[Any] = DataTable(id="table", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("", id="detail")
        yield KeyBar()

    COLUMNS: ClassVar[tuple[tuple[str, int], ...]] = (
        ("Kode", 6),
        ("Indikator", 13),
        ("Sat", 3),
        ("Target", 7),
        ("Realis", 7),
        ("Capai%", 7),
        ("Rumus", 5),
        ("Predikat", 13),
        ("Bidang", 6),
    )
    FLEX = "Indikator"

    def refill(self) -> None:
        self.fill()

    # -- data

    def action_reload(self) -> None:
        view = self.load()
        self.data = view.data
        self.fill()

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
                v = capaian_of(i).value
                return Decimal("-1e9") if v is None else v

            items.sort(key=key, reverse=self.sort == "capaian turun")
        return items

    def fill(self) -> None:
        assert self.data is not None
        table = self.query_one(DataTable)
        keep = self.current_key()
        table.clear()
        items = self.shown_items()
        if self.sort == "kode":
            for s in self.data.sasaran:
                mine = [i for i in items if i.sasaran_code == s.code]
                if not mine and (self.bidang_filter or self.query_one("#search", Input).value):
                    continue
                table.add_row(
                    plain(s.code, style="bold"),
                    plain(s.name, style="bold"),
                    "", "", "", "", "", "", "",
                    key=f"s:{s.id}",
                )  # fmt: skip
                for ind in mine:
                    self._add(table, ind)
        else:
            for ind in items:
                self._add(table, ind)
        n = len(items)
        flt = f"bidang {self.bidang_filter}" if self.bidang_filter else "semua bidang"
        self.query_one("#heading", Static).update(
            plain(f"Indikator kinerja {self.year}: {n} indikator, {flt}, urut {self.sort}")
        )
        if keep is not None:
            with contextlib.suppress(Exception):
                table.move_cursor(row=table.get_row_index(keep))
        self.show_detail()

    def _add(self, table: DataTable[Any], ind: Indicator) -> None:
        c = capaian_of(ind)
        table.add_row(
            plain(ind.code),
            plain(ind.name),
            plain(ind.satuan),
            plain(_num(ind.target), justify="right"),
            plain(_num(ind.realisasi), justify="right"),
            plain(_pct(c.value), justify="right"),
            plain(formula_short(ind)),
            plain(predikat(c.value)),
            plain(ind.bidang),
            key=f"i:{ind.id}",
        )

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
            detail.update(
                plain(
                    f"{item.code} {item.name} ({item.satuan}; {item.polarity.label})\n"
                    f"{capaian_line(item)}\nBidang: {bidang}; sumber: {item.data_source or '-'}"
                )
            )
        elif isinstance(item, Sasaran):
            n = len(self.data.indicators_of(item.code)) if self.data else 0
            filled = sum(1 for v in item.analyses.values() if v.strip())
            detail.update(
                plain(
                    f"Sasaran {item.code}: {item.name}\n{n} indikator; analisis terisi "
                    f"{filled}/7 (t: tulis analisis)"
                )
            )
        else:
            detail.update(plain("Belum ada data. a: tambah indikator, s: tambah sasaran."))

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail()

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

    def action_filter(self) -> None:
        if self.data is None:
            return
        codes = ["", *(b.code for b in self.data.bidang)]
        self.bidang_filter = codes[(codes.index(self.bidang_filter) + 1) % len(codes)] \
            if self.bidang_filter in codes else ""  # fmt: skip
        self.fill()

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.fill()

    def _after_save(self, result: Any) -> None:
        self.action_reload()
        if result is not None:
            prefix = "i" if isinstance(result, Indicator) else "s"
            table = self.query_one(DataTable)
            with contextlib.suppress(Exception):
                table.move_cursor(row=table.get_row_index(f"{prefix}:{result.id}"))
            self.app.notify(markup=False, message=f"Tersimpan: {result.code}.")
            table.focus()

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
        if isinstance(item, Indicator):
            self.app.push_screen(
                IndicatorForm(self.ctx, self.year, self.data, item), self._after_save
            )
        else:
            self.app.push_screen(SasaranForm(self.ctx, self.year, item), self._after_save)

    def action_delete(self) -> None:
        item = self.current()
        if item is None:
            return
        kind = "indikator" if isinstance(item, Indicator) else "sasaran"

        def done(ok: bool | None) -> None:
            if not ok:
                return
            from usecases.data import delete_indicator, delete_sasaran

            def run() -> None:
                if isinstance(item, Indicator):
                    delete_indicator(self.ctx, self.year, item)
                else:
                    assert isinstance(item, Sasaran)
                    delete_sasaran(self.ctx, self.year, item)

            attempt(
                self,
                run,
                lambda: self.app.notify(
                    markup=False, message=f"{kind.capitalize()} {item.code} dihapus."
                ),
            )

        self.app.push_screen(
            ConfirmDialog(f"Hapus {kind} {item.code} {item.name}?", yes="Hapus (y)"), done
        )

    def action_analyses(self) -> None:
        item = self.current()
        if self.data is None or item is None:
            return
        if isinstance(item, Indicator):
            item = next((s for s in self.data.sasaran if s.code == item.sasaran_code), None)
        if isinstance(item, Sasaran):
            self.app.push_screen(AnalysesScreen(self.ctx, self.year, item))

    def on_screen_resume(self) -> None:
        if self.data is not None:
            self.action_reload()
