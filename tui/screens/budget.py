"""The budget screen: programme / kegiatan / sub kegiatan lines with pagu, realisasi, serapan and
sisa; totals of the programme lines; spending above the pagu flagged in words."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from models.budget import budget_sum, top_lines
from models.domain import BudgetLevel, BudgetLine, YearData
from models.formulas import over_pagu, serapan, sisa
from models.numbers import format_number, format_percent, format_rupiah
from tui.screens.data_base import (
    Column,
    DataScreen,
    FormField,
    FormScreen,
    bidang_choices,
    delete_asked,
    form_labels,
    plain,
    put_text,
    sasaran_choices,
)
from tui.screens.indicators import missing_text, next_quarter, quarter_field, quarter_name
from usecases.context import Context
from usecases.data import DataView
from usecases.quarters import QuarterView, view_of

OVER = "MELEBIHI PAGU"


def _money(value: Decimal | None) -> str:
    return "-" if value is None else format_number(value, 0)


def line_summary(b: BudgetLine) -> str:
    ser = serapan(b.pagu, b.realisasi)
    flag = f"  {OVER}" if over_pagu(b.pagu, b.realisasi) else ""
    return (
        f"Pagu {format_rupiah(b.pagu)}; realisasi {format_rupiah(b.realisasi)}; serapan "
        f"{format_percent(ser) if ser is not None else '- (pagu nol)'}; sisa "
        f"{format_rupiah(sisa(b.pagu, b.realisasi))}{flag}"
    )


BUDGET_FIELDS = (
    FormField("level", "Tingkat", enum=BudgetLevel,
              choices=lambda _form: [(lv.label, lv.value) for lv in BudgetLevel]),
    FormField("code", "Kode rekening", kind="code", required=True),
    FormField("name", "Nama", required=True),
    FormField("pagu", "Pagu (Rp)", kind="money", required=True),
    FormField("realisasi", "Realisasi (Rp)", kind="money", required=True),
    FormField("sasaran_code", "Sasaran", key="sasaran", allow_blank=True,
              choices=sasaran_choices),
    FormField("bidang", "Bidang", allow_blank=True, choices=bidang_choices),
)  # fmt: skip
BUDGET_OTHERS = {
    "order": "Urutan",
    "rencana_tw": "Rencana anggaran per triwulan",
    "realisasi_tw": "Realisasi anggaran per triwulan",
}
# Every field of a budget line the conflict dialog compares (models.domain.content_fields).
BUDGET_LABELS = form_labels(BUDGET_FIELDS, 0, BudgetLine, BUDGET_OTHERS)


class BudgetForm(FormScreen):
    item: BudgetLine
    FIELDS = BUDGET_FIELDS
    OTHER_LABELS = BUDGET_OTHERS
    GONE = "(baris ini sudah dihapus)"
    PREVIEW = "Serapan"

    def __init__(
        self, ctx: Context, year: int, data: YearData, item: BudgetLine | None = None
    ) -> None:
        super().__init__(ctx, year)
        self.data = data
        self.item = item or BudgetLine(id="", year=year, code="", name="")
        self.TITLE_TEXT = (
            f"Ubah anggaran {item.code} ({year})" if item else f"Tambah baris anggaran ({year})"
        )

    def preview(self, item: BudgetLine) -> str:
        return line_summary(item)

    def save(self) -> Callable[[], BudgetLine]:
        from usecases.data import save_budget

        item = self.collect()
        return lambda: save_budget(self.ctx, self.year, item)

    def find(self, data: YearData) -> BudgetLine | None:
        return next((b for b in data.budget if b.id == self.item.id), None)

    def same(self, fresh: BudgetLine) -> str:
        return f"Tersimpan: {line_summary(fresh)}"


def quarter_summary(b: BudgetLine, view: QuarterView) -> str:
    """A line's quarter in the detail: its own plan and spending, and to date against both."""
    from models.quarters import at, quarter_label

    row = next(r for r in view.budget if r.line.id == b.id)
    n, td = view.quarter, row.to_date
    gaps = ", ".join(quarter_label(q) for q in row.missing)
    return (
        f"{quarter_label(n)}: rencana {_rp(at(b.rencana_tw, n))}; realisasi "
        f"{_rp(at(b.realisasi_tw, n))}\nS.d. {quarter_label(n)}: rencana {_rp(td.rencana)}; "
        f"realisasi {_rp(td.realisasi)}; serapan {_pct(td.serapan_pagu)} dari pagu, "
        f"{_pct(td.serapan_rencana)} dari rencana" + (f"; belum diisi: {gaps}" if gaps else "")
    )


def _rp(value: Decimal | None) -> str:
    return "-" if value is None else format_rupiah(value)


def _pct(value: Decimal | None) -> str:
    return "-" if value is None else format_percent(value)


class BudgetQuarterForm(FormScreen):
    """A budget line's plan and spending of quarter ``n``, saved through
    ``usecases.quarters.save_budget_quarter``."""

    item: BudgetLine
    OTHER_LABELS = BUDGET_OTHERS
    GONE = "(baris ini sudah dihapus)"
    PREVIEW = "Serapan s.d. triwulan"

    def __init__(self, ctx: Context, year: int, item: BudgetLine, n: int) -> None:
        super().__init__(ctx, year)
        self.item = item
        self.quarter = n
        self.FIELDS = (  # type: ignore[misc]
            quarter_field("rencana_tw", "Rencana (Rp)", n, "money"),
            quarter_field("realisasi_tw", "Realisasi (Rp)", n, "money"),
        )
        self.TITLE_TEXT = f"{quarter_name(n)} anggaran {item.code} ({year}): {item.name}"

    def preview(self, item: BudgetLine) -> str:
        from models.quarters import budget_to_date

        td = budget_to_date(item, self.quarter)
        return (
            f"S.d. {quarter_name(self.quarter)}: rencana {_rp(td.rencana)}; realisasi "
            f"{_rp(td.realisasi)}; serapan {_pct(td.serapan_pagu)} dari pagu"
        )

    def save(self) -> Callable[[], BudgetLine]:
        from models.quarters import at
        from usecases.quarters import save_budget_quarter

        item, n, rev = self.collect(), self.quarter, self.item.rev
        return lambda: save_budget_quarter(
            self.ctx, self.year, item.code, n,
            rencana=at(item.rencana_tw, n), realisasi=at(item.realisasi_tw, n), rev=rev,
        )  # fmt: skip

    def find(self, data: YearData) -> BudgetLine | None:
        return next((b for b in data.budget if b.id == self.item.id), None)


class BudgetScreen(DataScreen):
    HELP_TITLE = "anggaran"

    DEFAULT_CSS = """
    BudgetScreen #heading { height: auto; max-height: 2; }
    BudgetScreen DataTable { height: 1fr; }
    BudgetScreen #detail {
        height: auto; max-height: 6; padding: 0 1; border-top: solid $primary;
    }
    BudgetScreen #totals { height: auto; max-height: 3; padding: 0 1; text-style: bold; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Tambah"),
        Binding("e", "edit", "Ubah"),
        Binding("d", "delete", "Hapus"),
        Binding("f", "filter", "Bidang"),
        Binding("w", "quarter", "Triwulan"),
        Binding("r", "reload", "Muat ulang"),
        Binding("escape", "back", "Kembali"),
    ]

    def __init__(self, ctx: Context, year: int) -> None:
        super().__init__(ctx, year)
        self.data: YearData | None = None
        self.quarter = 0  # 0: the year's values; 1..4: the quarter's, to date
        self.view: DataView | None = None
        self.qview: QuarterView | None = None
        self.bidang_filter = ""  # the owner bidang shown ("" all)

    def compose(self) -> ComposeResult:
        yield from self.table_layout(below=("totals",))

    COLUMNS = (
        Column("Kode"),
        Column("Uraian", flex=10),
        Column("Pagu"),
        Column("Realisasi", optional=1),
        Column("Serapan"),
        Column("Sisa"),
        Column("Sasaran", optional=2),
    )
    # a quarter: the plan, spending and serapan (of the pagu) to date
    QUARTER_COLUMNS = (
        Column("Kode"),
        Column("Uraian", flex=10),
        Column("Pagu", optional=1),
        Column("Renc s.d."),
        Column("Real s.d."),
        Column("Serapan"),
        Column("Sasaran", optional=2),
    )

    def show(self, view: DataView) -> None:
        self.data = view.data
        self.view = view
        qview = view_of(view.data, self.quarter) if self.quarter else None
        self.qview = qview
        columns = self.QUARTER_COLUMNS if qview is not None else type(self).COLUMNS
        if columns is not self.COLUMNS:
            self.COLUMNS = columns  # type: ignore[misc]
            self._layout = ()  # the labels change: the columns are made again
        rows: list[tuple[str, list[Text]]] = []
        flt = self.bidang_filter
        for b in view.data.budget:
            if flt and b.bidang != flt:
                continue
            indent = {"program": "", "kegiatan": " ", "sub_kegiatan": "  "}[b.level.value]
            name = f"{OVER}: {b.name}" if over_pagu(b.pagu, b.realisasi) else b.name
            style = "bold" if b.level is BudgetLevel.PROGRAM else ""
            real: Decimal | None = b.realisasi
            ser = serapan(b.pagu, b.realisasi)
            rest = format_number(sisa(b.pagu, b.realisasi), 0)
            if qview is not None:  # the quarter's plan, spending and serapan to date
                td = next(r.to_date for r in qview.budget if r.line.id == b.id)
                real, ser, rest = td.realisasi, td.serapan_pagu, _money(td.rencana)
            money = [_money(real), "-" if ser is None else format_number(ser, 2), rest]
            if qview is not None:  # Rencana s.d. before Realisasi s.d.
                money = [money[2], money[0], money[1]]
            rows.append((b.id, [
                plain(b.code, style=style),
                plain(indent + name, style=style),
                plain(format_number(b.pagu, 0), justify="right"),
                *(plain(m, justify="right") for m in money),
                plain(b.sasaran_code),
            ]))  # fmt: skip
        self.put_rows(rows)
        total = budget_sum(top_lines(view.data.budget))
        pagu, real, ser = total.pagu, total.realisasi, total.serapan
        over = sum(1 for b in view.data.budget if over_pagu(b.pagu, b.realisasi))
        which = "Tahunan (w: triwulan)"
        if qview is not None:
            which = f"{quarter_name(self.quarter)}, {missing_text(qview.budget)}"
        put_text(
            self.query_one("#heading", Static),
            plain(
                f"Anggaran {self.year} [{which}]: {len(view.data.budget)} baris"
                + (f"; {over} baris {OVER}" if over else "")
                + (f"; tampil bidang {flt}: {len(rows)} baris" if flt else "")
            ),
        )
        put_text(
            self.query_one("#totals", Static),
            plain(
                f"Total program: pagu {format_rupiah(pagu)}; realisasi {format_rupiah(real)};\n"
                f"serapan {format_percent(ser)}; sisa {format_rupiah(sisa(pagu, real))}"
            ),
        )
        self.show_detail()

    def current(self) -> BudgetLine | None:
        key = self.current_key()
        if self.data is None or key is None:
            return None
        return next((b for b in self.data.budget if b.id == key), None)

    def show_detail(self) -> None:
        b = self.current()
        detail = self.query_one("#detail", Static)
        if b is None:
            put_text(detail, plain("Belum ada baris anggaran. a: tambah."))
            return
        summary = line_summary(b) if self.qview is None else quarter_summary(b, self.qview)
        put_text(
            detail,
            plain(
                f"{b.level.label} {b.code}: {b.name}\n{summary}\n"
                f"Sasaran: {b.sasaran_code or '-'}; bidang: {b.bidang or '-'}"
            ),
        )

    def action_filter(self) -> None:
        """Show only the lines of one owner bidang, then the next, then all again."""
        if self.view is None:
            return
        codes = ["", *(b.code for b in self.view.data.bidang)]
        flt = self.bidang_filter
        self.bidang_filter = codes[(codes.index(flt) + 1) % len(codes)] if flt in codes else ""
        self.show(self.view)

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        if not self.refusal:
            self.action_edit()

    def _after_save(self, result: Any) -> None:
        if result is not None:
            self.keep = result.id
            self.app.notify(markup=False, message=f"Tersimpan: {result.code}.")
        self.action_reload()

    def action_add(self) -> None:
        if self.data is not None:
            self.app.push_screen(BudgetForm(self.ctx, self.year, self.data), self._after_save)

    def action_quarter(self) -> None:
        """Tahunan, TW I .. TW IV: the columns show the chosen quarter's values to date."""
        self.quarter = next_quarter(self.quarter)
        if self.view is not None:
            self.show(self.view)

    def action_edit(self) -> None:
        b = self.current()
        if self.data is not None and b is not None and self.quarter:
            self.app.push_screen(
                BudgetQuarterForm(self.ctx, self.year, b, self.quarter), self._after_save
            )
        elif self.data is not None and b is not None:
            self.app.push_screen(BudgetForm(self.ctx, self.year, self.data, b), self._after_save)

    def action_delete(self) -> None:
        from usecases.data import delete_budget

        b = self.current()
        if b is not None:
            what = f"baris anggaran {b.code} {b.name}"
            delete_asked(self, what, lambda: delete_budget(self.ctx, self.year, b))
