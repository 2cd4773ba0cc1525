"""The accessible HTML publication: one self-contained page from templates/publication.html.j2.

The table structure is marked up for screen readers: the two header rows as
`th scope=col/colgroup`, pillars and measures as row-group headers, the
program name as the row header, and every data cell's `headers` naming its
column, KPI group, pillar, measure and program, so a reader announces
"KPI (成果指標①) 事業目標" for a cell. All text goes through jinja2's autoescape.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import reportgen.model.columns as col
from reportgen.model.glossary import has_japanese as is_japanese
from reportgen.report.builder import Report, Row, RowKind, Section
from reportgen.report.templating import render

REM_PER_WEIGHT = 6.0  # column widths on screen follow the printed proportions


@dataclass(frozen=True)
class HtmlCell:
    lines: tuple[str, ...]
    tag: str = "td"  # td | th
    scope: str = ""
    id: str = ""
    headers: str = ""
    colspan: int = 1
    rowspan: int = 1
    css: str = ""
    lang: str = ""  # "ja" on Japanese data in an English page (WCAG 3.1.2, language of parts)


@dataclass(frozen=True)
class HtmlRow:
    css: str
    cells: tuple[HtmlCell, ...]


def render_html(report: Report, templates_dir: str | None = None) -> bytes:
    lang = "en" if report.labels.lang == "en" else "ja"
    sections = [_section(index, section, report) for index, section in enumerate(report.sections)]
    if lang == "en":  # the data printed as the source says it is Japanese: say so, cell by cell
        sections = [_mark_japanese(section) for section in sections]
    text = render("publication.html.j2", templates_dir, lang=lang, report=report, labels=report.labels,
                  sections=sections, japanese=is_japanese if lang == "en" else lambda text: False)
    return text.encode("utf-8")


def _mark_japanese(section: dict) -> dict:
    def marked(row: HtmlRow) -> HtmlRow:
        return HtmlRow(row.css, tuple(replace(c, lang="ja") if is_japanese("".join(c.lines)) else c
                                      for c in row.cells))
    return {**section, "groups": [[marked(row) for row in group] for group in section["groups"]],
            "head": tuple(marked(row) for row in section["head"])}


def _lines(text: str) -> tuple[str, ...]:
    return tuple(text.split("\n"))


def _header(prefix: str, report: Report) -> tuple[HtmlRow, HtmlRow, list[str]]:
    """The two header rows and, per column, the ids a data cell's `headers` names."""
    top, sub = report.labels.header_rows
    first, second, column_ids = [], [], []
    group_id = ""
    for index in range(col.COLUMN_COUNT):
        if index in col.KPI_STARTS:
            group_id = f"{prefix}-g{col.KPI_STARTS.index(index) + 1}"
            first.append(HtmlCell(_lines(top[index]), "th", "colgroup", group_id, colspan=col.KPI_WIDTH))
        if sub[index]:
            cell_id = f"{prefix}-c{index}"
            second.append(HtmlCell(_lines(sub[index]), "th", "col", cell_id, headers=group_id))
            column_ids.append(f"{cell_id} {group_id}")
        else:
            cell_id = f"{prefix}-c{index}"
            first.append(HtmlCell(_lines(top[index]), "th", "col", cell_id, rowspan=2))
            column_ids.append(cell_id)
    return HtmlRow("head", tuple(first)), HtmlRow("head", tuple(second)), column_ids


def _section(index: int, section: Section, report: Report) -> dict:
    prefix = f"b{index + 1}"
    head_first, head_second, column_ids = _header(prefix, report)
    groups: list[list[HtmlRow]] = []
    pillar_id = measure_id = ""
    for number, row in enumerate(section.rows):
        if row.kind is RowKind.PILLAR:
            pillar_id = f"{prefix}-p{row.pillar + 1}"
            groups.append([HtmlRow("pillar", (HtmlCell(_lines(row.label), "th", "rowgroup", pillar_id,
                                                       colspan=row.label_span),))])
        elif row.kind is RowKind.PROGRAM:
            if row.measure_start:
                measure_id = f"{pillar_id}-m{row.measure + 1}"
            groups[-1].append(_program_row(row, number, prefix, pillar_id, measure_id, column_ids))
        else:
            if not groups or row.kind in (RowKind.BUREAU_TOTAL, RowKind.GRAND_TOTAL):
                groups.append([])
            groups[-1].append(_total_row(row, number, prefix, pillar_id, column_ids))
    widths = tuple(f"{weight * REM_PER_WEIGHT:.1f}rem" for weight in report.column_weights)
    return {"id": prefix, "heading": section.heading, "head": (head_first, head_second), "groups": groups,
            "widths": widths, "min_width": f"{sum(report.column_weights) * REM_PER_WEIGHT:.0f}rem"}


def _program_row(row: Row, number: int, prefix: str, pillar_id: str, measure_id: str,
                 column_ids: list[str]) -> HtmlRow:
    row_id = f"{prefix}-r{number}"
    context = f"{pillar_id} {measure_id} {row_id}"
    cells = []
    for index, cell in enumerate(row.cells):
        css = cell.align.value
        if index == col.MEASURE:
            if row.measure_start:
                cells.append(HtmlCell(_lines(cell.text), "th", "rowgroup", measure_id,
                                      headers=f"{column_ids[index]} {pillar_id}",
                                      rowspan=row.measure_rows, css="measure"))
        elif index == col.NAME:
            cells.append(HtmlCell(_lines(cell.text), "th", "row", row_id,
                                  headers=f"{column_ids[index]} {pillar_id} {measure_id}", css="name"))
        else:
            cells.append(HtmlCell(_lines(cell.text), headers=f"{column_ids[index]} {context}",
                                  css=f"{css} amount" if cell.is_amount else css))
    return HtmlRow("program", tuple(cells))


def _total_row(row: Row, number: int, prefix: str, pillar_id: str, column_ids: list[str]) -> HtmlRow:
    row_id = f"{prefix}-r{number}"
    context = f"{pillar_id} {row_id}" if row.kind is not RowKind.BUREAU_TOTAL else row_id
    label = HtmlCell(_lines(row.label), "th", "row", row_id, colspan=row.label_span, css="right")
    amounts = tuple(HtmlCell(_lines(cell.text), headers=f"{column_ids[col.BUDGET_FIRST + i]} {context}",
                             css="right amount")
                    for i, cell in enumerate(row.cells[1:3]))
    return HtmlRow(f"total {row.kind.value}", (label,) + amounts)
