"""The document base every export starts from: page size and margins from the profile, explicit
fonts on every style (no theme fonts, no blue headings), and small building blocks (tables with
repeating header rows, signature blocks) shared by the LAKIP, the letter and the disposition.

Imported only by export paths: it imports python-docx at module level.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from exporters.docx_xml import (
    RowSpec,
    add_run,
    append_rows,
    clean_text,
    remove_theme_color,
    set_cant_split,
    set_fonts,
    set_table_borders,
    set_table_layout_fixed,
)
from models.domain import Official, PageSize, Profile

FONT = "Arial"
BODY_PT = 12
TABLE_PT = 10
SMALL_PT = 9
BLACK = RGBColor(0, 0, 0)
HEADER_FILL = "D9D9D9"
TOTAL_FILL = "F2F2F2"

PAGE_MM: dict[PageSize, tuple[int, int]] = {PageSize.A4: (210, 297), PageSize.F4: (215, 330)}

NOTE_STYLE = "Catatan Penyunting"
NARRATIVE_STYLE = "Narasi"
TABLE_STYLE = "Isi Tabel"
SMALL_TABLE_STYLE = "Isi Tabel Kecil"
CAPTION_STYLE = "Caption"

LEFT, CENTER, RIGHT = "l", "c", "r"
_ALIGN = {
    LEFT: WD_ALIGN_PARAGRAPH.LEFT,
    CENTER: WD_ALIGN_PARAGRAPH.CENTER,
    RIGHT: WD_ALIGN_PARAGRAPH.RIGHT,
}


_STYLE_IDS: dict[str, str] = {}


def set_style(paragraph_: Any, name: str) -> None:
    """Apply a paragraph style by id: python-docx's lookup by name scans every style each time
    (most of the export time on big tables)."""
    style_id = _STYLE_IDS.get(name)
    if style_id is None:
        paragraph_.style = name
    else:
        paragraph_._p.style = style_id


def page_size_mm(profile: Profile) -> tuple[int, int]:
    """Portrait width and height of the configured paper."""
    return PAGE_MM.get(profile.page_size, PAGE_MM[PageSize.A4])


def setup_section(section: Any, profile: Profile, *, landscape: bool = False) -> None:
    """Paper size, orientation and margins of one section (landscape swaps width and height;
    the top/bottom margins stay the binding side's margins rotated with the page)."""
    width, height = page_size_mm(profile)
    top, bottom = _margin(profile.margin_top_mm, 30), _margin(profile.margin_bottom_mm, 25)
    left, right = _margin(profile.margin_left_mm, 30), _margin(profile.margin_right_mm, 25)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(height), Mm(width)
        # keep the binding margin (left in portrait) on the top edge of the turned page
        section.top_margin, section.bottom_margin = Mm(left), Mm(right)
        section.left_margin, section.right_margin = Mm(top), Mm(bottom)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(width), Mm(height)
        section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
        section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.header_distance = Mm(12)
    section.footer_distance = Mm(12)


def _margin(value: int, default: int) -> int:
    """A usable margin in mm: out-of-range values (below 5 or above 80) fall back."""
    return value if 5 <= value <= 80 else default


def text_width_mm(profile: Profile, *, landscape: bool = False) -> float:
    width, height = page_size_mm(profile)
    if landscape:
        return height - _margin(profile.margin_top_mm, 30) - _margin(profile.margin_bottom_mm, 25)
    return width - _margin(profile.margin_left_mm, 30) - _margin(profile.margin_right_mm, 25)


def _style_font(style: Any, size: float, *, bold: bool | None = None) -> None:
    font = style.font
    font.name = FONT
    font.size = Pt(size)
    font.color.rgb = BLACK
    if bold is not None:
        font.bold = bold
    r_pr = style.element.get_or_add_rPr()
    set_fonts(r_pr, FONT)
    remove_theme_color(r_pr)


def new_document(profile: Profile) -> Any:
    """A blank document with our page setup and styles."""
    doc = Document()
    setup_section(doc.sections[0], profile)
    styles = doc.styles
    # document defaults: explicit font in all four slots, no theme
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        r_pr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if r_pr is not None:
            set_fonts(r_pr, FONT)
    normal = styles["Normal"]
    _style_font(normal, BODY_PT)
    pf = normal.paragraph_format
    pf.space_before, pf.space_after = Pt(0), Pt(6)
    pf.line_spacing = 1.15
    pf.widow_control = True
    for name, size in (("Heading 1", 14), ("Heading 2", 12), ("Heading 3", 12)):
        style = styles[name]
        _style_font(style, size, bold=True)
        style.font.italic = False
        hf = style.paragraph_format
        hf.keep_with_next = True
        hf.space_before, hf.space_after = Pt(12 if name != "Heading 1" else 0), Pt(6)
        hf.line_spacing = 1.15
    h1 = styles["Heading 1"].paragraph_format
    h1.alignment = WD_ALIGN_PARAGRAPH.CENTER
    h1.page_break_before = True
    h1.space_after = Pt(18)
    title = styles["Title"]
    _style_font(title, 20, bold=True)
    p_pr = title.element.find(qn("w:pPr"))
    if p_pr is not None:
        border = p_pr.find(qn("w:pBdr"))
        if border is not None:
            p_pr.remove(border)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(6)
    for name in ("Header", "Footer"):
        _style_font(styles[name], SMALL_PT)
    caption = styles[CAPTION_STYLE]
    _style_font(caption, TABLE_PT, bold=True)
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.space_before = Pt(6)
    caption.paragraph_format.space_after = Pt(4)
    caption.paragraph_format.keep_with_next = True

    from docx.enum.style import WD_STYLE_TYPE

    narrative = styles.add_style(NARRATIVE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    narrative.base_style = normal
    narrative.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    narrative.paragraph_format.first_line_indent = Cm(1)
    for name, size in ((TABLE_STYLE, TABLE_PT), (SMALL_TABLE_STYLE, SMALL_PT)):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        _style_font(style, size)
        style.paragraph_format.space_after = Pt(0)
        style.paragraph_format.line_spacing = 1.0
    note = styles.add_style(NOTE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = normal
    _style_font(note, BODY_PT, bold=True)
    note.font.italic = True
    note.font.highlight_color = WD_COLOR_INDEX.YELLOW
    note.font.color.rgb = RGBColor(0xC0, 0, 0)
    for level in (1, 2, 3):
        toc = styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
        toc.base_style = normal
        _style_font(toc, BODY_PT, bold=level == 1)
        tf = toc.paragraph_format
        tf.left_indent = Cm(0.6 * (level - 1))
        tf.space_after = Pt(2)
        tf.tab_stops.add_tab_stop(
            Mm(text_width_mm(profile)), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
        )
    for name in (
        NARRATIVE_STYLE,
        TABLE_STYLE,
        SMALL_TABLE_STYLE,
        NOTE_STYLE,
        CAPTION_STYLE,
        "Title",
        "toc 1",
        "toc 2",
        "toc 3",
        "Normal",
    ):
        _STYLE_IDS[name] = styles[name].style_id
    core = doc.core_properties
    core.author = clean_text(profile.office)[:255]  # python-docx refuses longer properties
    core.language = "id-ID"
    return doc


# -- building blocks ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    width_mm: float
    align: str = LEFT


def add_table(
    doc: Any,
    columns: Sequence[Column],
    rows: Sequence[Sequence[object] | str],
    *,
    small: bool = False,
    total: Sequence[object] | None = None,
    header_rows: Sequence[Sequence[str]] | None = None,
    keep_end: bool = False,
) -> Any:
    """A bordered table: a shaded header row that repeats on every page, body rows that never
    split, cleaned text, per-column alignment (numbers right), and an optional bold total row.

    Page breaks: the header keeps with the first body row, a group row with the row after it,
    and the last two body rows with the end (so neither a header, nor a total, nor one row
    stands alone on a page); ``keep_end`` keeps the end with what follows the table too."""
    style = SMALL_TABLE_STYLE if small else TABLE_STYLE
    heads = list(header_rows) if header_rows else [[c.title for c in columns]]
    table = doc.add_table(rows=0, cols=len(columns))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    set_table_borders(table)
    set_table_layout_fixed(table)
    for col, column in zip(table.columns, columns, strict=True):
        col.width = Mm(column.width_mm)
    specs: list[RowSpec] = []
    for head in heads:
        specs.append(RowSpec([(text, CENTER, True) for text in head], True, HEADER_FILL, True))
    body_rows = [n for n, v in enumerate(rows) if not isinstance(v, str)]
    tail = set(body_rows[-2:] if total is not None else body_rows[-2:-1])
    for n, values in enumerate(rows):
        if isinstance(values, str):  # a group row spanning the table, e.g. a sasaran
            specs.append(RowSpec([(values, LEFT, True)], False, TOTAL_FILL, True))
            continue
        if len(values) != len(columns):
            raise ValueError(f"baris tabel berisi {len(values)} sel, kolom {len(columns)}")
        cells = [(v, c.align, False) for v, c in zip(values, columns, strict=True)]
        specs.append(RowSpec(cells, False, "", n in tail or (keep_end and n == len(rows) - 1)))
    if total is not None:
        cells = [(v, c.align, True) for v, c in zip(total, columns, strict=True)]
        specs.append(RowSpec(cells, False, TOTAL_FILL, keep_end))
    twips = [round(c.width_mm * 1440 / 25.4) for c in columns]
    append_rows(table, specs, twips, _STYLE_IDS.get(style, style.replace(" ", "")))
    return table


def _sized_row(table: Any, columns: Sequence[Column]) -> Any:
    row = table.add_row()
    for cell, column in zip(row.cells, columns, strict=True):
        cell.width = Mm(column.width_mm)
    return row


def _fill(cell: Any, value: object, style: str, align: str, *, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    set_style(paragraph, style)
    paragraph.alignment = _ALIGN[align]
    add_run(paragraph, value, bold=bold)


_CELL_PADDING_MM = (
    4.2  # Word's and LibreOffice's default cell margins, 1,9 mm each side, and a hair
)


def _char_em(ch: str) -> float:
    """Advance width of a character in Liberation Sans / Arial, in em (close enough to size a
    column: digits 0,556; narrow punctuation 0,278; capitals about 0,68)."""
    if ch.isdigit():
        return 0.556
    if ch in ",.:;'|!il ":
        return 0.278
    if ch in "%mwMW@":
        return 0.89
    if ch.isupper():
        return 0.68
    return 0.5


def text_mm(text: str, points: float, *, bold: bool = False) -> float:
    """The printed width of ``text`` at ``points`` (estimated from character widths)."""
    return sum(_char_em(ch) for ch in text) * points * 0.3528 * (1.06 if bold else 1.0)


def _needed_mm(column: Column, values: Sequence[object], points: float) -> float:
    """The narrowest width that breaks no number and no word of the column: a right-aligned
    (number) cell whole, a text cell at its longest word; the title may wrap at its spaces."""
    widest = max((text_mm(w, points, bold=True) for w in column.title.split()), default=0.0)
    for value in values:
        text = clean_text(value)
        parts = [text] if column.align == RIGHT else text.split()
        # bold for all: a total row prints its numbers bold
        widest = max(widest, *(text_mm(part, points, bold=True) for part in parts), 0.0)
    return widest + _CELL_PADDING_MM


def fit_columns(
    columns: Sequence[Column],
    width_mm: float,
    rows: Sequence[Sequence[object] | str] = (),
    points: float = TABLE_PT,
) -> tuple[list[Column], bool]:
    """Column widths spanning exactly ``width_mm``: the given widths as proportions, then every
    column widened to what its content needs (no number or word broken inside a cell), the room
    taken from the columns that have more than they need. Second value: whether it fits (when
    not, the widths are the needs scaled down and the caller should try a smaller font)."""
    total = sum(c.width_mm for c in columns) or 1.0
    widths = [c.width_mm * width_mm / total for c in columns]
    body = [r for r in rows if not isinstance(r, str)]
    needs = [
        _needed_mm(c, [r[k] for r in body if k < len(r)], points) for k, c in enumerate(columns)
    ]
    fits = sum(needs) <= width_mm
    if not fits:
        widths = [n * width_mm / sum(needs) for n in needs]
    else:
        for _ in range(len(columns)):  # a column widened may take another below its need
            short = sum(max(0.0, n - w) for n, w in zip(needs, widths, strict=True))
            if short <= 0.001:
                break
            slack = [max(0.0, w - n) for n, w in zip(needs, widths, strict=True)]
            spare = sum(slack)
            widths = [
                max(w, n) - (short * sl / spare if spare else 0.0)
                for n, w, sl in zip(needs, widths, slack, strict=True)
            ]
    return [Column(c.title, w, c.align) for c, w in zip(columns, widths, strict=True)], fits


def paragraph(
    doc_or_cell: Any,
    text: object = "",
    *,
    style: str | None = None,
    align: str | None = None,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    space_after: float | None = None,
    underline: bool = False,
) -> Any:
    p = doc_or_cell.add_paragraph()
    if style:
        set_style(p, style)
    if align:
        p.alignment = _ALIGN[align]
    if space_after is not None:
        p.paragraph_format.space_after = Pt(space_after)
    if text != "":
        run = add_run(p, text, bold=bold, italic=italic)
        if size:
            run.font.size = Pt(size)
        if underline:
            run.underline = True
    return p


def signature_block(
    container: Any,
    *,
    place_date: str,
    jabatan: str,
    official: Official,
    align: str = LEFT,
    size: float | None = None,
    gap_lines: int = 3,
) -> None:
    """Place and date, jabatan, room for the signature, the name bold and underlined, pangkat
    and NIP. Missing name/NIP print dotted lines to fill by hand, never "None"."""
    lines: list[tuple[str, bool]] = []
    if place_date:
        lines.append((place_date, False))
    for part in clean_text(jabatan).split("\n"):
        lines.append((part, False))
    for text, bold in lines:
        paragraph(container, text, align=align, bold=bold, size=size, space_after=0)
    for _ in range(gap_lines):
        paragraph(container, "", space_after=0)
    name = clean_text(official.name).strip() or "(" + "." * 40 + ")"
    paragraph(container, name, align=align, bold=True, underline=True, size=size, space_after=0)
    if official.pangkat.strip():
        paragraph(container, official.pangkat, align=align, size=size, space_after=0)
    nip = clean_text(official.nip).strip() or "." * 30
    paragraph(container, f"NIP. {nip}", align=align, size=size, space_after=0)


def signature_pair(
    doc: Any,
    widths_mm: tuple[float, float],
    left: tuple[Sequence[str], Official],
    right: tuple[Sequence[str], Official],
    *,
    gap_lines: int = 3,
    nip: tuple[bool, bool] = (True, True),
) -> Any:
    """Two signature blocks side by side whose lines stand at the same height: the heading
    lines (place and date, jabatan) aligned at the bottom, then the room to sign, the names,
    pangkat and NIP each on one row (``nip``: which side has a NIP line; a kepala daerah has
    none). The rows never split and keep with each other, so the pair is never cut by a page
    break."""
    sides = [left, right]
    height = max(len(heading) for heading, _ in sides)
    headings = [[""] * (height - len(h)) + [clean_text(x) for x in h] for h, _ in sides]
    rows: list[list[tuple[str, bool, bool]]] = [
        [(headings[0][k], False, False), (headings[1][k], False, False)] for k in range(height)
    ]
    rows += [[("", False, False), ("", False, False)] for _ in range(gap_lines)]
    names = [clean_text(o.name).strip() or "(" + "." * 40 + ")" for _, o in sides]
    rows.append([(name, True, True) for name in names])
    if any(o.pangkat.strip() for _, o in sides):
        rows.append([(clean_text(o.pangkat), False, False) for _, o in sides])
    rows.append([
        (f"NIP. {clean_text(o.nip).strip() or '.' * 30}" if has else "", False, False)
        for (_, o), has in zip(sides, nip, strict=True)
    ])  # fmt: skip
    table = doc.add_table(rows=0, cols=2)
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_table_borders(table, "nil", 0)
    set_table_layout_fixed(table)
    for col, width in zip(table.columns, widths_mm, strict=True):
        col.width = Mm(width)
    for n, cells in enumerate(rows):
        row = table.add_row()
        set_cant_split(row)
        for cell, width, (text, bold, underline) in zip(row.cells, widths_mm, cells, strict=True):
            cell.width = Mm(width)
            para = cell.paragraphs[0]
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            para.paragraph_format.space_after = Pt(0)
            para.paragraph_format.keep_with_next = n < len(rows) - 1
            if text:
                run = add_run(para, text, bold=bold)
                run.underline = underline
    return table


def borderless_table(doc: Any, widths_mm: Sequence[float]) -> Any:
    """A layout grid without borders (signature blocks, kop surat)."""
    table = doc.add_table(rows=1, cols=len(widths_mm))
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_table_borders(table, "nil", 0)
    set_table_layout_fixed(table)
    set_cant_split(table.rows[0])  # a signature block never breaks across pages
    for col, width in zip(table.columns, widths_mm, strict=True):
        col.width = Mm(width)
        for cell in col.cells:
            cell.width = Mm(width)
    return table


def first_paragraph(cell: Any) -> Any:
    """The empty paragraph every new cell has, to write into before adding more."""
    return cell.paragraphs[0]


def drop_first_paragraph(cell: Any) -> None:
    """Remove a cell's leading empty paragraph once others were added after it."""
    if len(cell.paragraphs) > 1 and not cell.paragraphs[0].text:
        element = cell.paragraphs[0]._p
        element.getparent().remove(element)


# -- output ---------------------------------------------------------------------------------------


@dataclass
class Rendered:
    """A finished document as bytes, with notes for the user (e.g. "logo tidak ditemukan")."""

    data: bytes
    notes: list[str]


# Every part of the package carries this date, so that the same data always gives the same
# bytes (and the same SHA-256): a signed LAKIP can be made again and proven identical.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def to_bytes(doc: Any) -> bytes:
    """The document as DOCX bytes, byte-for-byte the same for the same content."""
    import io

    buffer = io.BytesIO()
    doc.save(buffer)
    return stable_zip(buffer.getvalue())


def stable_zip(package: bytes) -> bytes:
    """An Office package (DOCX, XLSX) with every part dated ``ZIP_DATE``, not the clock's."""
    import io
    import zipfile

    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, src.read(info))
    return out.getvalue()


def logo_file(logo_path: str, notes: list[str]) -> Any:
    """The logo as an existing file ``Path``, or None with a note saying why."""
    from pathlib import Path

    def note(text: str) -> None:
        if text not in notes:
            notes.append(text)

    path_text = clean_text(logo_path).strip()
    if not path_text:
        note("Logo belum diatur di profil instansi; dokumen dibuat tanpa logo.")
        return None
    path = Path(path_text).expanduser()
    if not path.is_file():
        note(f"Berkas logo tidak ditemukan: {path}; dokumen dibuat tanpa logo.")
        return None
    return path


def add_logo(paragraph_: Any, logo_path: str, width_mm: float, notes: list[str]) -> bool:
    """Put the office logo in a paragraph; a missing or unreadable file adds a note instead."""
    path = logo_file(logo_path, notes)
    if path is None:
        return False
    try:
        paragraph_.add_run().add_picture(str(path), width=Mm(width_mm))
    except Exception as exc:  # python-docx raises several types for unreadable images
        note = (
            f"Berkas logo {path} tidak dapat dibaca sebagai gambar ({type(exc).__name__}); "
            "dokumen dibuat tanpa logo."
        )
        if note not in notes:
            notes.append(note)
        return False
    return True


def add_figure(doc: Any, png: bytes, width_cm: float, alt: str, shape_id: int) -> Any:
    """A centred picture kept on the page of its caption, with its alt text (``descr``).

    ``shape_id`` numbers the drawing (unique per document): python-docx would find the next
    free id by searching the whole document for every picture, which took 45 ms a picture in a
    300-indicator LAKIP."""
    import io

    from docx.oxml.shape import CT_Inline

    para = doc.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.paragraph_format.keep_with_next = True
    para.paragraph_format.space_after = Pt(2)
    r_id, image = doc.part.get_or_add_image(io.BytesIO(png))
    cx, cy = image.scaled_dimensions(Cm(width_cm), None)
    inline = CT_Inline.new_pic_inline(shape_id, r_id, image.filename, cx, cy)
    inline.docPr.set("descr", clean_text(alt))
    inline.docPr.set("title", clean_text(alt.split(":")[0]))
    para.add_run()._r.add_drawing(inline)
    return para


def add_page_footer(section: Any, prefix: str = "") -> None:
    """A centred page number (PAGE field) in the section's footer."""
    from exporters.docx_xml import add_field

    footer = section.footer
    p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if prefix:
        add_run(p, prefix)
    add_field(p, "PAGE", "1")
