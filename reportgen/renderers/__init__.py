"""Renderers: each turns a built edition into the bytes of one file format.

Every writer is registered here, once, under one signature: `RENDERERS[format]`
is a callable `(edition, options) -> bytes` taking the `Edition` (the report and
the model it was built from) and the render options (`reportgen.options.RenderOptions`:
the part of an edition's Options that writers read), and picking from them what its
format needs. The command line's formats, `build` and `split` all look writers
up in this one table.
"""
from __future__ import annotations

from typing import Callable

from reportgen.options import RenderOptions
from reportgen.renderers.csv import render_csv
from reportgen.renderers.html import render_html
from reportgen.renderers.pdf.document import render_pdf
from reportgen.renderers.xlsx.workbook import render_xlsx
from reportgen.report.edition import Edition

Renderer = Callable[[Edition, RenderOptions], bytes]

RENDERERS: dict[str, Renderer] = {
    "pdf": lambda edition, options: render_pdf(edition.report, options.paper, options.font, options.tagged),
    "xlsx": lambda edition, options: render_xlsx(edition.report, options.paper, options.protect_inputs),
    "html": lambda edition, options: render_html(edition.report, options.templates),
    "csv": lambda edition, options: render_csv(
        edition.publication, edition.report.labels if options.lang == "en" else None),
}

__all__ = ["RENDERERS", "Renderer", "RenderOptions", "Edition"]
