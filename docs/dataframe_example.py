"""From a DataFrame to the council's PDF and workbook: reportgen's Python API.

Run it from the project's folder (after `make report`):

    .venv/bin/python docs/dataframe_example.py [OUT]

It writes OUT (default: out/example) with the PDF and the workbook of a small
edition typed here as a database export would give it, then reads the
published seed into a DataFrame and totals its budgets with pandas.
"""
import sys

import pandas as pd

import reportgen

out = sys.argv[1] if len(sys.argv) > 1 else "out/example"

# %% 1. A table of programs, as a database or a staffer's spreadsheet holds it:
# one row per program, the document's headers or their common variants, any order.
export = pd.DataFrame({
    "局": ["総務市民局", "総務市民局", "総務市民局"],
    "重点戦略": ["I 「稼げるまち」の実現", "III 「安らぐまち」の実現", "III 「安らぐまち」の実現"],
    "主な施策": ["女性が働き続けることができる就労環境の整備の支援",
             "防犯カメラや防犯灯の増設", "防犯カメラや防犯灯の増設"],
    "事業番号": [1, 3, 4],
    "事業名": ["ワーク・ライフ・バランス推進事業", "防犯カメラ運用事業", "防犯灯設置事業"],
    "概要": ["企業等の取組の支援や広報・啓発を行う。", "街頭防犯カメラの設置、運用を行う。", "LED防犯灯を設置する。"],
    "R6": [True, True, True],
    "R7": [True, True, False],
    "担当課": ["女性の働く社会推進室", "安全・安心推進課", "安全・安心推進課"],
    "KPI① 事業目標": ["ワークライフバランスが取れていると思う人の割合", "刑法犯認知件数", "刑法犯認知件数"],
    "KPI① 基準値": ["62.8%", "6,044件", "6,044件"],
    "KPI① 基準年度": ["R5", "R5", "R5"],
    "KPI① R6目標値": ["R5年度比増加", "R5年度比減", "R5年度比減"],
    "KPI① R7目標値": ["R5年度比増加", "R6年度比減", ""],
    "KPI② 事業目標": ["", "", ""], "KPI② 基準値": ["", "", ""], "KPI② 基準年度": ["", "", ""],
    "KPI② R6目標値": ["", "", ""], "KPI② R7目標値": ["", "", ""],
    "R6予算額": pd.array([4359, 39464, 26057], dtype="Int64"),
    "R7予算額": pd.array([2250, 57740, None], dtype="Int64"),  # none is <NA>, never 0
})

# %% 2. Read it as every reader reads: a bad cell is a ReportgenError naming
# DataFrame.loc[row, column] and the field, in Japanese (and English with .text("en")).
publication = reportgen.from_frame(export)

# %% 3. The council's files: the same build the command line runs.
written, _ = reportgen.build(publication, out, ["pdf", "xlsx"], reportgen.Options(paper="a4"))
print("\n".join(written))

# %% 4. The other way: any edition as a DataFrame, for analysis.
seed = reportgen.to_frame(reportgen.load("seeds"))
print(seed.groupby("重点戦略")[["R6予算額(千円)", "R7予算額(千円)"]].sum())
