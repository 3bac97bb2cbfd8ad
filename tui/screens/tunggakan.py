"""The tunggakan screen: per bidang the data request, its deadline, what is still owed, how many
working days late, and when the last reminder went (``lakip bidang`` shows the same table)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType

from models.domain import DataRequest
from models.numbers import format_date, format_datetime
from models.quarter_fill import quarter_label
from models.requests import Debt
from tui.base import run_store
from tui.screens.frames import ListScreen
from tui.text import safe
from usecases.context import Context
from usecases.requests import Tunggakan, tunggakan


def _short(d: Debt) -> str:
    if d.late:
        return f"{d.state}, +{d.days_late} hr"
    return d.state


class TunggakanScreen(ListScreen):
    """Per bidang: send its request or a reminder (a numbered Nota Dinas, as ``lakip export
    permintaan|pengingat --bidang KODE``) and change its deadline (``tui.screens.nota``)."""

    HELP_TITLE = "tunggakan data bidang"
    PREFIX = "tunggakan"
    COLUMNS = ("Bidang", "Batas", "Kurang", "Keadaan")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Tutup", id="tunggakan.tutup"),
        Binding("k", "send", "Kirim permintaan", id="tunggakan.kirim"),
        Binding("p", "remind", "Pengingat", id="tunggakan.pengingat"),
        Binding("t", "deadline", "Ubah batas", id="tunggakan.batas"),
        Binding("f5,m", "reload", "Muat ulang", id="tunggakan.muat_ulang"),
    ]

    def __init__(self, ctx: Context, year: int) -> None:
        super().__init__(ctx, year)
        self.data: Tunggakan | None = None

    def read(self) -> Tunggakan:
        """The debts (``usecases.requests.tunggakan``), in the worker thread."""
        return tunggakan(self.ctx, self.year)

    def shown(self, found: Tunggakan) -> None:
        self.data = t = found
        title = Text(f"Tunggakan data bidang, laporan {t.year}\n", style="bold")
        title.append(safe(t.summary()))
        self.put_title(title)
        rows = [
            (d.bidang.code, (safe(d.bidang.code),
                             format_date(d.deadline) if d.deadline else "-",
                             f"{len(d.owed)}/{len(d.asked)}" if d.request else "-", _short(d)))
            for d in t.debts
        ]  # fmt: skip
        self.detail(self.fill_table(rows))

    def detail(self, row: int) -> None:
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
        self.put_detail(out)

    # -- sending (tui.screens.nota) ------------------------------------------------------------

    def _chosen(self) -> Debt | None:
        t = self.data
        row = self.chosen_row(len(t.debts)) if t is not None else None
        return None if t is None or row is None else t.debts[row]

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
