"""``/etc/lakip.conf``: one office store found from any shell (issue: ``ssh server lakip status``
reads no /etc/profile.d, so LAKIP_DB was missing and the user was told to run ``init``)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.conftest import FIXED_NOW
from tui.cli import main
from usecases.context import Context, resolve_db


def _conf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> Path:
    conf = tmp_path / "lakip.conf"
    conf.write_text(text, encoding="utf-8")
    monkeypatch.setenv("LAKIP_CONF", str(conf))
    return conf


def test_the_settings_file_names_the_store_after_db_and_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    office = tmp_path / "srv" / "lakip.json"
    conf = _conf(tmp_path, monkeypatch, f'db = "{office}"\nkeluaran = "{tmp_path / "out"}"\n')
    assert resolve_db(None) == (office, f"berkas pengaturan {conf}")
    monkeypatch.setenv("LAKIP_DB", str(tmp_path / "env.json"))
    assert resolve_db(None)[0] == tmp_path / "env.json"
    assert resolve_db(str(tmp_path / "cli.json"))[0] == tmp_path / "cli.json"


def test_keluaran_applies_to_the_store_the_file_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    office = tmp_path / "srv" / "lakip.json"
    _conf(tmp_path, monkeypatch, f'db = "{office}"\nkeluaran = "{tmp_path / "out"}"\n')
    assert Context(db_path=office).out_dir() == tmp_path / "out"
    other = tmp_path / "pribadi" / "lakip.json"  # --db elsewhere: documents stay beside it
    assert Context(db_path=other).out_dir() == other.parent / "keluaran"


def test_status_and_paths_use_the_settings_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from usecases.demo import build_demo

    office = tmp_path / "srv" / "lakip.json"
    office.parent.mkdir()
    build_demo(Context(db_path=office, account="admin", clock=lambda: FIXED_NOW))
    conf = _conf(tmp_path, monkeypatch, f'db = "{office}"\n')
    assert main(["status"]) == 0
    assert "langkah 7/11" in capsys.readouterr().out
    assert main(["paths"]) == 0
    out = capsys.readouterr().out
    assert f"Berkas data : {office}  (berkas pengaturan {conf})" in out
    assert f"Pengaturan  : {conf}" in out and "Data contoh :" in out


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('db = "/srv/lakip/lakip.json"\nLAKIP_DB = "x"\n', "kunci tidak dikenal: LAKIP_DB"),
        ('db = "lakip.json"\n', "db harus jalur lengkap"),
        ("db = /srv/lakip\n", "tidak sah (TOML)"),
        ("db = 5\n", "db harus jalur lengkap"),
    ],
)
def test_a_wrong_settings_file_is_refused_not_replaced_by_a_private_store(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    text: str,
    said: str,
) -> None:
    conf = _conf(tmp_path, monkeypatch, text)
    assert main(["status"]) == 2
    err = capsys.readouterr().err
    assert said in err and str(conf) in err and "tak terduga" not in err, err


def test_a_missing_office_store_says_who_creates_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    conf = _conf(tmp_path, monkeypatch, f'db = "{tmp_path / "srv" / "lakip.json"}"\n')
    assert main(["status"]) == 3
    err = capsys.readouterr().err
    assert f"dari berkas pengaturan {conf}" in err
    assert "admin kantor membuatnya dengan 'lakip init'" in err, err
    assert main([]) == 3  # the board says the same before opening
    assert "admin kantor membuatnya" in capsys.readouterr().err


def test_check_judges_the_output_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from usecases.admin import check
    from usecases.demo import build_demo

    folder = tmp_path / "srv"
    folder.mkdir()
    os.chmod(folder, 0o2770)
    office = folder / "lakip.json"
    build_demo(Context(db_path=office, account="admin", clock=lambda: FIXED_NOW))
    out = tmp_path / "keluaran"
    out.mkdir()
    os.chmod(out, 0o755)  # not writable by the group, no setgid
    _conf(tmp_path, monkeypatch, f'db = "{office}"\nkeluaran = "{out}"\n')
    items = {i.what: i for i in check(Context(db_path=office))}
    judged = items["Izin folder keluaran"]
    assert not judged.ok and "grup tidak punya izin tulis" in judged.detail
    assert "setgid" in judged.detail
    os.chmod(out, 0o2770)
    assert check(Context(db_path=office))[0] is not None
    fixed = {i.what: i for i in check(Context(db_path=office))}["Izin folder keluaran"]
    assert fixed.ok, fixed.detail
    assert stat.S_IMODE(out.stat().st_mode) == 0o2770
