"""The light workbook writer's own parts (byte equality with openpyxl's writer
on every edition form is in test_xlsx.py)."""
import io
import zipfile

from openpyxl import Workbook

from conftest import SEED
from reportgen import load
from reportgen.changes import compare, highlights
from reportgen.layout import build_report
from reportgen.renderers import xlsx_light
from reportgen.renderers.xlsx import render_xlsx
from reportgen.renderers.xlsx_light import LightSheet, assign


def sheet_xml(data: bytes, index: int) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(f"xl/worksheets/sheet{index}.xml").decode("utf-8")


def test_assign_follows_a_dotted_path():
    ws = Workbook().active
    assign(ws, "page_setup.paperSize", 8)
    assign(ws, "oddHeader.right.text", "政策局")
    assign(ws, "freeze_panes", "D6")
    assert (ws.page_setup.paperSize, ws.oddHeader.right.text, ws.freeze_panes) == (8, "政策局", "D6")


def test_a_light_sheet_keeps_its_settings_in_order_and_answers_the_last():
    sheet = LightSheet("政策局")
    sheet.settings += [("print_area", "A1:S9"), ("freeze_panes", "D6"), ("print_area", "A1:S12")]
    assert sheet.setting("print_area") == "A1:S12"
    assert sheet.setting("print_title_rows") is None


def test_settings_of_one_sheet_never_reach_the_next(seed_publication):
    """Parts are serialised on one scratch worksheet: a protected division sheet
    written first must not leave its protection, validation or header behind."""
    protected = render_xlsx(build_report(seed_publication), protect_inputs=True, light=True)
    plain = render_xlsx(build_report(seed_publication), light=True)
    assert "<sheetProtection" in sheet_xml(protected, 2)
    assert "<sheetProtection" not in sheet_xml(plain, 2)
    assert sheet_xml(protected, 2).count("<dataValidation ") == 2  # ● marks and the budget
    assert sheet_xml(plain, 2).count("<dataValidation ") == 1
    assert plain == render_xlsx(build_report(seed_publication))


def test_a_change_report_asked_for_light_is_written_by_openpyxl(tmp_path):
    """Highlighted cells carry a fill the light writer has no style for."""
    import openpyxl
    source = tmp_path / "new.txt"
    source.write_text(SEED.read_text(encoding="utf-8").replace("59,052\t57,352", "59,052\t60,000"),
                      encoding="utf-8")
    old, new = load([str(SEED)]), load([str(source)])
    report = build_report(new, highlights=highlights(compare(old, new)))
    light = render_xlsx(report, light=True)
    assert light == render_xlsx(report)
    sheet = openpyxl.load_workbook(io.BytesIO(light))[report.sections[0].bureau]
    filled = [c.value for row in sheet.iter_rows() for c in row if c.fill.fgColor.rgb == "00FFEE8C"]
    assert filled == [60000]


def test_remembered_values_are_bounded():
    calls = []

    @xlsx_light._remembered(3)
    def double(x):
        calls.append(x)
        return 2 * x

    assert [double(1), double(1), double(2)] == [2, 2, 4]
    assert calls == [1, 2]
    for x in range(10):
        double(x)
    assert len(double.cache) <= 3


def test_threads_writing_workbooks_at_once_get_their_own_bytes(seed_publication):
    """The parts are computed on shared openpyxl objects; threads must never store
    one workbook's header or settings under another's key."""
    import sys
    import threading
    from dataclasses import replace
    from reportgen.model import map_programs
    reports = []
    for index in range(6):  # six editions whose page headers and areas all differ
        publication = replace(seed_publication, title=f"表題{index}")
        if index % 2:
            publication = map_programs(publication, lambda bureau, p: p if p.number != index else None)
        reports.append(build_report(publication))
    expected = [render_xlsx(r, protect_inputs=bool(i % 3)) for i, r in enumerate(reports)]
    for _ in range(5):
        for function in vars(xlsx_light).values():
            if isinstance(getattr(function, "cache", None), dict):
                function.cache.clear()  # every thread computes its parts afresh, at the same time
        results = [None] * len(reports)

        def write(i):
            results[i] = render_xlsx(reports[i], protect_inputs=bool(i % 3), light=True)
        interval = sys.getswitchinterval()
        sys.setswitchinterval(1e-6)
        try:
            threads = [threading.Thread(target=write, args=(i,)) for i in range(len(reports))]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            sys.setswitchinterval(interval)
        assert results == expected
        assert [render_xlsx(r, protect_inputs=bool(i % 3), light=True) for i, r in enumerate(reports)] == expected


def test_a_setting_the_light_writer_cannot_write_is_refused():
    from reportgen.renderers.xlsx_light import LightBook
    book = LightBook()
    sheet = book.create_sheet("政策局")
    sheet.settings.append(("page_setup.fitToPage", True))  # writes into sheet_properties, not page_setup
    import pytest
    with pytest.raises(RuntimeError, match="fitToPage"):
        book.sheet_xml(sheet, {}, {})
    sheet.settings[:] = [("auto_filter.ref", "A1:B2")]
    with pytest.raises(RuntimeError, match="auto_filter"):
        book.sheet_xml(sheet, {}, {})
