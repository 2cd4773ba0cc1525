"""The print-ready PDF (ReportLab): document.py draws, pages.py measures and cuts
pages, font.py registers the face, linebreak.py breaks lines by Japanese rules."""
from reportgen.renderers.pdf.document import paginate, render_pdf

__all__ = ["paginate", "render_pdf"]
