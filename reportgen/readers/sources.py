"""Reading sources (files or folders) into a Publication, with all findings."""
from __future__ import annotations

import os
from dataclasses import dataclass

from reportgen.messages import say
from reportgen.model.findings import Finding, ReportgenError, Severity, errors_in
from reportgen.model.glossary import load_glossary
from reportgen.model.publication import Location, Publication
from reportgen.readers.delimited import is_program_table, load_table
from reportgen.readers.kinds import is_zip, unreadable_kind
from reportgen.readers.text import load_text_files
from reportgen.readers.tree import PublicationTree
from reportgen.readers.validation import validate
from reportgen.readers.workbook import load_xlsx_files

TEXT_SUFFIXES = (".txt", ".tsv")  # the document's layout, or a table of programs (readers/delimited)
CSV_SUFFIXES = (".csv",)  # always a table of programs
XLSX_SUFFIXES = (".xlsx", ".xls", ".ods")  # .xls and .ods through python-calamine (readers/spreadsheets)
SOURCE_SUFFIXES = TEXT_SUFFIXES + CSV_SUFFIXES + XLSX_SUFFIXES


@dataclass(frozen=True)
class LoadResult:
    publication: Publication | None  # None when nothing could be read
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> list[Finding]:
        return errors_in(list(self.findings))


def expand(sources: list[str]) -> list[str]:
    """Files as given; a folder gives its text files in name order."""
    paths: list[str] = []
    for source in sources:
        if os.path.isdir(source):
            # '~$…' are the lock files Excel leaves beside an open workbook
            found = sorted(os.path.join(source, name) for name in os.listdir(source)
                           if name.lower().endswith(SOURCE_SUFFIXES) and not name.startswith("~$"))
            if not found:
                raise ReportgenError(Finding(Severity.ERROR, Location(source), say("sources.no_table_files"),
                                             "source"))
            paths.extend(found)
        elif os.path.isfile(source):
            paths.append(source)
        else:
            raise ReportgenError(Finding(Severity.ERROR, Location(source), say("sources.no_such_file"), "source"))
    return paths


def expand_returns(sources: list[str]) -> list[str]:
    """The returned files: a folder gives every file in it (Excel's '~$' lock files and
    hidden files aside), whatever its kind, so that none is passed over; the reader
    refuses what it cannot read, naming the file."""
    paths: list[str] = []
    for source in sources:
        if os.path.isdir(source):
            found = sorted(os.path.join(source, name) for name in os.listdir(source)
                           if not name.startswith(("~$", ".")) and os.path.isfile(os.path.join(source, name)))
            if not found:
                raise ReportgenError(Finding(Severity.ERROR, Location(source), say("sources.no_returns"), "source"))
            paths.extend(found)
        else:
            paths.extend(expand([source]))
    return paths


def read(sources: list[str], bureau: str | None = None, formulas: bool = True,
         glossary: str | None = None) -> LoadResult:
    """Load every source; errors are collected, not raised (for `check`). `formulas=False`:
    a formula in a workbook's program cell is refused (a division's return). `glossary`:
    the city's glossary an English or bilingual workbook was made with (--glossary)."""
    findings: list[Finding] = []
    tree = PublicationTree()
    for path in expand(sources):  # in the given order: the book's bureaus follow the files
        kind_problem = unreadable_kind(path, returned=not formulas)
        if kind_problem is not None:
            findings.append(Finding(Severity.ERROR, Location(path), kind_problem, "source"))
        elif path.lower().endswith(XLSX_SUFFIXES) or (not formulas and is_zip(path)):
            load_xlsx_files([path], tree, findings, formulas, bureau, load_glossary(glossary))
        elif path.lower().endswith(CSV_SUFFIXES) or is_program_table(path):
            load_table(path, tree, findings, bureau)
        else:
            load_text_files([path], tree, findings, bureau=bureau)
    return finish(tree, findings, ", ".join(sources))


def finish(tree: PublicationTree, findings: list[Finding], sources: str) -> LoadResult:
    """The publication the tree holds, checked across rows (every reader ends here)."""
    if tree.years is None or not tree.bureaus:
        if not errors_in(findings):
            findings.append(Finding(Severity.ERROR, Location(sources), say("sources.nothing_read"), "source"))
        return LoadResult(None, tuple(findings))
    publication = tree.build()
    findings.extend(validate(publication))
    if not errors_in(findings):
        findings.extend(Finding(Severity.ERROR, Location(b.name), say("sources.no_programs"), "局")
                        for b in publication.bureaus if not b.programs)
    return LoadResult(publication, tuple(findings))


def load(sources: list[str], bureau: str | None = None, glossary: str | None = None) -> Publication:
    """The publication, or ReportgenError listing every error."""
    result = read(sources, bureau, glossary=glossary)
    if result.errors or result.publication is None:
        raise ReportgenError(result.errors)
    return result.publication
