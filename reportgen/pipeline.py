"""Building an edition: sources -> model -> each requested format -> files in OUT.

This is the one entry point shared by the CLI and the Python API.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from typing import Callable

from reportgen.delivery.output import write_files
from reportgen.messages import say
from reportgen.model.findings import Finding, ReportgenError, Severity
from reportgen.model.glossary import file_name, load_glossary
from reportgen.model.publication import Location, Publication
from reportgen.options import PAPERS, SUBTOTALS, Options, OutputOptions
from reportgen.readers.sources import LoadResult, read
from reportgen.readers.validation import not_returned, validate
from reportgen.renderers import RENDERERS, Renderer
from reportgen.report.edition import Edition, build_edition

# RENDERERS, Renderer and Edition now live in reportgen.renderers and reportgen.report.edition;
# importing them from here keeps working for one release.
__all__ = ["Options", "build", "render_edition", "parse_formats", "file_stem", "checksum_file", "PAPERS", "SUBTOTALS",
           "RENDERERS", "Renderer", "Edition"]


def file_stem(publication: Publication, options: OutputOptions, lang: str = "ja", several: bool = False,
              glossary: str | None = None) -> str:
    """An edition's file name without its suffix, in its language (主要事務事業_R6-R7,
    Major-Programs_FY2024-FY2025, both joined for ja+en), so that every edition can live in
    one folder. `--name` replaces it; with several editions, the language follows it."""
    if options.name:
        return f"{options.name}_{lang.replace('+', '-')}" if several else options.name
    return file_name(load_glossary(glossary), "file_name", publication.years, lang)


def parse_formats(text: str) -> list[str]:
    formats = [f.strip().lower() for f in text.split(",") if f.strip()]
    unknown = [f for f in formats if f not in RENDERERS]
    if unknown or not formats:
        available = ", ".join(RENDERERS)
        message = (say("pipeline.unknown_format", formats=", ".join(unknown), available=available) if unknown
                   else say("pipeline.no_format", available=available))
        raise ReportgenError(Finding(Severity.ERROR, Location("--format"), message, "format"))
    return list(dict.fromkeys(formats))


def build(sources: list[str] | Publication, out_dir: str, formats: list[str], options: Options = Options(),
          before_rendering: Callable[[], None] | None = None,
          progress: Callable[[int, int], None] | None = None) -> tuple[list[str], LoadResult]:
    """Load, render every format in memory, then write all files at once. `sources`: files
    or folders to read, or a Publication already read (`reportgen.from_frame`, `load`).

    Raises ReportgenError (nothing written) when the input has errors.
    `before_rendering` is called once the model and report are built (the command
    line uses it to tell the garbage collector they are long-lived); `progress(done,
    total)` as each format is rendered.
    """
    formats = parse_formats(",".join(formats if all(isinstance(f, str) for f in formats) else ()))
    if isinstance(sources, Publication):  # a script's own: checked as every reader checks
        result = LoadResult(sources, tuple(validate(sources)))
    else:
        result = read(sources, options.read.bureau, glossary=options.read.glossary)
    if result.errors or result.publication is None:
        raise ReportgenError(result.errors)
    publication = result.publication
    result = replace(result, findings=result.findings + tuple(not_returned(publication)))
    languages = options.editions
    files = {}
    for index, lang in enumerate(languages):  # every edition in memory first: one unit on disk
        def edition_progress(done: int, total: int, before: int = index * len(formats)) -> None:
            if progress is not None:
                progress(before + done, len(languages) * total)

        rendered = render_edition(publication, formats, replace(options, lang=lang),
                                  before_rendering if index == 0 else None, edition_progress)
        stem = file_stem(publication, options.output, lang, len(languages) > 1, options.build.glossary)
        files.update({os.path.join(out_dir, f"{stem}.{fmt}"): content for fmt, content in rendered.items()})
    if options.output.checksums:
        files[os.path.join(out_dir, "SHA256SUMS")] = checksum_file(files)
    return write_files(files), result


def render_edition(publication: Publication, formats: list[str], options: Options = Options(),
                   before_rendering: Callable[[], None] | None = None,
                   progress: Callable[[int, int], None] | None = None) -> dict[str, bytes]:
    """Every format's bytes, in memory. `check` calls this too and writes nothing, so that
    what `check` passes, `build` writes: a character the font lacks, a cell Excel cannot
    store, a bureau name no sheet can take are found by the renderers themselves."""
    edition = build_edition(publication, options.build)
    if before_rendering is not None:
        before_rendering()
    rendered = {}
    for fmt in formats:
        if progress is not None:
            progress(len(rendered), len(formats))
        rendered[fmt] = RENDERERS[fmt](edition, options.render)
    if progress is not None:
        progress(len(rendered), len(formats))
    return rendered


def checksum_file(files: dict[str, bytes]) -> bytes:
    """`sha256sum -c` format: '<hex>  <name>' per file, names relative to OUT."""
    lines = [f"{hashlib.sha256(content).hexdigest()}  {os.path.basename(path)}\n"
             for path, content in sorted(files.items(), key=lambda item: os.path.basename(item[0]))]
    return "".join(lines).encode("utf-8")
