"""Labels per edition and language, from the glossary and the templates."""
import pytest

from reportgen import ReportgenError
from reportgen.model.publication import FiscalYears
from reportgen.report.labels import labels_for


def test_japanese_labels_are_the_documents_own():
    labels = labels_for(FiscalYears(2024, 2025), source_title="原題", source_footnotes=("※注1",))
    assert labels.title == "原題" and labels.footnotes == ("※注1",)
    assert labels.header_rows[0][17] == "R6予算額(千円)"
    assert labels.page_number(2, 7) == "2 / 7"


def test_next_years_edition_without_source_title():
    labels = labels_for(FiscalYears(2025, 2026))
    assert labels.title == "新ビジョンに係る主な施策における主要事務事業(令和7年度・令和8年度)"
    assert labels.footnotes[0].startswith("※R7年度の主要事務事業に該当する場合はR7欄に「●」")


def test_english_and_both():
    en = labels_for(FiscalYears(2024, 2025), "en", source_title="原題")
    assert en.title == "Major Programs under the Main Measures of the New Vision (FY2024/FY2025)"
    assert en.header_rows[0][4:6] == ("FY2024", "FY2025") and en.header_rows[1][10] == "Target FY2024"
    assert en.unit == "Unit: JPY thousand"
    both = labels_for(FiscalYears(2024, 2025), "ja+en", source_title="原題", source_footnotes=("※注",))
    assert both.title == "原題 / Major Programs under the Main Measures of the New Vision (FY2024/FY2025)"
    assert both.footnotes[0] == "※注" and both.footnotes[1].startswith("* A ● in the FY2024 column")
    assert both.flat_headers[7] == "KPI (成果指標①) / KPI 1 (outcome indicator) 事業目標 / Indicator"


def test_unknown_language():
    with pytest.raises(ReportgenError):
        labels_for(FiscalYears(2024, 2025), "fr")
