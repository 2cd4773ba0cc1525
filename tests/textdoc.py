"""Writing documents in the published text layout for tests (DESIGN.md §2)."""
from __future__ import annotations

import reportgen.model.columns as col

TITLE = "新ビジョンに係る主な施策における主要事務事業(令和6年度・令和7年度)"
FOOT = "※R6年度の主要事務事業に該当する場合はR6欄に「●」、R7年度の主要事務事業に該当する場合はR7欄に「●」を記載しています。"


def program_row(measure: str, number: int | str, name: str, marks=("●", "●"),
                budgets=("1,000", "2,000"), division: str = "企画課",
                kpi1=("目標", "10件", "R5", "12件", "14件"), kpi2=("",) * 5,
                summary: str = "概要") -> list[str]:
    return [measure, str(number), name, summary, marks[0], marks[1], division,
            *kpi1, *kpi2, budgets[0], budgets[1]]


def pillar_row(heading: str) -> list[str]:
    return [heading] + [""] * (col.COLUMN_COUNT - 1)


def with_phantom(row: list[str]) -> list[str]:
    """The first page's extraction shift: an empty field before the budgets,
    or trailing when KPI ② is filled (as in the seed)."""
    if any(row[12:17]):
        return row + [""]
    return row[:17] + [""] + row[17:]


def page(rows: list[list[str]], bureau: str | None = None, codes=("R6", "R7"),
         title: str = TITLE, footnote: str = FOOT, phantom: bool = False) -> str:
    head1, head2 = col.header_rows(codes)
    tail = [""] if phantom else []
    lines = ["", "", title, ""]
    if bureau:
        lines += [bureau, ""]
    lines.append("\t".join(list(head1) + tail))
    lines.append("\t".join(list(head2) + tail))
    for row in rows:
        if phantom and row[1]:
            row = with_phantom(row)
        lines.append("\t".join(row))
    lines += ["", footnote]
    return "\n".join(lines) + "\n"
