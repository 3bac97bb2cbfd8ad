"""The users of the office (administrator): the list, add, change role or name, deactivate.

The same use cases as ``lakip users``: ``usecases.admin.list_users`` and ``save_user`` (which
checks that the account is an administrator's, that the Unix account exists, and that an active
administrator remains)."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Checkbox, DataTable, RadioSet, Static

from models.domain import User
from models.errors import LakipError, error_text
from models.sop import Role
from tui.base import KeyBar, run_store
from tui.screens.frames import CLOSE_BINDINGS, Closable, Dialog
from tui.text import safe
from tui.widgets import MarkedCheckbox, MarkedRadioButton
from usecases.context import Context

SAVE_HINT = "F2: simpan  Tab: kolom lain  Spasi: pilih  Esc: batal"
ROLES: tuple[Role | None, ...] = (*Role, None)


def role_text(role: Role | None) -> str:
    return role.label if role else "tanpa peran"


class UsersScreen(Closable):
    """Every user: account, name, role, admin, active."""

    HELP_TITLE = "pengguna"

    BINDINGS: ClassVar[list[BindingType]] = [
        *CLOSE_BINDINGS,
        Binding("a", "add", "Tambah", id="pengguna.tambah"),
        Binding("e", "edit", "Ubah", id="pengguna.ubah"),
        Binding("d", "toggle_active", "Nonaktifkan/aktifkan", id="pengguna.aktif"),
    ]

    def __init__(self, ctx: Context) -> None:
        super().__init__(id="users")
        self.ctx = ctx
        self.users: tuple[User, ...] = ()

    def compose(self) -> ComposeResult:
        yield Static(Text("Pengguna LAKIP (akun Unix dan perannya)", style="bold"), classes="title")
        yield DataTable(id="users-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="users-info")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Akun", "Nama", "Peran", "Admin", "Status")
        table.focus()
        self.load()
        self.follow_data(self.ctx)  # another process's change shows here too

    def action_reload(self) -> None:
        self.load()

    def load(self, _token: int = 0) -> None:
        from usecases.admin import list_users

        def failed(exc: LakipError) -> None:
            self.query_one("#users-info", Static).update(Text(error_text(exc)))

        run_store(self, lambda: list_users(self.ctx), self.fill, failed, writes=False)

    def fill(self, users: tuple[User, ...]) -> None:
        self.users = users
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        for u in users:
            table.add_row(
                Text(safe(u.account)),
                Text(safe(u.name)[:28]),
                Text(role_text(u.role)),
                Text("admin" if u.is_admin else "-"),
                Text("aktif" if u.active else "nonaktif"),
                key=u.account,
            )
        if users:
            table.move_cursor(row=min(keep, len(users) - 1))
        active = sum(1 for u in users if u.active)
        self.query_one("#users-info", Static).update(
            Text(f"{len(users)} pengguna, {active} aktif. a: tambah  e: ubah  d: nonaktifkan")
        )

    def current(self) -> User | None:
        table = self.query_one(DataTable)
        if not self.users or table.cursor_row < 0:
            return None
        return self.users[min(table.cursor_row, len(self.users) - 1)]

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()  # Enter on a row: change that user
        self.action_edit()

    def action_add(self) -> None:
        self.app.push_screen(UserDialog(None), self._save)

    def action_edit(self) -> None:
        user = self.current()
        if user is not None:
            self.app.push_screen(UserDialog(user), self._save)

    def action_toggle_active(self) -> None:
        user = self.current()
        if user is None:
            return
        from tui.screens.data_base import ConfirmDialog

        verb = "Nonaktifkan" if user.active else "Aktifkan kembali"

        def answered(yes: bool | None) -> None:
            if yes:
                self._save({"account": user.account, "active": not user.active})

        self.app.push_screen(
            ConfirmDialog(
                f"{verb} akun {user.account} ({user.name or '-'})? Akun nonaktif tidak dapat "
                "bertindak di papan; datanya tetap ada.",
                yes=f"{verb} (y)",
            ),
            answered,
        )

    def _save(self, answer: dict[str, Any] | None) -> None:
        if not answer:
            return
        from usecases.admin import save_user

        changes = dict(answer)
        account = changes.pop("account")
        belum_ada = bool(changes.pop("belum_ada", False))

        def done(user: User) -> None:
            state = "aktif" if user.active else "nonaktif"
            admin = ", admin" if user.is_admin else ""
            self.notify(
                f"Tersimpan: {user.account} ({role_text(user.role)}{admin}, {state}).",
                title="Pengguna",
                markup=False,
            )
            self.load()

        def failed(exc: LakipError) -> None:
            from tui.screens.message import MessageDialog

            self.app.push_screen(MessageDialog("Tidak dapat disimpan", error_text(exc)))

        run_store(
            self, lambda: save_user(self.ctx, account, belum_ada=belum_ada, **changes), done, failed
        )


class UserDialog(Dialog):
    """Add a user (``user`` None) or change one: name, NIP, role, administrator."""

    DEFAULT_CSS = """
    UserDialog RadioSet { height: auto; width: 100%; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "save", "Simpan", id="pengguna.simpan"),
    ]

    def __init__(self, user: User | None) -> None:
        super().__init__(id="user-dialog")
        self.user = user

    def compose(self) -> ComposeResult:
        u = self.user
        title = "Tambah pengguna" if u is None else f"Ubah pengguna {u.account}"
        with Vertical(id="dialog", classes="dialog"):
            yield Static(Text(safe(title), style="bold"), classes="dialog-title")
            if u is None:
                yield self.field("account", "Akun Unix", placeholder="wajib, mis. budi")
            yield self.field("name", "Nama", u.name if u else "", placeholder="nama lengkap")
            yield self.field("nip", "NIP", u.nip if u else "", placeholder="boleh kosong")
            yield Static(Text("Peran (panah lalu Spasi):"))
            with RadioSet(id="role"):
                for role in ROLES:
                    yield MarkedRadioButton(
                        role_text(role), value=(u.role if u else Role.STAF) is role, compact=True
                    )
            yield MarkedCheckbox("Admin", u.is_admin if u else False, id="is_admin", compact=True)
            if u is None:
                yield MarkedCheckbox(
                    "Akun Unix baru akan dibuat (jangan periksa ke sistem)",
                    False,
                    id="belum_ada",
                    compact=True,
                )
            yield Static("", id="dialog-error", classes="error")
            yield Static(SAVE_HINT, classes="dialog-hint")

    def action_save(self) -> None:
        self.save()

    def save(self) -> None:
        answer: dict[str, Any] = {}
        if self.user is None:
            account = self.value("account")
            if not account:
                self.refuse("Isi nama akun Unix pengguna.", "account")
                return
            answer["account"] = account
            answer["belum_ada"] = self.query_one("#belum_ada", Checkbox).value
        else:
            answer["account"] = self.user.account
        answer["name"] = self.value("name")
        answer["nip"] = self.value("nip")
        index = self.query_one(RadioSet).pressed_index
        role = ROLES[index] if index >= 0 else None
        answer["role"] = role.value if role else ""
        answer["is_admin"] = self.query_one("#is_admin", Checkbox).value
        self.dismiss(answer)

    @on(RadioSet.Changed)
    def _role_chosen(self, event: RadioSet.Changed) -> None:
        event.stop()
