"""Every word the renderers print that is not data, from one place.

Labels depend on the edition's fiscal years (R6/R7 now, R7/R8 next year), so
they are built from a FiscalYears, never written as constants elsewhere.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import columns as col
from .model import FiscalYears


@dataclass(frozen=True)
class Labels:
    header_rows: tuple[tuple[str, ...], tuple[str, ...]]
    flat_headers: tuple[str, ...]
    legend: tuple[str, ...]
    unit: str
    none_mark: str
    continued: str
    measure_subtotal: str
    pillar_subtotal: str
    bureau_total: str
    grand_total: str
    contents_title: str
    contents_headers: tuple[str, ...]
    page_number: str  # format with {page} and {pages}
    summary_sheet: str
    notes_title: str


def labels_for(years: FiscalYears) -> Labels:
    codes = years.codes
    header_rows = col.header_rows(codes)
    return Labels(
        header_rows=header_rows,
        flat_headers=col.flat_headers(codes),
        legend=(
            f"●：その年度の主要事務事業（{codes[0]}欄は{years.names[0]}、{codes[1]}欄は{years.names[1]}）",
            "単位：千円",
            "—：該当なし（予算額のない年度）",
        ),
        unit="単位：千円",
        none_mark="—",
        continued="（続き）",
        measure_subtotal="施策計",
        pillar_subtotal="小計",
        bureau_total="合計",
        grand_total="総計",
        contents_title="目次",
        contents_headers=("局", "頁", "事業数", col.budget_label(codes[0]), col.budget_label(codes[1])),
        page_number="{page} / {pages}",
        summary_sheet="総括",
        notes_title="注記",
    )
