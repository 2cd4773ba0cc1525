"""The document's 19 columns and their two header rows."""
import reportgen.model.columns as col


def test_header_rows_follow_the_edition_years():
    first, second = col.header_rows(("R7", "R8"))
    assert len(first) == len(second) == col.COLUMN_COUNT == 19
    assert first[4:6] == ("R7", "R8") and first[17:] == ("R7予算額(千円)", "R8予算額(千円)")
    assert second[7:12] == ("事業目標", "基準値", "基準年度", "R7目標値", "R8目標値") == second[12:17]
    assert first[7] == "KPI (成果指標①)" and first[12] == "KPI (成果指標②)"


def test_flat_headers_prefix_kpi_columns_with_their_group():
    flat = col.flat_headers(("R6", "R7"))
    assert flat[:7] == ("主な施策", "事務事業番号", "主要事務事業名", "事業概要", "R6", "R7", "担当課")
    assert flat[7] == "KPI (成果指標①) 事業目標" and flat[16] == "KPI (成果指標②) R7目標値"
    assert flat == col.flatten(col.header_rows(("R6", "R7")))
