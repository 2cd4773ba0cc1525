"""Packaging the workbook (xlsx_package): formula values cached into openpyxl's
empty <v/>, one fixed timestamp on every zip member, the same bytes for the
same workbook. The rendered report's caching and bytes are in test_xlsx.py."""
import datetime
import io
import time
import xml.etree.ElementTree as ET
import zipfile

import openpyxl
from hypothesis import given, settings, strategies as st
from openpyxl import Workbook

from reportgen.renderers.xlsx_package import _cache_values, _save


def sheet(*cells: str) -> bytes:
    """A worksheet's sheetData as openpyxl writes it (ElementTree: `<v />`)."""
    return ('<sheetData><row r="1">' + "".join(cells) + "</row></sheetData>").encode()


def formula(coord: str, text: str = "SUM(A9:A10)", attributes: str = "") -> str:
    return f'<c r="{coord}"{attributes}><f>{text}</f><v /></c>'


def cells(xml: bytes) -> dict[str, ET.Element]:
    return {c.get("r"): c for c in ET.fromstring(xml).iter("c")}


# ---------------------------------------------------------------- _cache_values

def test_only_the_formulas_with_a_value_are_filled():
    xml = sheet(formula("A1"), formula("A10"), formula("AA1"), formula("B2"))
    found = cells(_cache_values(xml, {"A1": 5, "B2": 7}))
    assert {coord: c.findtext("v") for coord, c in found.items()} == {"A1": "5", "A10": "", "AA1": "", "B2": "7"}
    assert [c.findtext("f") for c in found.values()] == ["SUM(A9:A10)"] * 4  # formulas stay live


def test_a_text_value_is_escaped_and_marked_as_a_string_result():
    found = cells(_cache_values(sheet(formula("C3", 'IF(1,"—",0)')), {"C3": "<a & b> —"}))["C3"]
    assert (found.get("t"), found.findtext("v")) == ("str", "<a & b> —")


def test_a_number_value_gets_no_type_attribute():
    found = cells(_cache_values(sheet(formula("C3")), {"C3": -1200}))["C3"]
    assert (found.get("t"), found.findtext("v")) == (None, "-1200")


def test_zero_is_cached_not_taken_for_a_missing_value():
    assert cells(_cache_values(sheet(formula("A1")), {"A1": 0}))["A1"].findtext("v") == "0"


def test_the_cells_own_attributes_are_kept():
    xml = sheet(formula("R12", attributes=' s="12"'))
    assert _cache_values(xml, {"R12": 3}) == sheet('<c r="R12" s="12"><f>SUM(A9:A10)</f><v>3</v></c>')
    found = cells(_cache_values(xml, {"R12": "—"}))["R12"]
    assert (found.get("s"), found.get("t"), found.findtext("v")) == ("12", "str", "—")


def test_cells_that_are_not_formulas_are_left_untouched():
    xml = sheet('<c r="A1" t="n"><v>1</v></c>', '<c r="B1" t="s"><v>0</v></c>', formula("C1"))
    assert _cache_values(xml, {"A1": 9, "B1": "x"}) == xml


def test_the_empty_value_openpyxl_writes_with_lxml_is_filled_too():
    """Once a bug (fixed): with lxml importable (openpyxl then uses it by default) openpyxl 3.1.5
    writes a formula's empty value as <v></v>, not <v />; the pattern only knows
    <v/>, so no value is cached: the summary's totals read back as None with
    data_only=True, and the light path's bytes no longer equal openpyxl's."""
    xml = sheet('<c r="A2"><f>A1*2</f><v></v></c>')
    assert cells(_cache_values(xml, {"A2": 2}))["A2"].findtext("v") == "2"


def test_without_values_the_xml_is_returned_unchanged():
    xml = sheet(formula("A1"))
    assert _cache_values(xml, {}) == xml


XML_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
                   max_size=20)


@settings(max_examples=200)
@given(st.dictionaries(st.sampled_from(["A1", "B2", "C3", "AB12"]),
                       st.one_of(st.integers(-10 ** 15, 10 ** 15), XML_TEXT)),
       st.sets(st.sampled_from(["A1", "B2", "C3", "AB12"])))
def test_any_values_read_back_exactly_from_the_xml(values, formula_cells):
    coords = ["A1", "B2", "C3", "AB12"]
    xml = sheet(*(formula(c) if c in formula_cells else f'<c r="{c}" t="n"><v>1</v></c>' for c in coords))
    found = cells(_cache_values(xml, values))
    for coord in coords:
        value = found[coord].findtext("v")
        if coord in formula_cells and coord in values:
            assert value == str(values[coord])
            assert found[coord].get("t") == ("str" if isinstance(values[coord], str) else None)
        else:
            assert value == ("" if coord in formula_cells else "1")


# ---------------------------------------------------------------- _save

def book(title: str = "総務市民局") -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws["A1"], ws["A2"] = 1, "=A1*2"
    wb.properties.created = wb.properties.modified = datetime.datetime(2024, 4, 1)
    return wb


def test_every_zip_member_carries_the_editions_timestamp():
    data = _save(book(), datetime.datetime(2031, 4, 1), {})
    infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    assert "xl/worksheets/sheet1.xml" in [i.filename for i in infos]
    assert {i.date_time for i in infos} == {(2031, 4, 1, 0, 0, 0)}


@settings(max_examples=15, deadline=None)
@given(st.dates(datetime.date(1980, 1, 1), datetime.date(2107, 12, 31)))
def test_any_edition_date_is_the_timestamp_of_every_member(date):
    data = _save(book(), datetime.datetime(date.year, date.month, date.day), {})
    times = {i.date_time for i in zipfile.ZipFile(io.BytesIO(data)).infolist()}
    assert times == {(date.year, date.month, date.day, 0, 0, 0)}


def test_the_same_workbook_gives_the_same_bytes_whatever_the_clock(monkeypatch):
    saved = []
    for now in (datetime.datetime(2001, 1, 1, 3, 4, 6), datetime.datetime(2039, 12, 31, 23, 58, 2)):
        monkeypatch.setattr(time, "time", lambda now=now: now.timestamp())
        saved.append(_save(book(), datetime.datetime(2024, 4, 1), {"総務市民局": {"A2": 2}}))
    assert saved[0] == saved[1]


def test_the_workbooks_own_dates_are_not_stamped_with_the_time_of_saving():
    """openpyxl's save_workbook sets `modified` to now; _save must not."""
    wb = book()
    back = openpyxl.load_workbook(io.BytesIO(_save(wb, datetime.datetime(2024, 4, 1), {})))
    assert back.properties.created == back.properties.modified == datetime.datetime(2024, 4, 1)


def test_each_sheet_gets_the_values_cached_under_its_own_title():
    wb = book("総括")
    second = wb.create_sheet("こども未来局")
    second["A1"], second["A2"] = 5, "=A1*2"
    third = wb.create_sheet("No values")
    third["A2"] = "=1+1"
    data = _save(wb, datetime.datetime(2024, 4, 1), {"総括": {"A2": 2}, "こども未来局": {"A2": 10}})
    values = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    assert [ws["A2"].value for ws in values.worksheets] == [2, 10, None]
    formulas = openpyxl.load_workbook(io.BytesIO(data))
    assert [ws["A2"].value for ws in formulas.worksheets] == ["=A1*2", "=A1*2", "=1+1"]


def test_a_saved_text_result_reads_back_as_the_text():
    wb = book()
    wb.active["B1"] = '=IF(COUNT(A9)=0,"—",A9)'
    data = _save(wb, datetime.datetime(2024, 4, 1), {"総務市民局": {"B1": "<—&>"}})
    assert openpyxl.load_workbook(io.BytesIO(data), data_only=True).active["B1"].value == "<—&>"


def test_reportgen_writes_workbooks_through_the_standard_library_xml_path():
    """With lxml installed openpyxl would write other bytes than the path the
    light writer reproduces and the tests check; reportgen chooses the latter."""
    import subprocess
    import sys
    code = ("import os; os.environ.pop('OPENPYXL_LXML', None); import reportgen, openpyxl.xml; "
            "print(os.environ['OPENPYXL_LXML'], openpyxl.xml.LXML)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]
