"""Every raw-XML tweak the documents need, in one place, each inserted in schema order.

python-docx covers paragraphs, runs, tables and sections; what it lacks (fields, repeating header
rows, rows that do not split, fonts in all four slots, borders, shading, ``updateFields``) is built
here. Each helper finds or creates its element with ``insert_element_before`` and the successor
tags of the OOXML schema sequence, so Word and LibreOffice read the result without repairs.

``clean_text`` is the one place that removes characters XML cannot carry; every text write of the
exporters goes through it (``put_text``/``add_run``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

__all__ = [
    "add_field",
    "add_run",
    "clean_text",
    "put_text",
    "remove_theme_color",
    "set_cant_split",
    "set_cell_borders",
    "set_cell_shading",
    "set_fonts",
    "set_paragraph_border",
    "set_repeat_header",
    "set_table_borders",
    "set_table_layout_fixed",
    "set_update_fields",
    "toc_field",
]

# XML 1.0 allows tab, newline, carriage return and everything from U+0020 except surrogates and
# U+FFFE/U+FFFF. Carriage returns are folded into newlines before this runs. DEL and the C1
# controls (U+0080-U+009F) are legal XML but print as nothing or as boxes: removed too.
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

# Schema sequences (ECMA-376 part 1, wml.xsd) of the parents we touch.
_TRPR_SEQ = (
    "w:cnfStyle",
    "w:divId",
    "w:gridBefore",
    "w:gridAfter",
    "w:wBefore",
    "w:wAfter",
    "w:cantSplit",
    "w:trHeight",
    "w:tblHeader",
    "w:tblCellSpacing",
    "w:jc",
    "w:hidden",
    "w:ins",
    "w:del",
    "w:trPrChange",
)
_TBLPR_SEQ = (
    "w:tblStyle",
    "w:tblpPr",
    "w:tblOverlap",
    "w:bidiVisual",
    "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize",
    "w:tblW",
    "w:jc",
    "w:tblCellSpacing",
    "w:tblInd",
    "w:tblBorders",
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
    "w:tblPrChange",
)
_TCPR_SEQ = (
    "w:cnfStyle",
    "w:tcW",
    "w:gridSpan",
    "w:hMerge",
    "w:vMerge",
    "w:tcBorders",
    "w:shd",
    "w:noWrap",
    "w:tcMar",
    "w:textDirection",
    "w:tcFitText",
    "w:vAlign",
    "w:hideMark",
    "w:headers",
    "w:cellIns",
    "w:cellDel",
    "w:cellMerge",
    "w:tcPrChange",
)
_PPR_SEQ = (
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
# settings children that must come after w:updateFields
_SETTINGS_AFTER_UPDATE = (
    "w:hdrShapeDefaults",
    "w:footnotePr",
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
)
_BORDER_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")
_CELL_SIDES = ("top", "left", "bottom", "right")


def clean_text(value: object) -> str:
    """Text safe for XML: control characters removed (tab and newline kept), CR LF and CR
    folded to LF. ``None`` becomes ``""``. The one cleaner every document text goes through."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _BAD_XML.sub("", text)


def _child(parent: Any, tag: str, seq: tuple[str, ...]) -> Any:
    """The ``tag`` child of ``parent``, created in schema order when missing."""
    found = parent.find(qn(tag))
    if found is not None:
        return found
    element = OxmlElement(tag)
    successors = seq[seq.index(tag) + 1 :]
    parent.insert_element_before(element, *successors)
    return element


# -- text ---------------------------------------------------------------------------------------


def add_run(paragraph: Any, text: object, *, bold: bool = False, italic: bool = False) -> Any:
    """Append a run with cleaned text (newlines become line breaks)."""
    run = paragraph.add_run(clean_text(text))
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    return run


def put_text(cell_or_paragraph: Any, text: object) -> None:
    """Set the text of a cell or paragraph through ``clean_text``."""
    cell_or_paragraph.text = clean_text(text)


# -- fields -------------------------------------------------------------------------------------


def add_field(paragraph: Any, instruction: str, placeholder: str = "") -> Any:
    """Append a complex field (``PAGE``, ``NUMPAGES``, ``TOC \\o "1-3" \\h \\z \\u``) as the
    runs begin / instrText / separate / result / end. Returns the result run."""

    def fld_run(kind: str) -> Any:
        run = paragraph.add_run()
        fld = OxmlElement("w:fldChar")
        fld.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            fld.set(qn("w:dirty"), "true")
        run._r.append(fld)
        return run

    fld_run("begin")
    instr_run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    instr_run._r.append(instr)
    fld_run("separate")
    result = paragraph.add_run(clean_text(placeholder))
    fld_run("end")
    return result


def set_update_fields(document: Any) -> None:
    """Ask Word to update fields (the table of contents) when the file is opened."""
    settings = document.settings.element
    found = settings.find(qn("w:updateFields"))
    if found is None:
        found = OxmlElement("w:updateFields")
        settings.insert_element_before(found, *_SETTINGS_AFTER_UPDATE)
    found.set(qn("w:val"), "true")


# -- rows and tables ----------------------------------------------------------------------------


def _tr_flag(row: Any, tag: str) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    element = _child(tr_pr, tag, _TRPR_SEQ)
    element.set(qn("w:val"), "true")


def set_repeat_header(row: Any) -> None:
    """The row repeats at the top of every page the table runs onto (``w:tblHeader``)."""
    _tr_flag(row, "w:tblHeader")


def set_cant_split(row: Any) -> None:
    """The row is never broken across two pages (``w:cantSplit``)."""
    _tr_flag(row, "w:cantSplit")


def _border(parent: Any, side: str, val: str, size: int) -> None:
    element = parent.find(qn(f"w:{side}"))
    if element is None:
        element = OxmlElement(f"w:{side}")
        parent.append(element)  # sides are appended in schema order by the callers
    element.set(qn("w:val"), val)
    element.set(qn("w:sz"), str(size))
    element.set(qn("w:space"), "0")
    element.set(qn("w:color"), "000000" if val != "nil" else "auto")


def set_table_borders(table: Any, val: str = "single", size: int = 4) -> None:
    """Borders on every side and between cells (``val="nil"`` removes them)."""
    tbl_pr = table._tbl.tblPr
    borders = _child(tbl_pr, "w:tblBorders", _TBLPR_SEQ)
    for side in _BORDER_SIDES:
        _border(borders, side, val, size)


def set_table_layout_fixed(table: Any) -> None:
    """Column widths as given, not stretched to the content (stable layout in Word and LO)."""
    tbl_pr = table._tbl.tblPr
    layout = _child(tbl_pr, "w:tblLayout", _TBLPR_SEQ)
    layout.set(qn("w:type"), "fixed")


def set_cell_borders(cell: Any, val: str = "single", size: int = 4, sides: str = "tlbr") -> None:
    """Borders of one cell; ``sides`` picks t, l, b, r."""
    tc_pr = cell._tc.get_or_add_tcPr()
    borders = _child(tc_pr, "w:tcBorders", _TCPR_SEQ)
    for side in _CELL_SIDES:
        if side[0] in sides:
            _border(borders, side, val, size)


def set_cell_shading(cell: Any, fill: str) -> None:
    """Background colour of a cell, e.g. ``"D9D9D9"`` for header rows."""
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = _child(tc_pr, "w:shd", _TCPR_SEQ)
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)


def set_paragraph_border(
    paragraph: Any, side: str = "bottom", val: str = "double", size: int = 6
) -> None:
    """A rule on one side of a paragraph, e.g. the double line under the kop surat.
    ``val`` "thickThinSmallGap" gives the thick-over-thin rule of Indonesian letterheads."""
    p_pr = paragraph._p.get_or_add_pPr()
    p_bdr = _child(p_pr, "w:pBdr", _PPR_SEQ)
    _border(p_bdr, side, val, size)
    p_bdr.find(qn(f"w:{side}")).set(qn("w:space"), "1")


# -- fonts --------------------------------------------------------------------------------------

_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def set_fonts(r_pr: Any, name: str) -> None:
    """Set ``name`` in all four font slots of an ``rPr`` and drop the theme-font attributes
    (which would otherwise win over the explicit names)."""
    fonts = r_pr.get_or_add_rFonts()
    for attr in _THEME_ATTRS:
        key = qn(attr)
        if key in fonts.attrib:
            del fonts.attrib[key]
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), name)


def remove_theme_color(r_pr: Any) -> None:
    """Drop ``w:themeColor`` (and its tint/shade) so an explicit colour is what shows."""
    color = r_pr.find(qn("w:color"))
    if color is None:
        return
    for attr in ("w:themeColor", "w:themeTint", "w:themeShade"):
        key = qn(attr)
        if key in color.attrib:
            del color.attrib[key]


def toc_field(
    anchor: Any, entries: list[tuple[int, str, str]], instruction: str = 'TOC \\o "1-3" \\h \\z \\u'
) -> None:
    """A table-of-contents field spanning paragraphs: ``anchor`` holds begin/instr/separate and
    the first entry; each further entry (level, text, page) is a paragraph styled ``toc N``; the
    last one closes the field. The entries are the field's cached result: Word recomputes them
    when it updates fields; LibreOffice shows them as they are."""

    def fld(paragraph: Any, kind: str) -> None:
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            element.set(qn("w:dirty"), "true")
        run._r.append(element)

    def entry(paragraph: Any, level: int, text: str, page: str) -> None:
        paragraph.style = f"toc {min(max(level, 1), 3)}"
        paragraph.add_run(clean_text(text) + "\t" + clean_text(page))

    fld(anchor, "begin")
    instr_run = anchor.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    instr_run._r.append(instr)
    fld(anchor, "separate")
    if not entries:
        anchor.add_run("Perbarui bidang (F9) untuk menyusun daftar isi.")
        fld(anchor, "end")
        return
    entry(anchor, *entries[0])
    last = anchor
    for level, text, page in entries[1:]:
        new_p = OxmlElement("w:p")
        last._p.addnext(new_p)
        from docx.text.paragraph import Paragraph

        last = Paragraph(new_p, anchor._parent)
        entry(last, level, text, page)
    fld(last, "end")


# -- fast table rows ------------------------------------------------------------------------------

_JC = {"l": "left", "c": "center", "r": "right"}


def _run_xml(text: str, bold: bool) -> str:
    from xml.sax.saxutils import escape

    r_pr = "<w:rPr><w:b/><w:bCs/></w:rPr>" if bold else ""
    parts = clean_text(text).split("\n")
    body = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(part)}</w:t>' for part in parts)
    return f"<w:r>{r_pr}{body}</w:r>"


@dataclass(frozen=True, slots=True)
class RowSpec:
    """A table row for ``append_rows``: its cells ``(text, align, bold)`` (one cell spans the
    row), whether it is a repeating header, its shading ("" for none), and whether it keeps
    with the next row on the page."""

    cells: list[tuple[object, str, bool]]
    header: bool
    fill: str
    keep_next: bool = False


def append_rows(
    table: Any,
    rows: list[RowSpec],
    widths_twips: list[int],
    style_id: str,
) -> None:
    """Append rows to a table as one parsed XML fragment (python-docx builds each cell element
    by element, which dominated the export time of big years).

    Every row gets ``cantSplit``; elements are written in schema order (trPr: cantSplit,
    tblHeader; tcPr: tcW, gridSpan, shd; pPr: pStyle, keepNext, jc).
    """
    from docx.oxml.parser import parse_xml

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    total = sum(widths_twips)
    out = [f"<w:tbl {ns}>"]
    for row in rows:
        cells, header, fill = row.cells, row.header, row.fill
        keep = "<w:keepNext/>" if row.keep_next else ""
        tr_pr = "<w:cantSplit/>" + ("<w:tblHeader/>" if header else "")
        out.append(f"<w:tr><w:trPr>{tr_pr}</w:trPr>")
        spans = len(cells) == 1 and len(widths_twips) > 1
        for n, (text, align, bold) in enumerate(cells):
            width = total if spans else widths_twips[n]
            tc_pr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
            if spans:
                tc_pr += f'<w:gridSpan w:val="{len(widths_twips)}"/>'
            if fill:
                tc_pr += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
            p_pr = (
                f'<w:pPr><w:pStyle w:val="{style_id}"/>{keep}<w:jc w:val="{_JC[align]}"/></w:pPr>'
            )
            out.append(
                f"<w:tc><w:tcPr>{tc_pr}</w:tcPr><w:p>{p_pr}{_run_xml(str(text), bold)}</w:p></w:tc>"
            )
        out.append("</w:tr>")
    out.append("</w:tbl>")
    fragment = parse_xml("".join(out))
    tbl = table._tbl
    for tr in list(fragment):
        tbl.append(tr)


# Children of w:sectPr that come after w:pgNumType (ECMA-376 order).
_AFTER_PGNUMTYPE = ("w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg",
                    "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings",
                    "w:sectPrChange")  # fmt: skip


def set_page_numbering(section: Any, fmt: str, start: int | None = None) -> None:
    """The section's page number format (``lowerRoman``, ``decimal``) and, if given, the number
    its first page takes."""
    sect_pr = section._sectPr
    for old in sect_pr.findall(qn("w:pgNumType")):
        sect_pr.remove(old)
    el = OxmlElement("w:pgNumType")
    el.set(qn("w:fmt"), fmt)
    if start is not None:
        el.set(qn("w:start"), str(start))
    sect_pr.insert_element_before(el, *_AFTER_PGNUMTYPE)
