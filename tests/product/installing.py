"""Build the wheel exactly as ``pip install .`` does and install it, non-editable, into a fresh
venv outside any home folder, with an interpreter every account may run (Debian's
``/usr/bin/python3`` where it is 3.11 or newer). Tests then run the product from there, as an
office meets it, instead of from the checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("models", "store", "exporters", "tui", "usecases")


@dataclass(frozen=True)
class Installed:
    venv: Path
    wheel: Path

    @property
    def python(self) -> str:
        return str(self.venv / "bin" / "python")

    @property
    def lakip(self) -> str:
        return str(self.venv / "bin" / "lakip")

    def run(
        self, *args: str, env: dict[str, str] | None = None, timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        """``lakip ARGS`` from the installed venv, run from ``/`` so the checkout is not on the
        import path."""
        return subprocess.run(
            [self.lakip, *args], capture_output=True, text=True, cwd="/", env=env, timeout=timeout
        )


def _interpreter() -> str:
    """Debian's Python when it is new enough: the one other accounts may run."""
    system = Path("/usr/bin/python3")
    if system.exists():
        done = subprocess.run(
            [str(system), "-c", "import sys, venv; print(sys.version_info >= (3, 11))"],
            capture_output=True,
            text=True,
        )
        if done.stdout.strip() == "True":
            return str(system)
    return sys.executable


def _source_copy(into: Path) -> Path:
    """The files git tracks (what a clean clone has), so a stale ``build/`` or an untracked file
    of this checkout can neither hide nor add a module."""
    src = into / "src"
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=False)
    if listed.returncode == 0 and listed.stdout:
        for name in listed.stdout.decode().split("\0"):
            if not name or not (ROOT / name).is_file():
                continue
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, src / name)
    else:  # not a git checkout: everything but the usual leftovers
        shutil.copytree(
            ROOT,
            src,
            ignore=shutil.ignore_patterns(
                ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache"
            ),
        )
    return src


def install_product() -> Installed:
    base = Path(tempfile.mkdtemp(prefix="lakip-produk-"))
    os.chmod(base, 0o755)  # other accounts run the venv from here
    old_umask = os.umask(0o022)
    try:
        src = _source_copy(base)
        wheels = base / "wheel"
        subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(src)],
            check=True,
            capture_output=True,
        )
        wheel = next(wheels.glob("lakip-*.whl"))
        venv = base / "venv"
        subprocess.run([_interpreter(), "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(venv / "bin" / "pip"), "install", "-q", str(wheel)],
            check=True,
            capture_output=True,
        )
        shutil.rmtree(src)
    finally:
        os.umask(old_umask)
    return Installed(venv=venv, wheel=wheel)
