"""``lakip rekap``: the regency's roll-up of a folder of office packages (``models.rekap``), shown
as text, written as XLSX or DOCX, or opened on a read-only board. Needs no office data file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from models.numbers import OfficeZone
from models.paket import Paket, PaketError, read_package
from models.rekap import Rejected, Rekap, build_rekap
from models.worktime import OfficeHours
from store import files
from store.calendar import work_calendar
from store.errors import FileRefused
from usecases.exporting import write_atomic
from usecases.reporting import UseCaseError

__all__ = ["MAX_PACKAGE", "load_rekap", "write_rekap"]

MAX_PACKAGE = 16 * 1024 * 1024  # a package of 1000 indicators is well under 1 MB


def load_rekap(folder: Path, *, due: date | None, as_of: date) -> Rekap:
    """Read every ``*.json`` of ``folder``: each package checked (schema, version, checksum);
    the bad ones and the duplicates are kept as ``Rekap.rejected`` with their reason."""
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise UseCaseError(f"Folder paket {files.printable(folder)} tidak ditemukan.")
    read: list[tuple[str, Paket]] = []
    bad: list[Rejected] = []
    for path in sorted(folder.glob("*.json")):
        try:
            read.append((path.name, read_package(files.read_regular(path, limit=MAX_PACKAGE))))
        except (PaketError, FileRefused) as exc:
            bad.append(Rejected(path.name, str(exc)))
        except OSError as exc:
            bad.append(Rejected(path.name, f"tidak dapat dibaca ({exc.strerror or exc})"))
    years = {p.year for _, p in read} | {as_of.year} | ({due.year} if due else set())
    years |= {y + 1 for y in years}
    # the regency counts working days on the national calendar (weekends, public holidays)
    calendar = work_calendar(range(min(years), max(years) + 1), OfficeHours(), (), OfficeZone.WIB)
    return build_rekap(files.printable(folder), read, bad, due=due, as_of=as_of, calendar=calendar)


def write_rekap(rekap: Rekap, output: Path, *, overwrite: bool = False) -> Path:
    """Write the roll-up as ``.xlsx`` or ``.docx`` (by the name's ending)."""
    out = Path(output).expanduser()
    suffix = out.suffix.lower()
    if suffix == ".xlsx":
        from exporters.rekap import rekap_workbook

        data = rekap_workbook(rekap)
    elif suffix == ".docx":
        from exporters.rekap import rekap_docx

        data = rekap_docx(rekap)
    else:
        raise UseCaseError(f"Berkas rekap '{out}' harus berakhiran .xlsx atau .docx.")
    write_atomic(out, data, overwrite=overwrite)
    return out
