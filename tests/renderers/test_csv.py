"""The open-data CSV, read back as a user would (csv module and pandas)."""
import csv
import io

import pandas as pd

from reportgen.renderers.csv import render_csv


def test_csv_rows_equal_the_model(seed_publication):
    data = render_csv(seed_publication)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[:11] == ["局", "重点戦略", "主な施策", "事務事業番号", "主要事務事業名", "主要事務事業名(R6)",
                           "主要事務事業名(R7)", "事業概要", "R6", "R7", "担当課"]
    assert header[11:13] == ["KPI (成果指標①) 事業目標", "KPI (成果指標①) 基準値"]
    assert header[-2:] == ["R6予算額(千円)", "R7予算額(千円)"]
    assert len(header) == 23 and all(len(r) == 23 for r in body)
    assert len(body) == 10
    programs = seed_publication.programs
    for row, program in zip(body, programs):
        assert row[0] == "総務市民局"
        assert row[3] == str(program.number)
        assert row[4] == program.name.text
        budgets = [None if c == "" else int(c) for c in row[-2:]]
        assert budgets == [b.amount for b in program.budgets]
    assert body[9][-2:] == ["", "28000"]  # program 10: no R6 budget is blank, not 0
    assert body[8][4] == "多世代が参加・交流できる自治会活動支援事業(R6)協働による地域の活性化支援事業(R7)"
    # a renamed program's two names, a column each, for a machine to tell apart
    assert body[8][5:7] == ["多世代が参加・交流できる自治会活動支援事業", "協働による地域の活性化支援事業"]
    assert body[7][4] == body[7][5] == body[7][6]
    # a blank measure cell in the source is filled: every row stands alone
    assert body[3][2] == body[2][2] != ""
    assert body[4][1] == "III 「安らぐまち」の実現"


def test_pandas_reads_budgets_as_numbers_with_none_as_missing(seed_publication):
    frame = pd.read_csv(io.BytesIO(render_csv(seed_publication)), encoding="utf-8-sig",
                        dtype={"事務事業番号": str})
    assert frame["R6予算額(千円)"].sum() == 2548267
    assert frame["R7予算額(千円)"].sum() == 2878000
    assert frame["R6予算額(千円)"].isna().sum() == 1
