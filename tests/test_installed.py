"""The product as ``pip install .`` delivers it: the wheel, installed non-editable into a fresh
venv, run from ``/`` so that nothing of the checkout is on the import path. An editable install
and tests run from the checkout once hid a wheel without the data screens."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

from tests.product.installing import PACKAGES, ROOT, Installed

WALK = Path(__file__).parent / "product" / "walk_board.py"


def _tracked(suffixes: tuple[str, ...]) -> list[str]:
    names = [
        str(p.relative_to(ROOT))
        for pkg in PACKAGES
        for p in (ROOT / pkg).rglob("*")
        if p.is_file() and p.suffix in suffixes and "__pycache__" not in p.parts
    ]
    assert names
    return sorted(names)


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LAKIP_", "XDG_"))}
    env.pop("PYTHONPATH", None)
    env.update(XDG_DATA_HOME=str(tmp_path / "data"), XDG_CACHE_HOME=str(tmp_path / "cache"))
    return env


def test_the_wheel_holds_every_module_and_data_file(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    missing = [f for f in _tracked((".py", ".json", ".tcss")) if f not in names]
    assert missing == []


def test_every_module_imports_from_the_installed_venv(installed: Installed) -> None:
    modules = [
        f[: -len(".py")].replace("/", ".").removesuffix(".__init__") for f in _tracked((".py",))
    ]
    script = (
        "import importlib, sys\n"
        "bad = []\n"
        f"for name in {modules!r}:\n"
        "    try:\n"
        "        mod = importlib.import_module(name)\n"
        "        assert 'site-packages' in (mod.__file__ or ''), mod.__file__\n"
        "    except Exception as exc:\n"
        "        bad.append(f'{name}: {exc!r}')\n"
        "print('\\n'.join(bad) or 'ok')\n"
    )
    done = subprocess.run(
        [installed.python, "-c", script], capture_output=True, text=True, cwd="/", timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_demo_status_and_every_board_screen_from_the_installed_venv(
    installed: Installed, tmp_path: Path
) -> None:
    env = _env(tmp_path)
    made = installed.run("demo", "--no-tui", env=env)
    assert made.returncode == 0, made.stderr
    db = tmp_path / "data" / "lakip" / "demo" / "lakip-demo.json"
    assert db.is_file(), made.stdout
    status = installed.run("--db", str(db), "status", env=env)
    assert status.returncode == 0, status.stderr
    assert "langkah 7/11" in status.stdout, status.stdout

    script = installed.venv / "walk_board.py"
    shutil.copyfile(WALK, script)
    walked = subprocess.run(
        [installed.python, str(script), str(db)],
        capture_output=True,
        text=True,
        cwd="/",
        env={**env, "TEXTUAL_ANIMATIONS": "none"},
        timeout=300,
    )
    assert walked.returncode == 0, walked.stderr
    seen = dict(line.split(" ", 1) for line in walked.stdout.splitlines())
    from tests.product.walk_board import SCREENS

    assert seen.pop("board") == "BoardScreen True"
    assert seen == {key: f"{cls} True" for key, (cls, _title) in SCREENS.items()}
