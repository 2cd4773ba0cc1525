"""The light workbook writer: the bytes openpyxl 3.1 would write, without its objects.

`reportgen split` writes ~1,800 small workbooks; through openpyxl each one
costs ~15 ms of fixed work (named styles bound to a new workbook, a Worksheet
with some twenty setting objects per sheet, a Cell object per cell, an XML
element per cell written through a temporary file, the stylesheet rebuilt).
The light path records what _Writer puts on a sheet in plain objects: cells,
merges, row heights and outline levels, column widths, and each sheet
setting as an (attribute path, value) pair ("page_setup.paperSize", 8). It
writes sheetData, cols and mergeCells itself, and takes the XML of the
settings, of the stylesheet and of the workbook-level parts from openpyxl
once per distinct value per process (a throwaway Worksheet or Workbook with
the same settings, serialised by openpyxl itself): division workbooks repeat
a handful of them. The same parts in the same order with the same bytes; the
tests compare both paths on every edition form, each division and hostile
input, so anything _Writer starts doing that this does not know shows there.
"""
from __future__ import annotations

import datetime
import functools
import io
import os
import threading
import zipfile
import zlib
from collections import defaultdict
from dataclasses import dataclass
from xml.etree.ElementTree import _escape_cdata  # as openpyxl's XML writer escapes
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.compat import safe_string
from openpyxl.packaging.core import DocumentProperties
from openpyxl.packaging.extended import ExtendedProperties
from openpyxl.packaging.manifest import Manifest, Override
from openpyxl.styles import Protection
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.stylesheet import write_stylesheet
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.workbook._writer import WorkbookWriter
from openpyxl.worksheet.datavalidation import DataValidation, DataValidationList
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.header_footer import HeaderFooter
from openpyxl.worksheet.page import PageMargins, PrintOptions, PrintPageSetup
from openpyxl.worksheet.pagebreak import ColBreak, RowBreak
from openpyxl.worksheet.properties import WorksheetProperties
from openpyxl.worksheet.protection import SheetProtection
from openpyxl.worksheet.scenario import ScenarioList
from openpyxl.worksheet.views import SheetViewList
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.worksheet.dimensions import SheetFormatProperties
from openpyxl.writer.theme import theme_xml
from openpyxl.xml.constants import (ARC_APP, ARC_CORE, ARC_ROOT_RELS, ARC_STYLE, ARC_THEME, ARC_WORKBOOK,
                                    ARC_WORKBOOK_RELS, SHEET_MAIN_NS)
from openpyxl.xml.functions import tostring

from .xlsx_package import _FixedTimeZip
from .xlsx_styles import _add_styles

# Settings that go into workbook.xml (defined names), not into the sheet's own XML.
WORKBOOK_SETTINGS = ("print_title_rows", "print_area")
_HEADER_FOOTER = ("oddHeader", "oddFooter")


def assign(target, path: str, value) -> None:
    """`target.<path> = value` for a dotted attribute path."""
    *parents, name = path.split(".")
    for parent in parents:
        target = getattr(target, parent)
    setattr(target, name, value)


class LightCell:
    """What the writer needs of an openpyxl Cell: place, style array, value, type."""

    __slots__ = ("row", "column", "_style", "_value", "data_type")

    def __init__(self, row: int, column: int) -> None:
        self.row = row
        self.column = column
        self._style = _NO_STYLE
        self._value = None
        self.data_type = "n"

    @property
    def coordinate(self) -> str:
        return f"{get_column_letter(self.column)}{self.row}"

    @property
    def value(self):
        return self._value

    @value.setter
    def value(self, value) -> None:
        # openpyxl's binding for the values _Writer stores: integers, '=' formulas
        # (text cells set data_type 's' themselves afterwards)
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise TypeError(f"unexpected cell value {value!r}")
        if isinstance(value, str):
            self.data_type = "f" if len(value) > 1 and value.startswith("=") else "s"
        else:
            self.data_type = "n"
        self._value = value


_NO_STYLE = StyleArray()


class LightSheet:
    """A sheet's title and its settings, in the order _Writer made them."""

    __slots__ = ("title", "settings", "validations")

    def __init__(self, title: str) -> None:
        self.title = title
        self.settings: list[tuple[str, object]] = []  # (attribute path on a Worksheet, value)
        self.validations: list[tuple[tuple, str]] = []  # (DataValidation keyword arguments, cells)

    def setting(self, path: str):
        """The last value set for `path`, or None."""
        for key, value in reversed(self.settings):
            if key == path:
                return value
        return None


# ---------------------------------------------------------------- what openpyxl writes, once per value

@dataclass(frozen=True)
class _LightStyles:
    book: Workbook  # holds only the styles: the stylesheet's source
    arrays: dict[str, StyleArray]


@functools.lru_cache(maxsize=1)
def light_styles() -> _LightStyles:
    wb = Workbook()
    _add_styles(wb)
    return _LightStyles(wb, {style.name: style.as_tuple() for style in wb._named_styles})


# Values are computed on shared openpyxl objects (the scratch worksheet, the
# styles' workbook): one thread at a time, so that threads writing workbooks at
# once never serialise each other's settings.
_COMPUTING = threading.RLock()


def _new_lock_in_child() -> None:
    global _COMPUTING
    _COMPUTING = threading.RLock()


if hasattr(os, "register_at_fork"):  # a process forked while another thread held the lock gets a free one
    os.register_at_fork(before=lambda: _COMPUTING.acquire(), after_in_parent=lambda: _COMPUTING.release(),
                        after_in_child=_new_lock_in_child)


def _remembered(size: int):
    """A cache of `size` entries at most, emptied when full (workbooks repeat
    a few values; a pathological run must not grow without bound)."""
    def decorate(function):
        cache: dict = {}

        @functools.wraps(function)
        def remembered(*key):
            value = cache.get(key)
            if value is None:
                with _COMPUTING:
                    value = cache.get(key)
                    if value is None:
                        if len(cache) >= size:
                            cache.clear()
                        value = cache[key] = function(*key)
            return value
        remembered.cache = cache
        return remembered
    return decorate


@_remembered(256)
def _stylesheet(cell_styles: tuple[tuple, ...], protections: tuple[Protection, ...]) -> bytes:
    """styles.xml as openpyxl writes it for a workbook whose cells use these arrays,
    in this order; every light workbook shares fonts, fills, borders, named styles."""
    book = light_styles().book
    book._cell_styles = IndexedList(StyleArray(a) for a in cell_styles)
    book._protections = IndexedList(protections)
    return tostring(write_stylesheet(book))


@functools.lru_cache(maxsize=1)
def _app_xml() -> bytes:
    return tostring(ExtendedProperties().to_tree())


def _xml(part) -> str:
    return tostring(part.to_tree()).decode("utf-8")


# A setting's first name -> the Worksheet attribute holding it, and that part's
# default, as Worksheet._setup makes it.
_PARTS = {
    "sheet_properties": ("sheet_properties", lambda ws: WorksheetProperties()),
    "sheet_format": ("sheet_format", lambda ws: SheetFormatProperties()),
    "freeze_panes": ("views", lambda ws: SheetViewList()),
    "sheet_view": ("views", lambda ws: SheetViewList()),
    "protection": ("protection", lambda ws: SheetProtection()),
    "scenarios": ("scenarios", lambda ws: ScenarioList()),
    # auto_filter is left out: it also needs a defined name in workbook.xml
    "print_options": ("print_options", lambda ws: PrintOptions()),
    "page_margins": ("page_margins", lambda ws: PageMargins()),
    "page_setup": ("page_setup", lambda ws: PrintPageSetup(worksheet=ws)),
    "oddHeader": ("HeaderFooter", lambda ws: HeaderFooter()),
    "oddFooter": ("HeaderFooter", lambda ws: HeaderFooter()),
    "row_breaks": ("row_breaks", lambda ws: RowBreak()),
    "col_breaks": ("col_breaks", lambda ws: ColBreak()),
}
_FRESH = {attribute: fresh for attribute, fresh in _PARTS.values()}
_FRESH["auto_filter"] = lambda ws: AutoFilter()  # written as openpyxl writes an unset one
# WorksheetWriter's order; the first three always appear, the others when set
_HEAD = ("sheet_properties", "views", "sheet_format")
_PROTECTION = ("protection", "scenarios", "auto_filter")
_PRINTING = ("print_options", "page_margins", "page_setup", "HeaderFooter", "row_breaks", "col_breaks")


@functools.lru_cache(maxsize=1)
def _scratch() -> Worksheet:
    """A worksheet whose parts are replaced by fresh ones to serialise settings."""
    return Workbook().active


def _fresh_part(attribute: str, settings: tuple[tuple[str, object], ...]):
    ws = _scratch()
    setattr(ws, attribute, _FRESH[attribute](ws))
    for path, value in settings:
        assign(ws, path, value)
    return ws, getattr(ws, attribute)


@_remembered(4096)
def _part_xml(attribute: str, settings: tuple[tuple[str, object], ...]) -> str:
    """One sheet part (page setup, views …) with these settings, as openpyxl writes it."""
    _, part = _fresh_part(attribute, settings)
    return _xml(part) if part or attribute in _HEAD else ""


@_remembered(4096)
def _header_footer_lengths(settings: tuple[tuple[str, object], ...]) -> tuple[int, int]:
    """Characters of the page header and footer, as Excel counts them."""
    ws, _ = _fresh_part("HeaderFooter", settings)
    return len(str(ws.oddHeader)), len(str(ws.oddFooter))


@_remembered(1024)
def _validations_xml(validations: tuple[tuple[tuple, str], ...]) -> str:
    ws = _scratch()
    ws.data_validations = DataValidationList()
    for arguments, cells in validations:
        validation = DataValidation(**dict(arguments))
        validation.add(cells)
        ws.add_data_validation(validation)
    return _xml(ws.data_validations) if ws.data_validations else ""


# Settings whose setter writes into another part than the one they are named after.
_ELSEWHERE = ("page_setup.fitToPage", "page_setup.autoPageBreaks")


def _sheet_parts(ws: "LightSheet") -> dict[str, str]:
    """Each part's XML for the sheet's settings."""
    grouped: dict[str, list] = {attribute: [] for attribute in _FRESH}
    for setting in ws.settings:
        path = setting[0]
        if path in WORKBOOK_SETTINGS:
            continue
        part = _PARTS.get(path.split(".", 1)[0])
        if part is None or path in _ELSEWHERE:
            raise RuntimeError(f"sheet {ws.title!r}: the light writer cannot write the setting {path!r}")
        grouped[part[0]].append(setting)
    return {attribute: _part_xml(attribute, tuple(settings)) for attribute, settings in grouped.items()}


@_remembered(1024)
def _workbook_parts(sheets: tuple[tuple[str, object, object], ...], active: int) -> tuple[bytes, bytes, bytes]:
    """The package relationships, workbook.xml and its relationships for sheets
    of these (title, print title rows, print area), as WorkbookWriter writes them."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, title_rows, area in sheets:
        ws = wb.create_sheet(title)
        if title_rows is not None:
            ws.print_title_rows = title_rows
        if area is not None:
            ws.print_area = area
    wb.active = active
    for index, ws in enumerate(wb.worksheets, 1):
        ws._id = index
    writer = WorkbookWriter(wb)
    workbook = writer.write()  # before write_rels: it lists the sheets' relationships
    return writer.write_root_rels(), workbook, writer.write_rels()


@_remembered(64)
def _content_types(part_names: tuple[str, ...], sheet_count: int) -> bytes:
    """[Content_Types].xml as Manifest._write writes it for these parts."""
    manifest = Manifest()
    for index in range(1, sheet_count + 1):
        manifest.Override.append(Override(PartName=f"/xl/worksheets/sheet{index}.xml",
                                          ContentType=Worksheet.mime_type))
    manifest.append(Workbook())
    manifest._register_mimetypes(filenames=part_names)
    return tostring(manifest.to_tree())


# ---------------------------------------------------------------- the book

def _range_ref(bounds: tuple[int, int, int, int]) -> str:
    min_row, min_col, max_row, max_col = bounds
    first = f"{get_column_letter(min_col)}{min_row}"
    if min_row == max_row and min_col == max_col:
        return first
    return f"{first}:{get_column_letter(max_col)}{max_row}"


class LightBook:
    """A workbook's sheets, cells and settings, and the workbook's bytes."""

    def __init__(self) -> None:
        self.sheets: list[LightSheet] = []
        self.active = 0
        self.properties = DocumentProperties()
        self.cell_styles = IndexedList([StyleArray()])
        self.protections = IndexedList([Protection()])
        self.cells: dict[LightSheet, dict[tuple[int, int], LightCell]] = defaultdict(dict)
        self.merges: dict[LightSheet, list[tuple[int, int, int, int]]] = defaultdict(list)
        self.rows: dict[LightSheet, dict[int, list]] = defaultdict(dict)  # row -> [height, outline level]
        self.columns: dict[LightSheet, dict[int, float]] = defaultdict(dict)  # column -> width
        self._protected: dict[int, tuple[StyleArray, StyleArray]] = {}  # id(array) -> (array, with protection)

    def create_sheet(self, title: str, index: int | None = None) -> LightSheet:
        sheet = LightSheet(title)
        self.sheets.insert(len(self.sheets) if index is None else index, sheet)
        return sheet

    def cell(self, ws: LightSheet, row: int, column: int) -> LightCell:
        cells = self.cells[ws]
        cell = cells.get((row, column))
        if cell is None:
            cell = cells[(row, column)] = LightCell(row, column)
        return cell

    def row(self, ws: LightSheet, row: int) -> list:
        """The row's [height, outline level]: openpyxl's RowDimension, as far as _Writer sets it."""
        rows = self.rows[ws]
        dimension = rows.get(row)
        if dimension is None:
            dimension = rows[row] = [None, 0]
        return dimension

    def protect(self, ws: LightSheet, row: int, column: int, protection: Protection) -> None:
        """`cell.protection = protection`, sharing one array per style."""
        cell = self.cell(ws, row, column)
        known = self._protected.get(id(cell._style))
        if known is None:
            array = StyleArray(cell._style)
            array.protectionId = self.protections.add(protection)
            known = self._protected[id(cell._style)] = (cell._style, array)
        cell._style = known[1]

    def header_footer_lengths(self, ws: LightSheet) -> tuple[int, int]:
        return _header_footer_lengths(tuple(s for s in ws.settings if s[0].split(".", 1)[0] in _HEADER_FOOTER))

    def save(self, timestamp: datetime.datetime, cached: dict[str, dict[str, int | str]]) -> bytes:
        """openpyxl's ExcelWriter.write_data, part by part, for what _Writer uses."""
        buffer = io.BytesIO()
        archive = _LightZip(buffer, timestamp.timetuple()[:6])
        archive.writestr(ARC_APP, _app_xml())
        archive.writestr(ARC_CORE, tostring(self.properties.to_tree()))
        archive.writestr(ARC_THEME, theme_xml)
        style_ids: dict[int, int] = {}
        for index, ws in enumerate(self.sheets, 1):
            archive.writestr(f"xl/worksheets/sheet{index}.xml",
                             self.sheet_xml(ws, cached.get(ws.title, {}), style_ids))
        archive.writestr(ARC_STYLE, _stylesheet(tuple(tuple(a) for a in self.cell_styles), tuple(self.protections)))
        root_rels, workbook, workbook_rels = _workbook_parts(
            tuple((ws.title, ws.setting("print_title_rows"), ws.setting("print_area")) for ws in self.sheets),
            self.active)
        archive.writestr(ARC_ROOT_RELS, root_rels)
        archive.writestr(ARC_WORKBOOK, workbook)
        archive.writestr(ARC_WORKBOOK_RELS, workbook_rels)
        archive.writestr(Manifest.path, _content_types(tuple(archive.namelist()), len(self.sheets)))
        archive.close()
        return buffer.getvalue()

    def sheet_xml(self, ws: LightSheet, cached: dict[str, int | str], style_ids: dict[int, int]) -> bytes:
        """openpyxl's WorksheetWriter.write for a light sheet."""
        parts = _sheet_parts(ws)
        cell_styles = self.cell_styles
        cells = self.cells.get(ws, {})
        out = [f'<worksheet xmlns="{SHEET_MAIN_NS}">', parts["sheet_properties"]]
        if cells:
            rows = {row for row, _ in cells}
            columns = {column for _, column in cells}
            out.append(f'<dimension ref="{_range_ref((min(rows), min(columns), max(rows), max(columns)))}" />')
        else:
            out.append('<dimension ref="A1:A1" />')
        out.append(parts["views"])
        out.append(parts["sheet_format"])  # outlineLevelCol stays unset: no column is grouped
        columns = self.columns.get(ws)
        if columns:  # ColumnDimension.to_tree for a width (customWidth is bool(width))
            out.append("<cols>")
            for column, width in sorted(columns.items()):
                custom = ' customWidth="1"' if width else ""
                out.append(f'<col width="{safe_string(width)}"{custom} min="{column}" max="{column}" />')
            out.append("</cols>")

        by_row: dict[int, list[LightCell]] = defaultdict(list)
        for key in sorted(cells):
            by_row[key[0]].append(cells[key])
        dimensions = self.rows.get(ws, {})
        for row in dimensions.keys() - by_row.keys():
            by_row[row] = []
        out.append("<sheetData>")
        for row in sorted(by_row):
            attributes = f'r="{row}"'
            dimension = dimensions.get(row)
            if dimension is not None:  # RowDimension's attributes, in its order
                height, outline = dimension
                if outline:
                    attributes += f' outlineLevel="{outline}"'
                if height:
                    attributes += f' ht="{safe_string(height)}"'
                if height is not None:
                    attributes += ' customHeight="1"'
            out.append(f"<row {attributes}>")
            for cell in by_row[row]:
                value = cell._value
                styled = any(cell._style)
                if value is None and not styled:
                    continue
                coordinate = f"{get_column_letter(cell.column)}{row}"
                start = f'<c r="{coordinate}"'
                if styled:
                    sid = style_ids.get(id(cell._style))
                    if sid is None:
                        sid = style_ids[id(cell._style)] = cell_styles.add(cell._style)
                    start += f' s="{sid}"'
                kind = cell.data_type
                if value is None or value == "":
                    out.append(f'{start} t="{"inlineStr" if kind == "s" else kind}" />'
                               if kind != "f" else f"{start} />")
                elif kind == "s":
                    text = _escape_cdata(value)
                    stripped = value.strip()
                    space = ' xml:space="preserve"' if stripped and value != stripped else ""
                    out.append(f'{start} t="inlineStr"><is><t{space}>{text}</t></is></c>')
                elif kind == "f":
                    result = cached.get(coordinate)
                    formula = _escape_cdata(value[1:])
                    if result is None:
                        out.append(f"{start}><f>{formula}</f><v /></c>")
                    elif isinstance(result, str):
                        out.append(f'{start} t="str"><f>{formula}</f><v>{escape(result)}</v></c>')
                    else:
                        out.append(f"{start}><f>{formula}</f><v>{result}</v></c>")
                else:
                    out.append(f'{start} t="{kind}"><v>{safe_string(value)}</v></c>')
            out.append("</row>")
        out.append("</sheetData>")

        out.extend(parts[attribute] for attribute in _PROTECTION)
        merges = self.merges.get(ws)
        if merges:
            ranges = set()
            for bounds in merges:  # openpyxl keeps merged ranges in a set, hashed by these bounds
                ranges.add(bounds)
            out.append(f'<mergeCells count="{len(ranges)}">')
            out.extend(f'<mergeCell ref="{_range_ref(bounds)}" />' for bounds in ranges)
            out.append("</mergeCells>")
        out.append(_validations_xml(tuple(ws.validations)))
        out.extend(parts[attribute] for attribute in _PRINTING)
        out.append("</worksheet>")
        return "".join(out).encode("utf-8")


_PACKED: dict[bytes, tuple[int, bytes]] = {}  # a part's bytes -> (CRC, deflated)


class _LightZip(_FixedTimeZip):
    """The same zip, but parts that repeat from workbook to workbook (theme,
    styles, relationships, content types …) are deflated once per process.

    A cached part is written as ZipFile.writestr writes it to a seekable file:
    the local header with the final CRC and sizes, then the deflated bytes."""

    def __init__(self, file, date_time: tuple[int, int, int, int, int, int]) -> None:
        super().__init__(file, date_time, None, {})  # formula values are in the sheets already

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        name = zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, zipfile.ZipInfo) else zinfo_or_arcname
        if (isinstance(zinfo_or_arcname, zipfile.ZipInfo) or compress_type is not None or compresslevel is not None
                or name.startswith("xl/worksheets/") or name == ARC_CORE or not self._seekable):
            super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)
            return
        if isinstance(data, str):
            data = data.encode("utf-8")
        packed = _PACKED.get(data)
        if packed is None:
            compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
            packed = (zlib.crc32(data), compressor.compress(data) + compressor.flush())
            if len(_PACKED) >= 256:
                _PACKED.clear()
            _PACKED[data] = packed
        info = zipfile.ZipInfo(name, date_time=self.fixed_time)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        info.CRC, deflated = packed
        info.file_size = len(data)
        info.compress_size = len(deflated)
        with self._lock:
            if self._writing:
                raise ValueError("Can't write to ZIP archive while an open writing handle exists.")
            self.fp.seek(self.start_dir)
            info.header_offset = self.fp.tell()
            self._writecheck(info)
            self._didModify = True
            self.fp.write(info.FileHeader(False))
            self.fp.write(deflated)
            self.start_dir = self.fp.tell()
            self.filelist.append(info)
            self.NameToInfo[info.filename] = info
