import json
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from models.numbers import OfficeZone
from models.worktime import OfficeHours, WorkCalendar, working_minutes
from store import calendar
from store.calendar import holidays_version, public_holidays, work_calendar


def cache_file(folder: Path, year: int) -> Path:
    return folder / f"holidays-ID-{holidays_version()}-{year}.json"


def test_version_matches_the_library() -> None:
    from importlib.metadata import version

    assert holidays_version() == version("holidays")


def test_known_holidays_in_indonesian(tmp_path: Path) -> None:
    found = public_holidays([2026], cache_dir=tmp_path)
    assert found[date(2026, 8, 17)] == "Hari Kemerdekaan Republik Indonesia"
    assert found[date(2026, 12, 25)] == "Hari Raya Natal"
    assert found[date(2026, 1, 1)] == "Tahun Baru Masehi"
    assert date(2026, 8, 18) not in found
    assert all(d.year == 2026 for d in found)
    assert list(found) == sorted(found)


def test_writes_cache_then_reads_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = public_holidays([2026], cache_dir=tmp_path)
    path = cache_file(tmp_path, 2026)
    assert path.exists()
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert stored["2026-08-17"] == "Hari Kemerdekaan Republik Indonesia"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temp file left behind

    def must_not_compute(year: int) -> dict[date, str]:
        raise AssertionError("computed although cached")

    monkeypatch.setattr(calendar, "_compute", must_not_compute)
    assert public_holidays([2026], cache_dir=tmp_path) == first


def test_cache_content_is_what_is_returned(tmp_path: Path) -> None:
    # the answer really comes from the file: an office-edited cache is honoured
    cache_file(tmp_path, 2030).write_text(json.dumps({"2030-03-04": "Libur uji"}), encoding="utf-8")
    assert public_holidays([2030], cache_dir=tmp_path) == {date(2030, 3, 4): "Libur uji"}


@pytest.mark.parametrize(
    "content",
    ["{not json", "[1, 2]", '{"bukan-tanggal": "x"}', '{"2025-01-01": "tahun lain"}'],
)
def test_damaged_cache_is_recomputed_and_replaced(tmp_path: Path, content: str) -> None:
    path = cache_file(tmp_path, 2026)
    path.write_text(content, encoding="utf-8")
    found = public_holidays([2026], cache_dir=tmp_path)
    assert date(2026, 8, 17) in found
    assert json.loads(path.read_text(encoding="utf-8"))["2026-08-17"]


def test_unwritable_cache_dir_still_answers(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    found = public_holidays([2026], cache_dir=blocker / "cache")  # parent is a file
    assert date(2026, 8, 17) in found


def test_read_only_cache_dir_still_answers(request: pytest.FixtureRequest) -> None:
    """A cache folder the account may read but not write. Root writes anywhere, so as root the
    lookup runs as 'nobody', from the installed product (an interpreter every account may run),
    in a folder that account owns with mode 0500."""
    import pwd
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="lakip-cache-ro-"))
    python, drop, cwd = sys.executable, {}, Path(__file__).resolve().parents[1]
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        os.chown(folder, nobody.pw_uid, nobody.pw_gid)
        python, cwd = request.getfixturevalue("installed").python, Path("/")
        drop = {"user": nobody.pw_uid, "group": nobody.pw_gid, "extra_groups": []}
    folder.chmod(0o500)
    code = (
        "import os, sys; from datetime import date; from pathlib import Path; "
        "from store.calendar import public_holidays; "
        "found = public_holidays([2026], cache_dir=Path(sys.argv[1])); "
        "print(os.geteuid() != 0, found[date(2026, 8, 17)])"
    )
    try:
        out = subprocess.run(
            [python, "-c", code, str(folder)],
            capture_output=True,
            text=True,
            cwd=cwd,
            env={**os.environ, "HOME": str(folder), "PYTHONDONTWRITEBYTECODE": "1"},
            timeout=120,
            **drop,  # type: ignore[arg-type]
        )
        assert out.returncode == 0, out.stderr
        assert out.stdout.strip() == "True Hari Kemerdekaan Republik Indonesia"
        assert list(folder.iterdir()) == []  # nothing written, and no error either
    finally:
        folder.chmod(0o700)
        shutil.rmtree(folder)


def test_several_years_one_file_each(tmp_path: Path) -> None:
    found = public_holidays([2027, 2026, 2026], cache_dir=tmp_path)
    assert date(2026, 8, 17) in found
    assert date(2027, 8, 17) in found
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        cache_file(tmp_path, 2026).name,
        cache_file(tmp_path, 2027).name,
    ]


def test_work_calendar(tmp_path: Path) -> None:
    hours = OfficeHours.parse("08:00", "15:00")
    cal = work_calendar([2026], hours, [date(2026, 8, 18)], OfficeZone.WITA, cache_dir=tmp_path)
    assert isinstance(cal, WorkCalendar)
    assert cal.hours == hours
    assert date(2026, 8, 17) in cal.days_off  # public holiday
    assert date(2026, 8, 18) in cal.days_off  # the office's own day off
    # Fri 14 Aug 14:00 -> Wed 19 Aug 09:00: Fri 1 hour, Mon and Tue off, Wed 1 hour
    start = datetime(2026, 8, 14, 14, tzinfo=OfficeZone.WITA.tz)
    end = datetime(2026, 8, 19, 9, tzinfo=OfficeZone.WITA.tz)
    assert working_minutes(cal, start, end) == 120


def test_import_is_cheap() -> None:
    code = (
        "import sys, store.calendar; "
        "print('holidays' in sys.modules, 'platformdirs' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    ).stdout
    assert out.split() == ["False", "False"]


def test_cache_hit_does_not_import_holidays(tmp_path: Path) -> None:
    public_holidays([2026], cache_dir=tmp_path)
    code = (
        "import sys; from pathlib import Path; from store.calendar import public_holidays; "
        f"public_holidays([2026], cache_dir=Path({str(tmp_path)!r})); "
        "print('holidays' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    ).stdout
    assert out.strip() == "False"
