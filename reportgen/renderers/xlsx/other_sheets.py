"""The workbook's sheets around the bureau tables: the 総括 summary of a book, the
回収状況 of a draft and the 記入要領 of a division's workbook. Each writes through the
book's own cell methods (renderers/xlsx/workbook.py), so every text is checked the same way."""
from __future__ import annotations

from xlsxwriter.utility import xl_col_to_name

import reportgen.model.columns as col
from reportgen.renderers.xlsx.pages import (
    BUREAU_ROW,
    FIRST_ROW,
    HEADER_ROW,
    PAPER_SIZES,
)
from reportgen.renderers.xlsx.sizes import line_count, text_units
from reportgen.report.builder import RowKind

# `book` is the workbook being written (workbook._Book) and `sheet` one of its sheets
# (workbook._Sheet); they are not imported here, as the workbook module imports this one.

# -- a division's 記入要領 sheet ---------------------------------------
def write_instructions(book, sheet) -> None:
    """What to fill in, by when and for whom, one line per row (the template
    division_instructions.txt.j2, which a city office may override)."""
    width = 120.0
    sheet.ws.set_column(0, 0, width)
    lines = book.report.instructions
    for number, line in enumerate(lines, start=1):
        style = "title" if number == 1 else "bureau" if number == 2 else "note"
        book.text(sheet, number, 1, line, style, "記入要領")
        sheet.heights.need(number, number, line_count(line, width / (1.4 if number == 1 else 1.0)))
    book.finish_rows(sheet)
    sheet.ws.set_paper(PAPER_SIZES["a4"])
    sheet.ws.set_landscape()
    sheet.ws.fit_to_pages(1, 0)
    sheet.ws.protect("", {"format_columns": True, "format_rows": True})

# -- a draft's 回収状況 sheet ------------------------------------------
def write_collection(book, sheet) -> None:
    """Every division of a draft and whether its return has been merged (and from
    which file, on which day): read back by `collect`, so later batches and the final
    build know who has returned."""
    labels, rows = book.labels, book.report.collection
    widths = (max([12.0] + [text_units(r.bureau) + 2.0 for r in rows]),
              max([16.0] + [text_units(r.division) + 2.0 for r in rows]), 10.0,
              max([24.0] + [text_units(r.returned.file) + 2.0 for r in rows if r.returned]), 14.0)
    for index, width in enumerate(widths):
        sheet.ws.set_column(index, index, width)
    book.title(sheet, len(widths), sum(widths))
    book.text(sheet, BUREAU_ROW, 1, labels.collection_sheet, "bureau", "回収状況")
    sheet.ws.set_row(BUREAU_ROW - 1, 20)
    for column, text in enumerate(labels.collection_headers, start=1):
        book.text(sheet, HEADER_ROW, column, text, "header", "見出し")
    for number, row in enumerate(rows, start=HEADER_ROW + 1):
        merged = row.returned
        book.text(sheet, number, 1, row.bureau, "left", "局")
        book.text(sheet, number, 2, row.division, "left", "担当課")
        book.text(sheet, number, 3, labels.returned if merged else labels.not_returned,
                  "center" if merged else "missing", "状況")
        book.text(sheet, number, 4, merged.file if merged else "", "left", "回収ファイル")
        book.text(sheet, number, 5, merged.on if merged else "", "center", "取り込んだ日")
    last = HEADER_ROW + len(rows)
    sheet.ws.autofilter(HEADER_ROW - 1, 0, last - 1, len(widths) - 1)
    sheet.ws.freeze_panes(HEADER_ROW, 0)
    sheet.ws.set_paper(PAPER_SIZES["a4"])
    sheet.ws.fit_to_pages(1, 0)
    sheet.ws.repeat_rows(HEADER_ROW - 1)

# -- the summary sheet ----------------------------------------------
def write_summary(book, sheet, sheets: list) -> None:
    """総括: per bureau, each pillar's total and the bureau's total, as
    formulas referring to the bureau sheets' total cells (and a count of
    their programs), then the grand total when there are several bureaus."""
    report, labels = book.report, book.labels
    budget_width = book.widths[col.BUDGET_FIRST]
    headers = (labels.bureau_header, labels.pillar_header, labels.contents_headers[2],
               labels.flat_headers[col.BUDGET_FIRST], labels.flat_headers[col.BUDGET_SECOND])
    bureau_width = max([12.0] + [text_units(s.section.heading) + 2.0 for s in sheets])
    pillar_width = min(60.0, max([30.0] + [text_units(h) + 2.0 for s in sheets
                                           for h in s.section.pillar_headings]))
    widths = (bureau_width, pillar_width, 9.0, budget_width, budget_width)
    for index, width in enumerate(widths):
        sheet.ws.set_column(index, index, width)
    book.title(sheet, len(widths), sum(widths))
    book.text(sheet, BUREAU_ROW, 1, labels.summary_sheet, "bureau", "総括")
    book.text(sheet, BUREAU_ROW, len(widths), labels.unit, "unit", "単位")
    sheet.ws.set_row(BUREAU_ROW - 1, 20)
    for column, text in enumerate(headers, start=1):
        book.text(sheet, HEADER_ROW, column, text, "header", "見出し")
        sheet.heights.need(HEADER_ROW, HEADER_ROW, line_count(text, widths[column - 1]))

    number_letter = xl_col_to_name(col.NUMBER)
    budget_letters = [xl_col_to_name(i) for i in (col.BUDGET_FIRST, col.BUDGET_SECOND)]
    number = HEADER_ROW
    totals: list[int] = []  # the summary row of each bureau total
    for bureau in sheets:
        quoted = "'" + bureau.name.replace("'", "''") + "'"  # always quoted: valid for any name
        first_row = number + 1
        for index, row in enumerate(bureau.section.rows):
            if row.kind not in (RowKind.PILLAR_SUBTOTAL, RowKind.BUREAU_TOTAL):
                continue
            number += 1
            is_pillar = row.kind is RowKind.PILLAR_SUBTOTAL
            label = bureau.section.pillar_headings[row.pillar] if is_pillar else labels.bureau_total
            book.text(sheet, number, 2, label, "left" if is_pillar else "total label", "重点戦略")
            sheet.heights.need(number, number, line_count(label, pillar_width))
            first, last = (FIRST_ROW + r for r in row.covers)
            count = f"=COUNT({quoted}!{number_letter}{first}:{number_letter}{last})"
            programs = sum(1 for r in bureau.section.rows[row.covers[0]:row.covers[1] + 1]
                           if r.kind is RowKind.PROGRAM)
            book.formula(sheet, number, 3, "right" if is_pillar else "total amount", count, programs)
            for year, letter in enumerate(budget_letters):
                book.formula(sheet, number, 4 + year, "amount" if is_pillar else "total amount",
                             f"={quoted}!{letter}{FIRST_ROW + index}", row.amounts[year])
            if not is_pillar:
                totals.append(number)
        if number > first_row:
            book.merged_text(sheet, first_row, 1, number, 1, bureau.section.heading, "left", "局")
        else:
            book.text(sheet, first_row, 1, bureau.section.heading, "left", "局")
        sheet.heights.need(first_row, number, line_count(bureau.section.heading, bureau_width))
    if report.grand_total is not None:
        number += 1
        book.merged_text(sheet, number, 1, number, 2, report.grand_total.label, "total label", "総計")
        count = sum(s.section.program_count for s in sheets)
        for offset, amount in enumerate((count, *report.grand_total.amounts)):
            letter = xl_col_to_name(2 + offset)
            references = [f"{letter}{row}" for row in totals]
            book.formula(sheet, number, 3 + offset, "total amount", _sum_formula(references, amount), amount)
    last = number
    # the unit and what — means; ● does not appear here
    notes_end = book.notes(sheet, number + 2, len(widths), sum(widths), labels.legend[1:])
    book.finish_rows(sheet)
    sheet.ws.freeze_panes(HEADER_ROW, 0)
    book.page_setup(sheet, max(last, notes_end), len(widths), (HEADER_ROW, HEADER_ROW), labels.summary_sheet)


def _sum_formula(references: list[str], amount: int | None) -> str:
    """Sum of scattered cells (the bureau totals on the summary sheet), in
    groups that stay under Excel's 255 arguments per function."""
    groups = [",".join(references[i:i + 200]) for i in range(0, len(references), 200)] or ["0"]
    total = "+".join(f"SUM({g})" for g in groups)
    if amount is None:
        count = "+".join(f"COUNT({g})" for g in groups)
        return f'=IF({count}=0,"—",{total})'
    return f"={total}"
