"""Unix accounts of an office, made for a test session and removed after it (needs root):
one per role in group ``lakip``, all without a login shell, ``tamu``, outside the group, and
``lakipd``, the protected mode's service account (primary group ``lakip``).
Commands run as an account through ``setpriv`` with ``sh -c`` (no login shell: no
``/etc/profile.d``), from the installed product (tests/product/installing.py)."""

from __future__ import annotations

import contextlib
import grp
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.product.installing import Installed

GROUP = "lakip"
MEMBERS = ("kadis", "sekretaris", "kasubbag", "staf1", "staf2")
OUTSIDER = "tamu"
SERVICE = "lakipd"  # the protected mode's service account: primary group lakip, not a member
NOLOGIN = next(
    (s for s in ("/usr/sbin/nologin", "/sbin/nologin", "/bin/false") if Path(s).exists()),
    "/bin/false",
)


def _exists(name: str, db: str = "passwd") -> bool:
    try:
        (pwd.getpwnam if db == "passwd" else grp.getgrnam)(name)
    except KeyError:
        return False
    return True


@dataclass
class OfficeAccounts:
    installed: Installed
    base: Path

    @classmethod
    def create(cls, installed: Installed) -> OfficeAccounts:
        if os.geteuid() != 0:
            pytest.skip("making Unix accounts needs root (CI runs as root)")
        for tool in ("useradd", "groupadd", "setpriv"):
            if shutil.which(tool) is None:
                pytest.fail(f"{tool} is missing: the multi-account tests cannot run")
        base = Path(tempfile.mkdtemp(prefix="lakip-akun-"))
        os.chmod(base, 0o755)
        self = cls(installed=installed, base=base)
        with _registry() as made:
            if not _exists(GROUP, "group"):
                subprocess.run(["groupadd", GROUP], check=True)
                made.add(f"group:{GROUP}")
            for name in (*MEMBERS, OUTSIDER):
                if _exists(name):
                    # an account left by an earlier, killed session may have lost the group
                    if name != OUTSIDER and name not in grp.getgrnam(GROUP).gr_mem:
                        subprocess.run(["usermod", "-a", "-G", GROUP, name], check=True)
                    continue
                extra = ["-G", GROUP] if name != OUTSIDER else []
                subprocess.run(
                    ["useradd", "-M", "-U", "-d", str(base / name), "-s", NOLOGIN, *extra, name],
                    check=True,
                )
                made.add(f"user:{name}")
            if not _exists(SERVICE):
                subprocess.run(
                    ["useradd", "-M", "-g", GROUP, "-d", str(base / SERVICE), "-s", NOLOGIN,
                     SERVICE],
                    check=True,
                )  # fmt: skip
                made.add(f"user:{SERVICE}")
            (_STATE / f"session-{os.getpid()}").touch()
        for name in (*MEMBERS, OUTSIDER, SERVICE):
            home = base / name
            home.mkdir(exist_ok=True)
            shutil.chown(home, name, GROUP if name == SERVICE else name)
            os.chmod(home, 0o700)
        return self

    @property
    def gid(self) -> int:
        return grp.getgrnam(GROUP).gr_gid

    def home(self, name: str) -> Path:
        return self.base / name

    def shared_folder(self, name: str = "srv") -> Path:
        """A folder set up as the README's server section says: root-owned, group ``lakip``,
        setgid, 2770, inside a 0755 parent."""
        folder = Path(tempfile.mkdtemp(prefix=f"lakip-{name}-", dir=self.base))
        os.chown(folder, 0, self.gid)
        os.chmod(folder, 0o2770)
        return folder

    def run(
        self,
        account: str,
        *args: str,
        env: dict[str, str] | None = None,
        umask: str | None = None,
        program: str | None = None,
        timeout: float = 120,
    ) -> subprocess.CompletedProcess[str]:
        """``lakip ARGS`` (or ``program ARGS``) as ``account``, through ``sh -c`` as ssh runs a
        command without a login shell: the environment is only what is given here."""
        home = self.home(account)
        full_env = {
            "PATH": f"{self.installed.venv / 'bin'}:/usr/bin:/bin",
            "HOME": str(home),
            "LANG": "C.UTF-8",
            **(env or {}),
        }
        exe = program or self.installed.lakip
        line = " ".join(_quote(a) for a in (exe, *args))
        if umask is not None:
            line = f"umask {umask}; exec {line}"
        return subprocess.run(
            ["setpriv", "--reuid", account, "--regid", account, "--init-groups", "sh", "-c", line],
            capture_output=True,
            text=True,
            cwd="/",
            env=full_env,
            timeout=timeout,
        )

    def remove(self) -> None:
        """Remove the accounts and group the test sessions made, once no other test session
        on this machine still uses them (two sessions at once must not pull the group from
        under each other)."""
        with _registry() as made:
            (_STATE / f"session-{os.getpid()}").unlink(missing_ok=True)
            alive = [p for p in _STATE.glob("session-*") if _pid_alive(p.name.split("-", 1)[1])]
            for stale in set(_STATE.glob("session-*")) - set(alive):
                stale.unlink(missing_ok=True)
            if not alive:
                for item in sorted(made, reverse=True):  # users before the group
                    kind, name = item.split(":", 1)
                    tool = "userdel" if kind == "user" else "groupdel"
                    subprocess.run([tool, name], check=False, capture_output=True)
                made.clear()
        shutil.rmtree(self.base, ignore_errors=True)


# What the test sessions of this machine made, and which sessions are running (root only).
_STATE = Path(tempfile.gettempdir()) / "lakip-uji-akun"


@contextlib.contextmanager
def _registry() -> Iterator[set[str]]:
    """The set of accounts and groups made by test sessions, under an exclusive lock."""
    import fcntl

    _STATE.mkdir(mode=0o700, exist_ok=True)
    with open(_STATE / "kunci", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        listing = _STATE / "dibuat"
        made = set(listing.read_text().split()) if listing.exists() else set()
        yield made
        listing.write_text("\n".join(sorted(made)))


def _pid_alive(text: str) -> bool:
    try:
        os.kill(int(text), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


def _quote(arg: str) -> str:
    return "'" + arg.replace("'", "'\"'\"'") + "'"
