"""Run by the *installed* product's Python (not by pytest): opens the board headless at 80x24 on
the data file given, presses each screen's key and prints one line per key with the screen's
class and whether its own title was drawn. Nothing here may import from ``tests``."""

from __future__ import annotations

import asyncio
import html
import os
import re
import sys
from pathlib import Path

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

from tui.app import create_app
from usecases.context import Context

# key -> (screen class, a title only that screen draws)
SCREENS = {
    "i": ("IndicatorsScreen", "Indikator kinerja"),
    "a": ("BudgetScreen", "Anggaran"),
    "b": ("BidangScreen", "Bidang dan penyerahan data"),
    "p": ("ProfileScreen", "Profil instansi"),
    "n": ("NarrativeScreen", "Narasi laporan"),
    "e": ("ExportScreen", "Dokumen LAKIP"),
    "u": ("AuditScreen", "Jejak audit"),
    "o": ("SopScreen", "SOP"),
    "t": ("YearScreen", "Pilih tahun laporan"),
    "f1": ("HelpScreen", "Bantuan"),
}


def screen_text(app: object) -> str:
    """The text drawn on the screen, row by row, read back from Textual's SVG screenshot."""
    svg = app.export_screenshot()  # type: ignore[attr-defined]
    rows: dict[float, list[tuple[float, str]]] = {}
    for m in re.finditer(r'<text[^>]*?x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', svg, re.S):
        text = html.unescape(re.sub("<[^>]+>", "", m.group(3))).replace("\xa0", " ")
        rows.setdefault(float(m.group(2)), []).append((float(m.group(1)), text))
    return "\n".join("".join(t for _, t in sorted(v)) for _, v in sorted(rows.items()))


async def walk(db: str) -> None:
    app = create_app(Context(db_path=Path(db)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        board = screen_text(app)
        print(f"board {type(app.screen).__name__} {'LAKIP' in board and 'Langkah' in board}")
        for key, (_cls, title) in SCREENS.items():
            await pilot.press(key)
            await pilot.pause(0.3)
            print(f"{key} {type(app.screen).__name__} {title in screen_text(app)}")
            await pilot.press("escape")
            await pilot.pause(0.2)


if __name__ == "__main__":
    asyncio.run(walk(sys.argv[1]))
