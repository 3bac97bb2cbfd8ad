"""Convert a DOCX to PDF in LibreOffice with its tables of contents updated first.

``soffice --convert-to pdf`` prints a table of contents as it was saved: in our DOCX that is a
field Word fills on opening, so the PDF would list headings without page numbers. This script is
run by the system Python that has LibreOffice's ``uno`` bridge (Debian: ``python3-uno``); it
starts a private headless LibreOffice, opens the document, updates every index, and exports the
PDF. It imports nothing of lakip, so it runs under any Python that has ``uno``.

    python3 lo_pdf.py SOFFICE PROFILE_URL SOURCE.docx TARGET.pdf

Exit 0 when the PDF was written; otherwise a message on stderr and a non-zero exit.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
import uuid
from pathlib import Path


def main(soffice: str, profile_url: str, source: Path, target: Path) -> int:
    import uno
    from com.sun.star.beans import PropertyValue

    def prop(name: str, value: object) -> object:
        p = PropertyValue()
        p.Name, p.Value = name, value
        return p

    pipe = f"lakip-{uuid.uuid4().hex}"
    office = subprocess.Popen(
        [
            soffice,
            f"-env:UserInstallation={profile_url}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                if time.monotonic() > deadline or office.poll() is not None:
                    sys.stderr.write("LibreOffice tidak dapat dijalankan.\n")
                    return 2
                time.sleep(0.2)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(
            source.resolve().as_uri(), "_blank", 0, (prop("Hidden", True),)
        )
        try:
            indexes = doc.getDocumentIndexes()
            for i in range(indexes.getCount()):
                indexes.getByIndex(i).update()
            doc.refresh()
            doc.storeToURL(target.resolve().as_uri(), (prop("FilterName", "writer_pdf_Export"),))
        finally:
            doc.close(True)
        with contextlib.suppress(Exception):  # the bridge drops when the office quits
            desktop.terminate()
    finally:
        try:
            office.wait(timeout=20)
        except subprocess.TimeoutExpired:
            office.kill()
    return 0 if target.is_file() and target.stat().st_size > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4])))
