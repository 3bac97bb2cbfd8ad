"""DOCX to PDF through LibreOffice.

Where LibreOffice's Python bridge is installed the conversion runs ``lo_pdf.py``, which updates
the table of contents first so the PDF's Daftar Isi has page numbers; otherwise it falls back
to ``soffice --headless --convert-to pdf``, whose Daftar Isi lists the headings without pages.

LibreOffice exits 0 even when it wrote nothing, so success is "the PDF exists and is not empty".
Each run gets its own profile directory (two users converting at once would otherwise fight over
one profile lock), and a timeout.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from exporters.errors import ExportError

__all__ = ["DEFAULT_TIMEOUT", "convert_to_pdf", "soffice_path"]

DEFAULT_TIMEOUT = 180.0
_NAMES = ("soffice", "libreoffice")


def soffice_path() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    for name in _NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


TOC_HELP = (
    "Daftar Isi PDF tidak dapat diberi nomor halaman: {why}. Admin server memasang jembatan "
    "Python LibreOffice ('apt-get install python3-uno'), atau buat PDF tanpa nomor halaman di "
    "Daftar Isi dengan --tanpa-daftar-isi (atau buka DOCX di Word/LibreOffice, perbarui Daftar "
    "Isi, lalu simpan sebagai PDF)."
)


def convert_to_pdf(
    source: Path, out_dir: Path, *, timeout: float = DEFAULT_TIMEOUT, toc: bool = False
) -> Path:
    """Convert ``source`` into ``out_dir`` (same stem, ``.pdf``); return the PDF path.

    ``toc``: the document has a Daftar Isi whose page numbers must be filled; that needs
    LibreOffice's Python bridge, and without it the conversion is refused (ExportError) rather
    than giving a PDF whose Daftar Isi has no page numbers."""
    program = soffice_path()
    if program is None:
        raise ExportError(
            "LibreOffice tidak terpasang, jadi PDF tidak dapat dibuat. Pasang dengan "
            "'apt-get install libreoffice-writer-nogui' (oleh admin server), atau buka berkas "
            "DOCX di Word/LibreOffice lalu simpan sebagai PDF."
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / (source.stem + ".pdf")
    if _convert_with_uno(program, source, target, timeout):
        return target
    if toc:
        why = (
            "jembatan Python LibreOffice (python3-uno) tidak terpasang"
            if uno_python() is None
            else "LibreOffice gagal memperbarui Daftar Isi"
        )
        raise ExportError(TOC_HELP.format(why=why))
    with tempfile.TemporaryDirectory(prefix="lakip-lo-") as profile:
        command = [
            program,
            f"-env:UserInstallation={Path(profile).resolve().as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(source),
        ]
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            raise ExportError(
                f"LibreOffice tidak selesai dalam {int(timeout)} detik saat mengubah "
                f"{source.name} ke PDF; coba lagi, atau ubah manual dari Word/LibreOffice."
            ) from None
        except OSError as exc:
            raise ExportError(f"LibreOffice tidak dapat dijalankan: {exc}.") from None
    if not target.is_file() or target.stat().st_size == 0:
        detail = (done.stderr or done.stdout or "").strip().splitlines()
        tail = f" Pesan LibreOffice: {detail[-1]}" if detail else ""
        raise ExportError(f"LibreOffice tidak menghasilkan PDF dari {source.name}.{tail}")
    return target


def uno_python() -> str | None:
    """A Python that can import LibreOffice's ``uno`` bridge (Debian: python3-uno), or None."""
    for candidate in ("/usr/bin/python3", shutil.which("python3")):
        if not candidate or not Path(candidate).exists():
            continue
        try:
            ok = subprocess.run(
                [candidate, "-c", "import uno"], capture_output=True, timeout=20, check=False
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        if ok.returncode == 0:
            return candidate
    return None


def _convert_with_uno(program: str, source: Path, target: Path, timeout: float) -> bool:
    """Convert with the table of contents updated (page numbers filled); False if not possible."""
    python = uno_python()
    if python is None:
        return False
    script = Path(__file__).with_name("lo_pdf.py")
    with tempfile.TemporaryDirectory(prefix="lakip-lo-") as profile:
        try:
            done = subprocess.run(
                [
                    python,
                    str(script),
                    program,
                    Path(profile).resolve().as_uri(),
                    str(source),
                    str(target),
                ],
                capture_output=True,
                timeout=timeout,
                check=False,
                stdin=subprocess.DEVNULL,
            )
        except (OSError, subprocess.TimeoutExpired):
            return False
    return done.returncode == 0 and target.is_file() and target.stat().st_size > 0
