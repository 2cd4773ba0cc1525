"""The plain baselines reportgen must beat, over the same cells.

- pdf: a ReportLab LongTable with repeatRows, Paragraph cells wrapped with
  wordWrap='CJK', the same embedded BIZ UDゴシック, A3 landscape.
- xlsx: a plain xlsxwriter write of the same cells (no formats, no formulas).

Each is run as `python bench/baselines.py pdf|xlsx SOURCE OUT` by bench/run.py.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def cells(source: str) -> tuple[list[str], list[list[str]]]:
    import reportgen.model.columns as col
    from reportgen import load
    from reportgen.model.amounts import format_amount
    publication = load([source])
    header = list(col.flat_headers(publication.years.codes))
    rows = []
    for bureau in publication.bureaus:
        for pillar in bureau.pillars:
            rows.append([pillar.heading] + [""] * 18)
            for measure in pillar.measures:
                for program in measure.programs:
                    kpis = [c for i in range(2) for c in
                            (program.kpis[i].cells if i < len(program.kpis) else ("",) * 5)]
                    rows.append([measure.name, str(program.number), program.name.text, program.summary,
                                 "●" if program.major[0] else "", "●" if program.major[1] else "",
                                 program.division, *kpis,
                                 format_amount(program.budgets[0].amount), format_amount(program.budgets[1].amount)])
    return header, rows


def longtable_pdf(source: str, out: str) -> None:
    from xml.sax.saxutils import escape as xml_escape

    from reportlab.lib.pagesizes import A3, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, TableStyle

    pdfmetrics.registerFont(TTFont("BIZUDGothic", str(ROOT / "fonts" / "BIZUDGothic-Regular.ttf")))
    style = ParagraphStyle("cell", fontName="BIZUDGothic", fontSize=8, leading=10, wordWrap="CJK")
    header, rows = cells(source)
    data = [[Paragraph(xml_escape(text), style) for text in header]]
    data += [[Paragraph(xml_escape(text), style) for text in row] for row in rows]
    width = landscape(A3)[0] - 24 * mm
    weights = (1.6, 0.55, 1.5, 3.0, 0.45, 0.45, 1.0, 1.4, 0.8, 0.6, 0.9, 0.9, 1.4, 0.8, 0.6, 0.9, 0.9, 1.1, 1.1)
    table = LongTable(data, colWidths=[width * w / sum(weights) for w in weights], repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "#404040"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    document = SimpleDocTemplate(out, pagesize=landscape(A3), leftMargin=12 * mm, rightMargin=12 * mm,
                                 topMargin=12 * mm, bottomMargin=12 * mm)
    document.build([table])


def plain_xlsx(source: str, out: str) -> None:
    import xlsxwriter
    header, rows = cells(source)
    workbook = xlsxwriter.Workbook(out)
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, header)
    for index, row in enumerate(rows, start=1):
        sheet.write_row(index, 0, row)
    workbook.close()


if __name__ == "__main__":
    kind, source, out = sys.argv[1:4]
    {"pdf": longtable_pdf, "xlsx": plain_xlsx}[kind](source, out)
