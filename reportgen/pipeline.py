"""Building an edition: sources -> model -> each requested format -> files in OUT.

This is the one entry point shared by the CLI and the Python API.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from typing import Callable

from reportgen.delivery.output import write_files
from reportgen.model.findings import Finding, ReportgenError, Severity
from reportgen.model.glossary import LANGUAGES
from reportgen.model.publication import Location, Publication
from reportgen.readers.sources import LoadResult, read
from reportgen.renderers.csv import render_csv
from reportgen.renderers.html import render_html
from reportgen.renderers.pdf.document import render_pdf
from reportgen.renderers.xlsx.workbook import render_xlsx
from reportgen.report.builder import Report, build_report

PAPERS = ("a3", "a4")
SUBTOTALS = ("pillar", "measure")


@dataclass(frozen=True)
class Options:
    """How to build an edition. Checked when made, so that a bad option is one
    clear ReportgenError naming it, from the command line and from Python alike."""

    paper: str = "a3"  # a3 | a4 (landscape)
    subtotals: str = "pillar"  # pillar | measure
    font: str | None = None  # a TTF/TTC replacing the shipped face
    bureau: str | None = None  # bureau name for files that never state one
    name: str | None = None  # output file stem
    lang: str = "ja"  # ja | en | ja+en
    glossary: str | None = None  # a city office's glossary overlaid on templates/glossary.toml
    templates: str | None = None  # a folder of templates overriding templates/
    checksums: bool = False  # also write SHA256SUMS for the edition's files
    protect_inputs: bool = False  # division workbooks: only the input cells stay editable

    def __post_init__(self) -> None:
        problems = []
        for option, allowed in (("paper", PAPERS), ("subtotals", SUBTOTALS), ("lang", LANGUAGES)):
            value = getattr(self, option)
            if value not in allowed:
                problems.append(_option_problem(option, f"{value!r} は使えません（{' / '.join(allowed)}）",
                                                f"{value!r} is not available (use {' / '.join(allowed)})"))
        for option in ("font", "bureau", "name", "glossary", "templates"):
            value = getattr(self, option)
            if value is not None and (not isinstance(value, str) or not value.strip()):
                problems.append(_option_problem(option, "空でない文字列を指定してください",
                                                "give a non-empty string"))
        for option in ("checksums", "protect_inputs"):
            if not isinstance(getattr(self, option), bool):
                problems.append(_option_problem(option, "True か False を指定してください", "give True or False"))
        if isinstance(self.name, str) and self.name.strip() and (
                any(c in self.name for c in "/\\\0") or self.name.strip(". ") == ""):
            problems.append(_option_problem("name", f"ファイル名 {self.name!r} にはフォルダの区切りなどを使えません",
                                            f"the file name {self.name!r} cannot hold folder separators"))
        if problems:
            raise ReportgenError(problems)


def _option_problem(option: str, message: str, en: str) -> Finding:
    flag = "--" + option.replace("_", "-")
    return Finding(Severity.ERROR, Location(flag), f"{flag}: {message}", option, f"{flag}: {en}")


@dataclass(frozen=True)
class Edition:
    """What renderers receive: the built report (and the model, for open data only)."""

    publication: Publication
    report: Report


Renderer = Callable[[Edition, Options], bytes]

RENDERERS: dict[str, Renderer] = {
    "pdf": lambda edition, options: render_pdf(edition.report, options.paper, options.font),
    "xlsx": lambda edition, options: render_xlsx(edition.report, options.paper, options.protect_inputs),
    "html": lambda edition, options: render_html(edition.report, options.templates),
    "csv": lambda edition, options: render_csv(
        edition.publication, edition.report.labels if options.lang == "en" else None),
}


def file_stem(publication: Publication, options: Options) -> str:
    if options.name:
        return options.name
    first, second = publication.years.codes
    return f"主要事務事業_{first}-{second}"


def parse_formats(text: str) -> list[str]:
    formats = [f.strip().lower() for f in text.split(",") if f.strip()]
    unknown = [f for f in formats if f not in RENDERERS]
    if unknown or not formats:
        raise ReportgenError(Finding(
            Severity.ERROR, Location("--format"),
            f"出力形式 {', '.join(unknown) or '(なし)'} は使えません（使える形式: {', '.join(RENDERERS)}）",
            "format",
            f"output format {', '.join(unknown) or '(none)'} is not available (formats: {', '.join(RENDERERS)})"))
    return list(dict.fromkeys(formats))


def build(sources: list[str], out_dir: str, formats: list[str], options: Options = Options(),
          before_rendering: Callable[[], None] | None = None) -> tuple[list[str], LoadResult]:
    """Load, render every format in memory, then write all files at once.

    Raises ReportgenError (nothing written) when the input has errors.
    `before_rendering` is called once the model and report are built (the command
    line uses it to tell the garbage collector they are long-lived).
    """
    formats = parse_formats(",".join(formats)) if all(isinstance(f, str) for f in formats) else \
        parse_formats("")
    result = read(sources, options.bureau)
    if result.errors or result.publication is None:
        raise ReportgenError(result.errors)
    publication = result.publication
    edition = Edition(publication, build_report(publication, options.subtotals, options.lang,
                                                options.glossary, options.templates))
    if before_rendering is not None:
        before_rendering()
    stem = file_stem(publication, options)
    files = {os.path.join(out_dir, f"{stem}.{fmt}"): RENDERERS[fmt](edition, options)
             for fmt in formats}
    if options.checksums:
        files[os.path.join(out_dir, "SHA256SUMS")] = checksum_file(files)
    return write_files(files), result


def checksum_file(files: dict[str, bytes]) -> bytes:
    """`sha256sum -c` format: '<hex>  <name>' per file, names relative to OUT."""
    lines = [f"{hashlib.sha256(content).hexdigest()}  {os.path.basename(path)}\n"
             for path, content in sorted(files.items(), key=lambda item: os.path.basename(item[0]))]
    return "".join(lines).encode("utf-8")
