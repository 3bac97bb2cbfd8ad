"""The tunggakan screen: per bidang the data request, its deadline, what is still owed, how many
working days late, and when the last reminder went (``lakip bidang`` shows the same table)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from models.domain import DataRequest
from models.errors import LakipError, error_text
from models.numbers import format_date, format_datetime
from models.quarter_fill import quarter_label
from models.requests import Debt
from tui.base import KeyBar, LakipScreen, run_store
from tui.text import safe
from usecases.context import Context
from usecases.requests import Tunggakan, tunggakan


def _short(d: Debt) -> str:
    if d.late:
        return f"{d.state}, +{d.days_late} hr"
    return d.state


class TunggakanScreen(LakipScreen, Screen[None]):
    """Per bidang: send its request or a reminder (a numbered Nota Dinas, as ``lakip export
    permintaan|pengingat --bidang KODE``) and change its deadline (``tui.screens.nota``)."""

    HELP_TITLE = "tunggakan data bidang"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Tutup", id="tunggakan.tutup"),
        Binding("k", "send", "Kirim permintaan", id="tunggakan.kirim"),
        Binding("p", "remind", "Pengingat", id="tunggakan.pengingat"),
        Binding("t", "deadline", "Ubah batas", id="tunggakan.batas"),
        Binding("f5,m", "reload", "Muat ulang", id="tunggakan.muat_ulang"),
    ]

    def __init__(self, ctx: Context, year: int) -> None:
        super().__init__(id="tunggakan")
        self.ctx = ctx
        self.year = year
        self.data: Tunggakan | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="tunggakan-title")
        yield DataTable(id="tunggakan-table", cursor_type="row", zebra_stripes=False)
        with VerticalScroll(id="tunggakan-detail-scroll"):
            yield Static(id="tunggakan-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.styles.height = "auto"
        table.styles.max_height = 9
        table.add_columns("Bidang", "Batas", "Kurang", "Keadaan")
        table.focus()
        self.follow_data(self.ctx)
        self.action_reload()

    def action_reload(self) -> None:
        """Read the debts again (``usecases.requests.tunggakan``) in a worker thread."""
        ctx, year = self.ctx, self.year
        self._stale = False

        def shown(found: Tunggakan) -> None:
            self.data = found
            self._fill()

        def failed(exc: LakipError) -> None:
            self.notify(error_text(exc), title="Gagal memuat data", severity="error", markup=False)

        run_store(self, lambda: tunggakan(ctx, year), shown, failed, writes=False)

    def _fill(self) -> None:
        t = self.data
        assert t is not None
        title = Text(f"Tunggakan data bidang, laporan {t.year}\n", style="bold")
        title.append(safe(t.summary()))
        self.query_one("#tunggakan-title", Static).update(title)
        table = self.query_one(DataTable)
        row = table.cursor_row  # a reload keeps the bidang that was chosen
        table.clear()
        for d in t.debts:
            table.add_row(
                safe(d.bidang.code),
                format_date(d.deadline) if d.deadline else "-",
                f"{len(d.owed)}/{len(d.asked)}" if d.request else "-",
                _short(d),
                key=d.bidang.code,
            )
        row = min(max(row, 0), max(len(t.debts) - 1, 0))
        table.move_cursor(row=row)
        self._detail(row)

    def _detail(self, row: int) -> None:
        t = self.data
        if t is None:
            return
        out = Text()
        if not t.debts:
            out.append("Belum ada bidang; tambahkan di layar Bidang (tombol b di papan).")
        else:
            d = t.debts[min(row, len(t.debts) - 1)]
            out.append(safe(f"{d.bidang.code} - {d.bidang.name}") + "\n", style="bold")
            if d.request is None:
                out.append(
                    "Permintaan data belum dikirim: tekan k (atau lakip export permintaan "
                    + f"--bidang {safe(d.bidang.code)})\n"
                )
            else:
                r = d.request
                tw = f", data {quarter_label(r.quarter)}" if r.quarter else ""
                out.append(
                    f"Dikirim {format_datetime(r.sent_at, t.zone)}, nomor {safe(r.number)}{tw}\n"
                )
                batas = f"Batas {format_date(r.deadline)}"
                if r.deadline_note:
                    batas += f" (diubah: {safe(r.deadline_note)})"
                out.append(batas + "\n")
                if d.late:
                    out.append(f"TERLAMBAT {d.days_late} hari kerja", style="bold")
                    out.append(" (tekan p untuk pengingat)\n")
                last = d.last_reminder
                out.append(
                    "Pengingat terakhir: "
                    + (
                        f"{format_datetime(last.at, t.zone)} ({safe(last.number)})"
                        if last
                        else "belum ada"
                    )
                    + "\n"
                )
                if d.owed:
                    out.append(f"Kurang ({len(d.owed)}):\n")
                    for item in d.owed:
                        out.append(safe(f"  - {item.label} {item.name}") + "\n")
                else:
                    out.append("Tidak ada tunggakan.\n")
        self.query_one("#tunggakan-detail", Static).update(out)

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._detail(event.cursor_row)

    def action_close(self) -> None:
        self.dismiss(None)

    # -- sending (tui.screens.nota) ------------------------------------------------------------

    def _chosen(self) -> Debt | None:
        t = self.data
        if t is None or not t.debts:
            return None
        row = self.query_one(DataTable).cursor_row
        return t.debts[min(max(row, 0), len(t.debts) - 1)]

    def action_send(self) -> None:
        self._ask(reminder=False)

    def action_remind(self) -> None:
        self._ask(reminder=True)

    def _ask(self, reminder: bool) -> None:
        """A request first asks which data (Tahunan or TW I..IV, ``tui.screens.quarter``), as
        ``lakip export permintaan --tw N``; a reminder follows its request's quarter."""
        from tui.screens.nota import SendDialog, sent_text
        from tui.screens.quarter import QuarterScreen
        from usecases.requests import NotaResult, export_nota

        d, t = self._chosen(), self.data
        if d is None or t is None:
            return
        ctx, year, code = self.ctx, self.year, d.bidang.code

        def done(result: NotaResult) -> None:
            self.notify(sent_text(result), title="Nota Dinas dibuat", markup=False, timeout=12)
            self.action_reload()

        def confirm(quarter: int | None) -> None:
            if quarter is None:
                return

            def answered(answer: dict[str, int] | None) -> None:
                if answer is None:
                    return
                kind = "pengingat" if reminder else "permintaan"
                days = answer.get("days")
                run_store(
                    self,
                    lambda: export_nota(
                        ctx, kind, bidang=code, year=year, days=days, quarter=quarter
                    ),
                    done,
                )

            self.app.push_screen(SendDialog(d, t, reminder, quarter), answered)

        if reminder:
            confirm(d.request.quarter if d.request is not None else 0)
            return
        self.app.push_screen(QuarterScreen(f"Permintaan data ke bidang {safe(code)}:"), confirm)

    def action_deadline(self) -> None:
        from datetime import date

        from tui.screens.nota import DeadlineDialog
        from usecases.requests import set_deadline

        d = self._chosen()
        if d is None:
            return
        if d.request is None:
            self.notify(
                f"Permintaan data ke bidang {d.bidang.code} belum dikirim; kirim dulu (k).",
                severity="warning",
                markup=False,
            )
            return
        ctx, year, code = self.ctx, self.year, d.bidang.code

        def done(new: DataRequest) -> None:
            self.notify(
                f"Batas bidang {code} diubah menjadi {format_date(new.deadline)}.", markup=False
            )
            self.action_reload()

        def answered(answer: dict[str, object] | None) -> None:
            if answer is None:
                return
            deadline, note = answer["deadline"], str(answer["note"])
            assert isinstance(deadline, date)
            run_store(
                self,
                lambda: set_deadline(ctx, bidang=code, deadline=deadline, note=note, year=year),
                done,
            )

        self.app.push_screen(DeadlineDialog(d), answered)
