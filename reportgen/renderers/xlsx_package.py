"""Packaging the workbook: formula values cached, one fixed timestamp on every zip
member (byte-identical output), and the light writer that serialises sheet data,
columns and merges itself with openpyxl's exact output, reusing per process what
never changes."""
from __future__ import annotations

import datetime
import functools
import io
import re
import zipfile
import zlib
from collections import defaultdict
from dataclasses import dataclass
from xml.etree.ElementTree import _escape_cdata  # as openpyxl's XML writer escapes
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.compat import safe_string
from openpyxl.descriptors import Strict
from openpyxl.descriptors.serialisable import Serialisable
from openpyxl.packaging.extended import ExtendedProperties
from openpyxl.packaging.manifest import Manifest
from openpyxl.styles import Protection
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.stylesheet import write_stylesheet
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.workbook._writer import WorkbookWriter
from openpyxl.writer.excel import ExcelWriter
from openpyxl.writer.theme import theme_xml
from openpyxl.xml.constants import (ARC_APP, ARC_CORE, ARC_ROOT_RELS, ARC_STYLE, ARC_THEME, ARC_WORKBOOK,
                                    ARC_WORKBOOK_RELS, SHEET_MAIN_NS)
from openpyxl.xml.functions import tostring


from .xlsx_styles import _add_styles

_FORMULA_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"([^>]*)><f>([^<]*)</f><v\s*/></c>')


def _cache_values(xml: bytes, values: dict[str, int | str]) -> bytes:
    """Put each formula's computed value into openpyxl's empty <v/>.

    openpyxl writes formulas without results; Excel recalculates them on
    load (fullCalcOnLoad), but viewers that do not calculate would show
    blanks. A cell the pattern does not find keeps its formula uncached."""
    if not values:
        return xml

    def fill(match: re.Match) -> bytes:
        coord, attributes, formula = match.group(1), match.group(2), match.group(3)
        value = values.get(coord.decode())
        if value is None:
            return match.group(0)
        if isinstance(value, str):
            attributes += b' t="str"'
            value_xml = escape(value).encode()
        else:
            value_xml = str(value).encode()
        return b'<c r="' + coord + b'"' + attributes + b"><f>" + formula + b"</f><v>" + value_xml + b"</v></c>"

    return _FORMULA_CELL.sub(fill, xml)


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose members all carry one timestamp, for byte-identical output;
    worksheets get their formulas' values on the way in."""

    def __init__(self, file, date_time: tuple[int, int, int, int, int, int], wb: Workbook,
                 cached: dict[str, dict[str, int | str]]) -> None:
        super().__init__(file, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self.fixed_time = date_time
        self.wb = wb
        self.cached = cached  # by sheet title

    def _values_for(self, arcname: str) -> dict[str, int | str]:
        # a sheet's part name is known only once the writer numbered the sheets
        for ws in self.wb.worksheets:
            if getattr(ws, "_id", None) is not None and ws.path.lstrip("/") == arcname:
                return self.cached.get(ws.title, {})
        return {}

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=self.fixed_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zinfo_or_arcname = info
        if zinfo_or_arcname.filename.startswith("xl/worksheets/"):
            data = _cache_values(data if isinstance(data, bytes) else data.encode(),
                                 self._values_for(zinfo_or_arcname.filename))
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        with open(filename, "rb") as handle:
            self.writestr(arcname or filename, handle.read())


def _save(wb: Workbook, timestamp: datetime.datetime, cached: dict[str, dict[str, int | str]]) -> bytes:
    """Save without openpyxl stamping the current time into the properties or the zip."""
    buffer = io.BytesIO()
    archive = _FixedTimeZip(buffer, timestamp.timetuple()[:6], wb, cached)
    ExcelWriter(wb, archive).save()  # closes the archive
    return buffer.getvalue()


# ---------------------------------------------------------------- the light path
#
# `reportgen split` writes ~1,800 small workbooks; through openpyxl each one
# costs ~15 ms of fixed work (named styles bound to a new workbook, a Cell
# object per cell, an XML element per cell written through a temporary
# file, the stylesheet rebuilt). The light path keeps openpyxl's Workbook and
# Worksheet objects for the sheet settings (page setup, protection,
# validation, views, properties, defined names: serialised by openpyxl
# itself, each setting's XML remembered by its state), records cells,
# merges, row heights and outline levels and column widths in plain objects,
# and writes sheetData, cols, mergeCells and the stylesheet the way
# openpyxl 3.1 does: the same parts in the same order with the same bytes
# (tests compare both paths). Those are the only things _Writer puts on a
# sheet that the light path writes itself; anything new would need adding
# here (and the tests comparing both paths would show it missing).


class _LightCell:
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


class _LightWorkbook(Workbook):
    """A workbook whose styles are _light_styles()'s: of its own style lists
    it needs only those the writer adds to (cell style arrays, protections),
    and it starts without the default sheet the writer would remove at once."""

    def __init__(self) -> None:
        super().__init__(write_only=True)  # the only way to skip the default sheet…
        self._Workbook__write_only = False  # …then an ordinary workbook again

    def _setup_styles(self) -> None:
        self._cell_styles = IndexedList([StyleArray()])
        self._protections = IndexedList([Protection()])


@dataclass(frozen=True)
class _LightStyles:
    book: Workbook  # holds only the styles: the stylesheet's source
    arrays: dict[str, StyleArray]


@functools.lru_cache(maxsize=1)
def _light_styles() -> _LightStyles:
    wb = Workbook()
    _add_styles(wb)
    return _LightStyles(wb, {style.name: style.as_tuple() for style in wb._named_styles})


_STYLESHEETS: dict[tuple, bytes] = {}  # (cell style arrays, protections) -> styles.xml


def _light_stylesheet(cell_styles: list[StyleArray], protections: list[Protection]) -> bytes:
    """styles.xml as openpyxl writes it for a workbook whose cells use these arrays,
    in this order; every light workbook shares fonts, fills, borders, named styles."""
    key = (tuple(tuple(a) for a in cell_styles), tuple(protections))
    xml = _STYLESHEETS.get(key)
    if xml is None:
        book = _light_styles().book
        book._cell_styles = IndexedList(StyleArray(a) for a in cell_styles)
        book._protections = IndexedList(protections)
        xml = tostring(write_stylesheet(book))
        if len(_STYLESHEETS) >= 256:
            _STYLESHEETS.clear()
        _STYLESHEETS[key] = xml
    return xml


@functools.lru_cache(maxsize=1)
def _app_xml() -> bytes:
    return tostring(ExtendedProperties().to_tree())


_PARTS: dict[tuple, str] = {}  # a sheet setting's state -> its XML


def _xml(part) -> str:
    """openpyxl's XML for a sheet setting (page setup, margins, views, header
    and footer …), remembered by the setting's state: they repeat from one
    division's workbook to the next."""
    try:
        key = _state(part)
    except TypeError:  # something this does not know how to compare: write it as is
        return tostring(part.to_tree()).decode("utf-8")
    xml = _PARTS.get(key)
    if xml is None:
        xml = tostring(part.to_tree()).decode("utf-8")
        if len(_PARTS) >= 4096:
            _PARTS.clear()
        _PARTS[key] = xml
    return xml


def _state(value) -> tuple:
    """Everything openpyxl serialises of `value`, as a hashable key (the type
    is part of it: 1, 1.0 and True are equal keys but not equal settings)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return (type(value), value)
    if isinstance(value, MultiCellRange):  # a validation's cells
        return (MultiCellRange, str(value))
    if isinstance(value, (Serialisable, Strict)):
        # a page setup's `_parent` is its sheet, reached only for fitToPage, which it does not write
        return (type(value), *((k, _state(v)) for k, v in vars(value).items() if k != "_parent"))
    if isinstance(value, (list, tuple)):
        return (type(value), *map(_state, value))
    raise TypeError(f"no state for {type(value).__name__}")


_WORKBOOKS: dict[tuple, tuple[bytes, bytes, bytes]] = {}  # a workbook's state -> its package parts


def _workbook_parts(wb: Workbook) -> tuple[bytes, bytes, bytes]:
    """The package relationships, workbook.xml and its relationships, as
    openpyxl's WorkbookWriter writes them, remembered by everything the writer
    reads: division workbooks repeat the same few (sheet names, print areas)."""
    if (wb.defined_names or wb._external_links or wb._pivots or wb.custom_doc_props or wb.vba_archive is not None
            or any(ws.defined_names or ws.auto_filter for ws in wb._sheets)):
        raise RuntimeError("the workbook holds something the light path does not write")
    key = (tuple((ws.title, ws.sheet_state, ws.path, ws.print_titles, ws.print_area) for ws in wb._sheets),
           wb._active_sheet_index, _state(wb.views), _state(wb.calculation), _state(wb.security),
           wb.code_name, wb.excel_base_date)
    parts = _WORKBOOKS.get(key)
    if parts is None:
        writer = WorkbookWriter(wb)
        workbook = writer.write()  # before write_rels: it lists the sheets' relationships
        parts = (writer.write_root_rels(), workbook, writer.write_rels())
        if len(_WORKBOOKS) >= 1024:
            _WORKBOOKS.clear()
        _WORKBOOKS[key] = parts
    return parts


_CONTENT_TYPES: dict[tuple, bytes] = {}  # (the package's part names, the sheets' parts) -> [Content_Types].xml


def _write_content_types(archive: zipfile.ZipFile, manifest: Manifest, wb: Workbook) -> None:
    """Manifest._write, remembered by the parts it lists (the same for every
    workbook with the same number of sheets)."""
    key = (tuple(archive.namelist()), tuple((ws.path, ws.mime_type) for ws in wb._sheets), wb.mime_type)
    xml = _CONTENT_TYPES.get(key)
    if xml is None:
        manifest.append(wb)
        manifest._register_mimetypes(filenames=archive.namelist())
        xml = _CONTENT_TYPES[key] = tostring(manifest.to_tree())
    archive.writestr(manifest.path, xml)


def _range_ref(bounds: tuple[int, int, int, int]) -> str:
    min_row, min_col, max_row, max_col = bounds
    first = f"{get_column_letter(min_col)}{min_row}"
    if min_row == max_row and min_col == max_col:
        return first
    return f"{first}:{get_column_letter(max_col)}{max_row}"


class _LightBook:
    """Cells and merges of a workbook's sheets, and the workbook's bytes."""

    def __init__(self) -> None:
        self.cells: dict[Worksheet, dict[tuple[int, int], _LightCell]] = defaultdict(dict)
        self.merges: dict[Worksheet, list[tuple[int, int, int, int]]] = defaultdict(list)
        self.rows: dict[Worksheet, dict[int, list]] = defaultdict(dict)  # row -> [height, outline level]
        self.columns: dict[Worksheet, dict[int, float]] = defaultdict(dict)  # column -> width
        self._protected: dict[int, tuple[StyleArray, StyleArray]] = {}  # id(array) -> (array, with protection)

    def cell(self, ws: Worksheet, row: int, column: int) -> _LightCell:
        cells = self.cells[ws]
        cell = cells.get((row, column))
        if cell is None:
            cell = cells[(row, column)] = _LightCell(row, column)
        return cell

    def row(self, ws: Worksheet, row: int) -> list:
        """The row's [height, outline level]: openpyxl's RowDimension, as far as _Writer sets it."""
        rows = self.rows[ws]
        dimension = rows.get(row)
        if dimension is None:
            dimension = rows[row] = [None, 0]
        return dimension

    def protect(self, ws: Worksheet, row: int, column: int, protection: Protection) -> None:
        """`cell.protection = protection`, sharing one array per style."""
        cell = self.cell(ws, row, column)
        known = self._protected.get(id(cell._style))
        if known is None:
            array = StyleArray(cell._style)
            array.protectionId = ws.parent._protections.add(protection)
            known = self._protected[id(cell._style)] = (cell._style, array)
        cell._style = known[1]

    def save(self, wb: Workbook, timestamp: datetime.datetime,
             cached: dict[str, dict[str, int | str]]) -> bytes:
        """openpyxl's ExcelWriter.write_data, part by part, for what _Writer uses."""
        buffer = io.BytesIO()
        archive = _LightZip(buffer, timestamp.timetuple()[:6], wb, {})
        manifest = Manifest()
        archive.writestr(ARC_APP, _app_xml())
        archive.writestr(ARC_CORE, tostring(wb.properties.to_tree()))
        archive.writestr(ARC_THEME, theme_xml)
        style_ids: dict[int, int] = {}
        for index, ws in enumerate(wb.worksheets, 1):
            ws._id = index
            archive.writestr(ws.path[1:], self.sheet_xml(ws, cached.get(ws.title, {}), style_ids))
            manifest.append(ws)
        archive.writestr(ARC_STYLE, _light_stylesheet(wb._cell_styles, wb._protections))
        root_rels, workbook, workbook_rels = _workbook_parts(wb)
        archive.writestr(ARC_ROOT_RELS, root_rels)
        archive.writestr(ARC_WORKBOOK, workbook)
        archive.writestr(ARC_WORKBOOK_RELS, workbook_rels)
        _write_content_types(archive, manifest, wb)
        archive.close()
        return buffer.getvalue()

    def sheet_xml(self, ws: Worksheet, cached: dict[str, int | str], style_ids: dict[int, int]) -> bytes:
        """openpyxl's WorksheetWriter.write for a sheet with light cells."""
        if (ws._cells or ws.row_dimensions or ws.column_dimensions or ws.merged_cells or ws.conditional_formatting
                or ws._images or ws._charts or ws.tables or ws._pivots or ws.legacy_drawing is not None):
            raise RuntimeError(f"sheet {ws.title!r}: something was put on it that the light path does not write")
        cell_styles = ws.parent._cell_styles
        cells = self.cells.get(ws, {})
        out = [f'<worksheet xmlns="{SHEET_MAIN_NS}">', _xml(ws.sheet_properties)]
        if cells:
            rows = {row for row, _ in cells}
            columns = {column for _, column in cells}
            out.append(f'<dimension ref="{_range_ref((min(rows), min(columns), max(rows), max(columns)))}" />')
        else:
            out.append('<dimension ref="A1:A1" />')
        out.append(_xml(ws.views))
        out.append(_xml(ws.sheet_format))  # outlineLevelCol stays unset: no column is grouped
        columns = self.columns.get(ws)
        if columns:  # ColumnDimension.to_tree for a width (customWidth is bool(width))
            out.append("<cols>")
            for column, width in sorted(columns.items()):
                custom = ' customWidth="1"' if width else ""
                out.append(f'<col width="{safe_string(width)}"{custom} min="{column}" max="{column}" />')
            out.append("</cols>")

        by_row: dict[int, list[_LightCell]] = defaultdict(list)
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

        for part in (ws.protection, ws.scenarios, ws.auto_filter):
            if part:
                out.append(_xml(part))
        merges = self.merges.get(ws)
        if merges:
            ranges = set()
            for bounds in merges:  # openpyxl keeps merged ranges in a set, hashed by these bounds
                ranges.add(bounds)
            out.append(f'<mergeCells count="{len(ranges)}">')
            out.extend(f'<mergeCell ref="{_range_ref(bounds)}" />' for bounds in ranges)
            out.append("</mergeCells>")
        for part in (ws.data_validations, ws.print_options, ws.page_margins, ws.page_setup, ws.HeaderFooter,
                     ws.row_breaks, ws.col_breaks):
            if part:
                out.append(_xml(part))
        out.append("</worksheet>")
        return "".join(out).encode("utf-8")


_PACKED: dict[bytes, tuple[int, bytes]] = {}  # a part's bytes -> (CRC, deflated)


class _LightZip(_FixedTimeZip):
    """The same zip, but parts that repeat from workbook to workbook (theme,
    styles, relationships, content types …) are deflated once per process.

    A cached part is written as ZipFile.writestr writes it to a seekable file:
    the local header with the final CRC and sizes, then the deflated bytes."""

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

