"""The instansi profile: office, letter numbering, addressee, page layout, time zone and office
hours, and (read-only) who signs: the users holding the roles. One scrollable form; F2 saves."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Input, Select, Static

from models.domain import LETTER_FIELDS as LETTER_FIELDS_HELP
from models.domain import PageSize, Profile, User, signer
from models.errors import LakipError, error_text
from models.numbers import OfficeZone, format_date
from models.sop import Role
from store.errors import Conflict
from tui.base import FIELD_KEYS, KeyBar, run_store
from tui.screens.data_base import (
    RELOAD,
    Choice,
    ConflictDialog,
    DataScreen,
    Field,
    ask_before_discarding,
    field_values,
    plain,
)
from usecases.context import Context
from usecases.data import NUMBERING_FIELDS

TEXT_FIELDS = (
    ("pemda", "Pemerintah daerah"),
    ("office", "Perangkat daerah"),
    ("office_short", "Singkatan"),
    ("report_name", "Nama laporan"),
    ("report_short", "Singkatan laporan"),
    ("address", "Alamat"),
    ("postal_code", "Kode pos"),
    ("phone", "Telepon"),
    ("email", "Surel"),
    ("website", "Situs web"),
    ("city", "Kota surat"),
    ("logo_path", "Berkas logo"),
)
SIGNERS = (Role.KEPALA_DINAS, Role.SEKRETARIS, Role.KASUBBAG)
LETTER_FIELDS = (
    ("letter_template", "Templat nomor"),
    ("letter_klasifikasi", "Klasifikasi"),
    ("addressee", "Kepada (Yth.)"),
    ("addressee_place", "Tempat penerima"),
)


class ProfileScreen(DataScreen):
    DEFAULT_CSS = """
    ProfileScreen #body { height: 1fr; padding: 0 1; }
    ProfileScreen .section { text-style: bold; margin-top: 1; color: $accent; }
    ProfileScreen #error { height: auto; max-height: 3; padding: 0 1; color: $error; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "save", "Simpan", priority=True),
        Binding("escape", "back", "Kembali"),
        *FIELD_KEYS,
    ]

    def __init__(self, ctx: Context, year: int) -> None:
        super().__init__(ctx, year)
        self.profile: Profile | None = None

    def compose(self) -> ComposeResult:
        from usecases.data import load

        view = load(self.ctx, self.year)
        self.profile = view.data.profile
        p = self.profile
        yield self.banner()
        yield Static(plain("Profil instansi (F2 simpan, Esc kembali)"), id="heading")
        with VerticalScroll(id="body"):
            yield Static("Instansi", classes="section")
            for key, label in TEXT_FIELDS:
                yield Field(key, label, getattr(p, key))
            yield Static("Penanda tangan", classes="section")
            for role in SIGNERS:
                who = signer(view.data.users, role)
                shown = (
                    f"{who.name}, NIP {who.nip or '-'}, {who.pangkat or '-'}"
                    if who.name
                    else ("BELUM ADA: tanda tangan dokumen akan kosong")
                )
                yield Static(plain(f"  {role.label:<15}: {shown}"))
            yield Static(
                plain(
                    "  Diambil dari pengguna yang memegang peran itu; ubah nama, NIP, pangkat dan "
                    "jabatan di layar Pengguna (u) atau dengan 'lakip users set'."
                )
            )
            yield Static("Surat pengantar", classes="section")
            for key, label in LETTER_FIELDS:
                yield Field(key, label, getattr(p, key))
            yield Static(plain(f"  Templat: {LETTER_FIELDS_HELP}"))
            if not self.is_admin(view.data.users):
                yield Static(plain("  Templat dan klasifikasi nomor surat hanya diubah admin."))
            yield Static("Dokumen dan jam kerja", classes="section")
            yield Choice("page_size", "Ukuran kertas", [("A4", "A4"), ("F4 (215 x 330 mm)", "F4")],
                         p.page_size.value)  # fmt: skip
            for key, label in (("top", "atas"), ("bottom", "bawah"), ("left", "kiri"),
                               ("right", "kanan")):  # fmt: skip
                yield Field(
                    f"margin_{key}_mm",
                    f"Margin {label} (mm)",
                    str(getattr(p, f"margin_{key}_mm")),
                    kind="int",
                )
            yield Choice("timezone", "Zona waktu",
                         [(f"{z.value} ({z.description})", z.value) for z in OfficeZone],
                         p.timezone.value)  # fmt: skip
            yield Field("office_start", "Jam kerja mulai", p.office_start, wide=False)
            yield Field("office_end", "Jam kerja selesai", p.office_end, wide=False)
            yield Field(
                "extra_days_off",
                "Libur tambahan",
                "; ".join(format_date(d) for d in p.extra_days_off),
                kind="dates",
                placeholder="mis. 2-1-2026; 31-12-2026",
                wide=True,
            )
        yield Static("", id="error")
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        self.load()
        for inp in self.query(Input):
            inp.disabled = bool(self.refusal)
        if not self.is_admin():
            for key in NUMBERING_FIELDS:
                self.field(key).input.disabled = True
        for sel in self.query(Select):
            sel.disabled = bool(self.refusal)
        self.clean = field_values(self)

    def action_back(self) -> None:
        ask_before_discarding(self, self.clean, super().action_back)

    def is_admin(self, users: tuple[User, ...] | None = None) -> bool:
        if users is None:
            with self.ctx.store.read() as r:
                users = r.users()
        return any(u.account == self.ctx.account and u.is_admin and u.active for u in users)

    def action_reload(self) -> None:
        self.load()  # the fields keep the user's typing; Simpan checks the revision

    def field(self, key: str) -> Any:
        return self.query_one(f"#field-{key}")

    def collect(self) -> Profile:
        from usecases.inputs import ProfileInput, validate

        values: dict[str, Any] = {}
        for key, _ in (*TEXT_FIELDS, *LETTER_FIELDS):
            values[key] = self.field(key).parsed
        raw = {k: self.field(k).value for k in (
            "margin_top_mm", "margin_bottom_mm", "margin_left_mm", "margin_right_mm",
            "office_start", "office_end", "extra_days_off", "letter_template",
            "timezone")}  # fmt: skip
        model, problems = validate(ProfileInput, raw)
        if model is None:
            first = problems[0]
            label = self.field(first.field).label if first.field else ""
            raise ValueError(f"{label}: {first.message}")
        values.update(model.model_dump())
        values["page_size"] = PageSize(self.field("page_size").value or "A4")
        assert self.profile is not None
        return replace(self.profile, **values)

    def action_save(self) -> None:
        from usecases.data import save_profile

        error = self.query_one("#error", Static)
        bad = [f for f in self.query(Field) if not f.check()]
        if bad:
            error.update(plain(f"{bad[0].label}: {bad[0].message}"))
            bad[0].input.focus()
            return
        try:
            profile = self.collect()
        except ValueError as exc:
            error.update(plain(str(exc)))
            return

        def saved(stored: Profile) -> None:
            self.profile = stored
            self.clean = field_values(self)
            error.update("")
            self.app.notify(markup=False, message="Profil instansi tersimpan.")

        def failed(exc: LakipError) -> None:
            if isinstance(exc, Conflict):
                self.app.push_screen(ConflictDialog(error_text(exc)), self._after_conflict)
            else:
                error.update(plain(error_text(exc)))

        run_store(self, lambda: save_profile(self.ctx, self.year, profile), saved, failed)

    def _after_conflict(self, choice: str | None) -> None:
        with self.ctx.store.read() as r:
            fresh = r.profile()
        if choice == RELOAD:
            self.profile = fresh
            self.app.pop_screen()
            self.app.push_screen(ProfileScreen(self.ctx, self.year))
        else:
            assert self.profile is not None
            self.profile = replace(self.profile, rev=fresh.rev)
            self.query_one("#error", Static).update(
                plain("Isian Anda tetap; Simpan (F2) lagi untuk mengganti versi orang lain.")
            )

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        self.focus_next()
