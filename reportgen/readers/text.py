"""Loader for the tab-separated text layout of the published table (DESIGN.md §2).

A file is a run of pages. Each page: a title line, optionally the bureau name,
two header rows, pillar heading rows and program rows, then the footnote (※…).
The PDF extraction is not column-exact: some rows carry extra empty fields that
push the budgets right or trail at the end. Budgets are realigned by content
(a budget field holds a number; the ● marks say which years have one) and every
realignment is reported as a notice.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import reportgen.model.columns as col
import reportgen.model.era as era
from reportgen.messages import say
from reportgen.model.amounts import AmountError, parse_amount
from reportgen.model.findings import Finding, ReportgenError, Severity, Text
from reportgen.model.publication import (
    BaselineYear,
    Budget,
    FiscalYears,
    Kpi,
    Location,
    Program,
    ProgramName,
    empty_kpi,
)
from reportgen.readers.decoding import read_lines
from reportgen.readers.tree import PublicationTree

MARK = "●"
MAX_ERRORS_PER_FILE = 100  # past this, more messages only bury the first ones
PILLAR_HEADING = re.compile(r"^(?P<numeral>[IVX]+|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ])[ 　]+(?P<name>\S.*)$")
PROGRAM_NUMBER = re.compile(r"^[0-9０-９]+$")
UNNAMED_BUREAU = "（局名なし）"  # only ever seen beside the error that says the file names no bureau
MAX_NUMBER_DIGITS = 9  # a program number is a small whole number; thousands of digits are a mistake
FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


@dataclass
class _Page:
    first_line: int
    title: str = ""
    title_line: int = 0
    bureau: str | None = None
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


@dataclass
class _FileContext:
    path: str
    findings: list[Finding]
    years: FiscalYears | None = None
    codes: tuple[str, str] | None = None
    footnotes: list[tuple[int, str]] = field(default_factory=list)

    def report(self, severity: Severity, line: int, message: Text, field_name: str) -> None:
        self.findings.append(Finding(severity, Location(self.path, line), message, field_name))


def load_text_files(paths: list[str], tree: PublicationTree, findings: list[Finding],
                    bureau: str | None = None) -> None:
    """Read each file's pages into `tree`; problems go to `findings`."""
    for path in paths:
        context = _FileContext(path, findings)
        try:
            lines, _encoding = read_lines(path)
        except ReportgenError as exc:
            findings.extend(exc.findings)
            continue
        pages = _split_pages(lines, context)
        if not pages:
            context.report(Severity.ERROR, 1, say("text.no_table"), "header")
            continue
        _name_bureaus(pages, context, bureau)
        for page in pages:
            if page.bureau is None:
                continue
            tree.start_page(page.bureau, Location(path, page.first_line), page.title, findings)
            for line_number, fields in page.rows:
                _read_row(fields, line_number, context, tree)
                if _too_many_errors(context):
                    break
            if _too_many_errors(context):
                context.report(Severity.ERROR, line_number,
                               say("text.too_many_errors", limit=MAX_ERRORS_PER_FILE), "layout")
                break
        for line_number, text in context.footnotes:
            tree.add_footnote(text)
        if context.years is not None:
            tree.note_years(context.years, Location(path, pages[0].first_line), findings)


def _too_many_errors(context: _FileContext) -> bool:
    return sum(1 for f in context.findings if f.severity is Severity.ERROR
               and f.location.file == context.path) >= MAX_ERRORS_PER_FILE


def _split_pages(lines: list[str], context: _FileContext) -> list[_Page]:
    """Cut the file into pages and check their header rows."""
    pages: list[_Page] = []
    page: _Page | None = None
    state = "title"  # title -> bureau -> header2 -> body
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        fields = line.split("\t")
        single = len(fields) == 1 or not any(f.strip() for f in fields[1:])
        first = fields[0].strip()
        if single and first.startswith("※"):
            context.footnotes.append((number, first))
            state = "title"
            continue
        if fields[0] == "主な施策":
            if page is None or state not in ("bureau", "header1"):
                page = _Page(number)
                pages.append(page)
            _check_header(fields, number, context)
            state = "header2"
            continue
        if state == "header2":
            _check_header2(fields, number, context)
            state = "body"
            continue
        if single and state in ("title", "bureau") and not (state == "bureau" and PILLAR_HEADING.match(first)):
            if state == "title":
                page = _Page(number, title=first, title_line=number)
                pages.append(page)
                state = "bureau"
            else:
                page.bureau = first
                state = "header1"
            continue
        if state != "body" or page is None:
            context.report(Severity.ERROR, number, say("text.row_before_header"), "layout")
            if _too_many_errors(context):
                return []
            continue
        page.rows.append((number, fields))
    return [p for p in pages if p.rows or p.bureau is not None]


def _check_header(fields: list[str], number: int, context: _FileContext) -> None:
    first_year = era.parse_year(fields[col.MARK_FIRST]) if len(fields) > col.MARK_FIRST else None
    second_year = era.parse_year(fields[col.MARK_SECOND]) if len(fields) > col.MARK_SECOND else None
    if first_year is None or second_year is None or second_year <= first_year or not era.has_era(first_year):
        context.report(Severity.ERROR, number, say("text.header_years"), "header")
        return
    years = FiscalYears(first_year, second_year)
    codes = (fields[col.MARK_FIRST], fields[col.MARK_SECOND])
    if context.years is None:
        context.years, context.codes = years, codes
    elif context.years != years:
        context.report(Severity.ERROR, number, say("text.years_differ", codes="/".join(context.codes)), "header")
        return
    _compare_header(fields, col.header_rows(codes)[0], number, context)


def _check_header2(fields: list[str], number: int, context: _FileContext) -> None:
    if context.codes is None:
        return
    _compare_header(fields, col.header_rows(context.codes)[1], number, context)


def _compare_header(fields: list[str], expected: tuple[str, ...], number: int,
                    context: _FileContext) -> None:
    extra = fields[len(expected):]
    if any(f.strip() for f in extra):
        context.report(Severity.ERROR, number, say("text.header_too_many_columns", count=len(fields)), "header")
        return
    for index, want in enumerate(expected):
        got = fields[index] if index < len(fields) else None
        if got != want:
            context.report(Severity.ERROR, number,
                           say("text.header_mismatch", column=index + 1, found=got, expected=want), "header")
            return


def _name_bureaus(pages: list[_Page], context: _FileContext, bureau_option: str | None) -> None:
    """A page without a bureau line belongs to the bureau of the page before it;
    the file's opening pages to the first bureau named later in the file, or
    to --bureau when the file never names one."""
    named = [p.bureau for p in pages if p.bureau is not None]
    if not named:
        if bureau_option is None:
            # an error, but the rest of the file is still read and checked, under a
            # stand-in name that can never be printed (the error stops every output)
            context.report(Severity.ERROR, pages[0].first_line, say("text.no_bureau"), "bureau")
            bureau_option = UNNAMED_BUREAU
        for page in pages:
            page.bureau = bureau_option
        return
    current = named[0]
    for page in pages:
        if page.bureau is None:
            page.bureau = current
        current = page.bureau


def _read_row(fields: list[str], number: int, context: _FileContext, tree: PublicationTree) -> None:
    first = fields[0].strip()
    rest_empty = not any(f.strip() for f in fields[1:])
    pillar = PILLAR_HEADING.match(first)
    if pillar and rest_empty:
        tree.add_pillar(pillar["numeral"], pillar["name"], Location(context.path, number), context.findings)
        return
    if context.years is None or context.codes is None:
        return  # the header was unreadable: already reported
    if len(fields) < col.COLUMN_COUNT:
        context.report(Severity.ERROR, number,
                       say("text.too_few_columns", count=len(fields), needed=col.COLUMN_COUNT), "layout")
        return
    program = _read_program(fields, number, context)
    if program is not None:
        tree.add_program(fields[col.MEASURE], program, context.findings)


def _read_program(fields: list[str], number: int, context: _FileContext) -> Program | None:
    errors_before = len(context.findings)
    location = Location(context.path, number)
    codes = context.codes
    marks = []
    for index, code in zip((col.MARK_FIRST, col.MARK_SECOND), codes):
        text = fields[index].strip()
        if text not in ("", MARK):
            context.report(Severity.ERROR, number, say("text.bad_mark", mark=MARK, found=fields[index]), code)
        marks.append(text == MARK)
    number_text = fields[col.NUMBER]
    problem = number_problem(number_text)
    if problem is not None:
        context.report(Severity.ERROR, number, problem, "事務事業番号")
    name_text = fields[col.NAME]
    if not name_text.strip():
        context.report(Severity.ERROR, number, say("text.name_blank"), "主要事務事業名")
    if not fields[col.DIVISION].strip():
        context.report(Severity.ERROR, number, say("text.division_blank"), "担当課")
    budgets = _read_budgets(fields, number, tuple(marks), context)
    if len(context.findings) > errors_before and any(
            f.severity is Severity.ERROR for f in context.findings[errors_before:]):
        return None
    kpis = [read_kpi(fields[start:start + col.KPI_WIDTH]) for start in col.KPI_STARTS]
    while kpis and kpis[-1] == empty_kpi():
        kpis.pop()
    return Program(
        number=int(number_text.strip().translate(FULLWIDTH_DIGITS)),
        name=split_name(name_text, codes),
        summary=fields[col.SUMMARY],
        major=(marks[0], marks[1]),
        division=fields[col.DIVISION],
        kpis=tuple(kpis),
        budgets=budgets,
        number_text=number_text,
        source=location,
    )


def number_problem(text: str) -> Text | None:
    """Why a program number cell cannot be a program number, or None (both readers)."""
    stripped = text.strip()
    if not PROGRAM_NUMBER.match(stripped):
        return say("text.number_not_whole", number=text)
    if len(stripped) > MAX_NUMBER_DIGITS:
        return say("text.number_too_long", count=len(stripped), limit=MAX_NUMBER_DIGITS)
    return None


def read_kpi(cells: list[str]) -> Kpi:
    goal, baseline, year_text, target_first, target_second = cells
    return Kpi(goal, baseline, BaselineYear(year_text, era.parse_year(year_text)),
               (target_first, target_second))


def _read_budgets(fields: list[str], number: int, marks: tuple[bool, bool],
                  context: _FileContext) -> tuple[Budget, Budget]:
    """Place the budget values of the row's tail (columns 18.. of the line) by content."""
    tail = fields[col.BUDGET_FIRST:]
    filled = [(i, text) for i, text in enumerate(tail) if text.strip()]
    codes = context.codes
    labels = [col.budget_label(code) for code in codes]
    if len(filled) > 2:
        context.report(Severity.ERROR, number,
                       say("text.too_many_budgets", count=len(filled),
                           values="、".join(f"「{t}」" for _, t in filled),
                           values_en=", ".join(f'"{t}"' for _, t in filled)), "予算額")
        return Budget(None), Budget(None)
    slots: list[tuple[int, str] | None] = [None, None]
    if len(filled) == 2:
        slots = [filled[0], filled[1]]
    elif len(filled) == 1:
        position, text = filled[0]
        by_position = 0 if position == 0 else 1 if position == len(tail) - 1 else None
        by_marks = marks.index(True) if marks.count(True) == 1 else None
        year = by_position if by_position is not None else by_marks
        if year is None or (by_marks is not None and by_marks != year):
            context.report(Severity.ERROR, number, say("text.budget_year_unclear", value=text), "予算額")
            return Budget(None), Budget(None)
        slots[year] = filled[0]
    budgets = []
    for year, slot in enumerate(slots):
        if slot is None:
            budgets.append(Budget(None, ""))
            continue
        try:
            budgets.append(Budget(parse_amount(slot[1]), slot[1]))
        except AmountError as exc:
            context.report(Severity.ERROR, number, exc.args[0], labels[year])
            budgets.append(Budget(None, slot[1]))
    if len(tail) > 2:
        moved = [slot for slot in slots if slot is not None and slot[0] != slots.index(slot)]
        values = [f"{labels[y]}={s[1]}" for y, s in enumerate(slots) if s is not None]
        none = say("text.no_budget")
        what, what_en = "、".join(values) or str(none), ", ".join(values) or none.en
        message_id = "text.budgets_shifted" if moved else "text.blanks_ignored"
        context.report(Severity.NOTICE, number,
                       say(message_id, extra=len(tail) - 2, budgets=what, budgets_en=what_en), "予算額")
    return budgets[0], budgets[1]


def split_name(text: str, codes: tuple[str, str]) -> ProgramName:
    """'旧名(R6)新名(R7)' -> per-year names; otherwise the same name both years."""
    pattern = re.compile(
        rf"^(?P<a>.+?)[(（]{re.escape(codes[0])}[)）](?P<b>.+?)[(（]{re.escape(codes[1])}[)）]$")
    match = pattern.match(text.strip())
    if match:
        return ProgramName(text, (match["a"], match["b"]))
    return ProgramName(text, (text, text))
