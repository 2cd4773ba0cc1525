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
