"""Packaging the workbook: formula values cached and one fixed timestamp on every
zip member, so that the same report gives the same bytes (the light writer in
xlsx_light builds on the same zip)."""
from __future__ import annotations

import datetime
import io
import re
import zipfile
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

# openpyxl writes a formula's empty value as <v /> (or <v></v> when it writes through lxml)
_FORMULA_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"([^>]*)><f>([^<]*)</f>(?:<v\s*/>|<v></v>)</c>')


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

    def __init__(self, file, date_time: tuple[int, int, int, int, int, int], wb: Workbook | None,
                 cached: dict[str, dict[str, int | str]]) -> None:
        super().__init__(file, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self.fixed_time = date_time
        self.wb = wb
        self.cached = cached  # by sheet title

    def _values_for(self, arcname: str) -> dict[str, int | str]:
        if not self.cached:
            return {}
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
