"""The bidang screen: divisions and the secretariat with their heads, the step-4 checklist of who
has returned their data, and the step-2 workbooks (format pengumpulan data)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import replace
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from models.domain import Bidang, YearData
from models.errors import error_text
from models.numbers import format_datetime, to_local
from tui.base import KeyBar
from tui.screens.data_base import (
    ConfirmDialog,
    DataScreen,
    Field,
    FormScreen,
    attempt,
    plain,
    refusal_errors,
)
from usecases.context import Context


class BidangForm(FormScreen):
    def __init__(self, ctx: Context, year: int, item: Bidang | None = None) -> None:
        super().__init__(ctx, year)
        self.original = item
        self.item = item or Bidang(code="", name="")
        self.TITLE_TEXT = f"Ubah bidang {item.code}" if item else "Tambah bidang"

    def fields(self) -> ComposeResult:
        it = self.item
        yield Field("code", "Kode bidang", it.code, required=True, wide=False)
        yield Field("name", "Nama bidang", it.name, required=True)
        yield Field("head_name", "Kepala bidang", it.head_name)
        yield Field("head_nip", "NIP kepala", it.head_nip)
        yield Field("order", "Urutan", str(it.order or ""), kind="int")

    def collect(self) -> Bidang:
        f = self.field
        return Bidang(
            code=f("code").parsed,
            name=f("name").parsed,
            head_name=f("head_name").parsed,
            head_nip=f("head_nip").parsed,
            order=f("order").parsed or 0,
        )

    def save(self) -> Callable[[], Bidang]:
        from usecases.data import save_bidang

        item, original = self.collect(), self.original
        return lambda: save_bidang(self.ctx, self.year, item, original)

    def _stored(self) -> Bidang | None:
        code = self.original.code if self.original else ""
        with self.ctx.store.read() as r:
            return next((b for b in r.bidang() if b.code == code), None)

    def reload(self) -> bool:
        fresh = self._stored()
        if fresh is None:
            return False
        self.original = self.item = fresh
        for key in ("code", "name", "head_name", "head_nip"):
            self.field(key).set_value(getattr(fresh, key))
        self.field("order").set_value(str(fresh.order or ""))
        return True

    def keep_editing(self) -> None:
        fresh = self._stored()
        if fresh is not None:
            self.original = fresh

    def differences(self) -> list[str]:
        fresh = self._stored()
        if fresh is None:
            return ["(bidang ini sudah dihapus)"]
        return [f"Tersimpan: {fresh.code} {fresh.name}; kepala {fresh.head_name or '-'}"]


class BidangScreen(DataScreen):
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
        yield self.banner()
        yield Static("", id="heading")
        table: DataTable[Any] = DataTable(id="table", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("", id="detail")
        yield KeyBar()

    COLUMNS: ClassVar[tuple[tuple[str, int], ...]] = (
        ("Kode", 5),
        ("Bidang", 27),
        ("Kepala", 16),
        ("Data langkah 4", 15),
    )
    FLEX = "Bidang"

    def action_reload(self) -> None:
        view = self.load()
        self.data = view.data
        returns = {x.bidang: x for x in view.data.report.returns}
        table = self.query_one(DataTable)
        keep = self.current()
        table.clear()
        zone = view.data.profile.timezone
        for b in view.data.bidang:
            got = returns.get(b.code)
            when = to_local(got.returned_at, zone).strftime("%d-%m %H.%M") if got else ""
            mark = f"[v] {when}" if got else "[ ] belum"
            table.add_row(plain(b.code), plain(b.name), plain(b.head_name), plain(mark), key=b.code)
        if keep is not None:
            with contextlib.suppress(Exception):
                table.move_cursor(row=table.get_row_index(keep.code))
        done = sum(1 for b in view.data.bidang if b.code in returns)
        self.query_one("#heading", Static).update(
            plain(
                f"Bidang dan penyerahan data {self.year}: {done} dari {len(view.data.bidang)} "
                "sudah menyerahkan"
            )
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
            detail.update(plain("Belum ada bidang. a: tambah."))
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
        detail.update(
            plain(
                f"{b.name}; kepala {b.head_name or '-'} NIP {b.head_nip or '-'}\n"
                f"{n_ind} indikator, {n_bud} baris anggaran. {state}\n"
                "x: buat format data (XLSX) bidang ini; X: semua bidang"
            )
        )

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail()

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
        self.action_reload()
        if result is not None:
            self.app.notify(markup=False, message=f"Tersimpan: bidang {result.code}.")

    def action_add(self) -> None:
        self.app.push_screen(BidangForm(self.ctx, self.year), self._after_save)

    def action_edit(self) -> None:
        b = self.current()
        if b is not None:
            self.app.push_screen(BidangForm(self.ctx, self.year, b), self._after_save)

    def action_delete(self) -> None:
        b = self.current()
        if b is None:
            return

        def done(ok: bool | None) -> None:
            if ok:
                from usecases.data import delete_bidang

                attempt(
                    self,
                    lambda: delete_bidang(self.ctx, self.year, b),
                    lambda: self.app.notify(markup=False, message=f"Bidang {b.code} dihapus."),
                )

        self.app.push_screen(ConfirmDialog(f"Hapus bidang {b.code} {b.name}?"), done)

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
        except refusal_errors() as exc:
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
