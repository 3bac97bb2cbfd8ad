"""The bidang screen: divisions and the secretariat with their heads, the step-4 checklist of who
has returned their data, and the step-2 workbooks (format pengumpulan data)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from models.domain import Bidang, YearData
from models.errors import LakipError, error_text
from models.numbers import format_datetime, to_local
from tui.screens.data_base import (
    Column,
    DataScreen,
    FormField,
    FormScreen,
    attempt,
    delete_asked,
    plain,
    put_text,
)
from usecases.context import Context
from usecases.data import DataView

BIDANG_FIELDS = (
    FormField("code", "Kode bidang", kind="code", required=True),
    FormField("name", "Nama bidang", required=True),
    FormField("head_name", "Kepala bidang"),
    FormField("head_nip", "NIP kepala"),
    FormField("order", "Urutan", kind="int"),
)


class BidangForm(FormScreen):
    item: Bidang
    FIELDS = BIDANG_FIELDS
    GONE = "(bidang ini sudah dihapus)"

    def __init__(self, ctx: Context, year: int, item: Bidang | None = None) -> None:
        super().__init__(ctx, year)
        self.original = item
        self.item = item or Bidang(code="", name="")
        self.TITLE_TEXT = f"Ubah bidang {item.code}" if item else "Tambah bidang"

    def save(self) -> Callable[[], Bidang]:
        from usecases.data import save_bidang

        item, original = self.collect(), self.original
        return lambda: save_bidang(self.ctx, self.year, item, original)

    def find(self, data: YearData) -> Bidang | None:
        code = self.original.code if self.original else ""
        return next((b for b in data.bidang if b.code == code), None)

    def reload(self, fresh: Bidang | None) -> bool:
        if fresh is not None:
            self.original = fresh
        return super().reload(fresh)

    def keep_editing(self, fresh: Bidang | None) -> None:
        if fresh is not None:
            self.original = fresh


class BidangScreen(DataScreen):
    HELP_TITLE = "bidang dan penyerahan data"

    DEFAULT_CSS = """
    BidangScreen DataTable { height: 1fr; }
    BidangScreen #detail { height: 4; padding: 0 1; border-top: solid $primary; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_return", "Serah/batal"),
        Binding("a", "add", "Tambah"),
        Binding("e", "edit", "Ubah"),
        Binding("d", "delete", "Hapus", show=False),
        Binding("x", "export_form('one')", "Format"),
        Binding("X", "export_form('all')", "Format semua", show=False),
        Binding("r", "reload", "Muat ulang", show=False),
        Binding("escape", "back", "Kembali"),
    ]

    def __init__(self, ctx: Context, year: int) -> None:
        super().__init__(ctx, year)
        self.data: YearData | None = None

    def compose(self) -> ComposeResult:
        yield from self.table_layout()

    COLUMNS = (
        Column("Kode"),
        Column("Bidang", flex=14),
        Column("Kepala", flex=8),
        Column("Data langkah 4"),
    )

    def show(self, view: DataView) -> None:
        self.data = view.data
        returns = {x.bidang: x for x in view.data.report.returns}
        zone = view.data.profile.timezone
        rows: list[tuple[str, list[Text]]] = []
        for b in view.data.bidang:
            got = returns.get(b.code)
            when = to_local(got.returned_at, zone).strftime("%d-%m %H.%M") if got else ""
            mark = f"[v] {when}" if got else "[ ] belum"
            rows.append((b.code, [plain(b.code), plain(b.name), plain(b.head_name), plain(mark)]))
        self.put_rows(rows)
        done = sum(1 for b in view.data.bidang if b.code in returns)
        put_text(
            self.query_one("#heading", Static),
            plain(
                f"Bidang dan penyerahan data {self.year}: {done} dari {len(view.data.bidang)} "
                "sudah menyerahkan"
            ),
        )
        self.show_detail()

    def current(self) -> Bidang | None:
        key = self.current_key()
        if self.data is None or key is None:
            return None
        return next((b for b in self.data.bidang if b.code == key), None)

    def show_detail(self) -> None:
        b = self.current()
        detail = self.query_one("#detail", Static)
        if b is None or self.data is None:
            put_text(detail, plain("Belum ada bidang. a: tambah."))
            return
        got = next((x for x in self.data.report.returns if x.bidang == b.code), None)
        n_ind = sum(1 for i in self.data.indicators if i.bidang == b.code)
        n_bud = sum(1 for x in self.data.budget if x.bidang == b.code)
        zone = self.data.profile.timezone
        state = (
            f"Data diserahkan {format_datetime(got.returned_at, zone)} (dicatat {got.by})"
            + (f": {got.note}" if got.note else "")
            if got
            else "Data belum diserahkan (spasi: catat sudah diserahkan)"
        )
        put_text(
            detail,
            plain(
                f"{b.name}; kepala {b.head_name or '-'} NIP {b.head_nip or '-'}\n"
                f"{n_ind} indikator, {n_bud} baris anggaran. {state}\n"
                "x: buat format data (XLSX) bidang ini; X: semua bidang"
            ),
        )

    def action_toggle_return(self) -> None:
        b = self.current()
        if b is None or self.data is None:
            return
        from usecases.reporting import record_bidang_return

        returned = any(x.bidang == b.code for x in self.data.report.returns)
        attempt(
            self,
            lambda: record_bidang_return(
                self.ctx, bidang=b.code, year=self.year, undo=returned, note="dicatat di layar"
            ),
            lambda: self.app.notify(
                markup=False,
                message=f"{b.code}: "
                + ("catatan penyerahan dibatalkan." if returned else "data diterima."),
            ),
        )

    def _after_save(self, result: Any) -> None:
        if result is not None:
            self.keep = result.code
            self.app.notify(markup=False, message=f"Tersimpan: bidang {result.code}.")
        self.action_reload()

    def action_add(self) -> None:
        self.app.push_screen(BidangForm(self.ctx, self.year), self._after_save)

    def action_edit(self) -> None:
        b = self.current()
        if b is not None:
            self.app.push_screen(BidangForm(self.ctx, self.year, b), self._after_save)

    def action_delete(self) -> None:
        from usecases.data import delete_bidang

        b = self.current()
        if b is not None:
            what = f"bidang {b.code} {b.name}"
            delete_asked(self, what, lambda: delete_bidang(self.ctx, self.year, b))

    def action_export_form(self, which: str) -> None:
        b = self.current()
        if which == "one" and b is None:
            return
        self.app.notify(markup=False, message="Membuat format data...", timeout=2)
        self._export(None if which == "all" else replace(b).code if b else None)

    @work(thread=True, exclusive=True)
    def _export(self, code: str | None) -> None:
        from usecases.collection import export_forms

        try:
            done = export_forms(self.ctx, year=self.year, bidang=code)
        except LakipError as exc:
            self.app.call_from_thread(
                self.app.notify, error_text(exc), severity="error", markup=False
            )
            return
        lines = [
            f"{x.path}" + (" (nama lama sudah ada: diberi nomor)" if x.renamed else "")
            for x in done
        ]
        self.app.call_from_thread(
            self.app.notify,
            f"{len(done)} format data dibuat:\n" + "\n".join(lines),
            timeout=12,
            markup=False,
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "export_form":
            return True  # exporting changes no data; anyone may make the workbooks
        return super().check_action(action, parameters)
