"""A publication cut by responsible division (担当課): each division's programs, in the
original order under their pillars and measures. `split` renders each part; `collect`
checks each returned workbook against its part."""
from __future__ import annotations

from dataclasses import dataclass, replace

from reportgen.model.amounts import sum_existing
from reportgen.model.publication import Bureau, Measure, Pillar, Publication


@dataclass(frozen=True)
class DivisionPart:
    bureau: str
    division: str
    publication: Publication  # the division's programs only, in the original order

    @property
    def programs(self):
        return self.publication.programs

    @property
    def totals(self) -> tuple[int | None, int | None]:
        return tuple(sum_existing(p.budgets[i].amount for p in self.programs) for i in range(2))


def split_publication(publication: Publication) -> list[DivisionPart]:
    """Parts in order of each division's first program within each bureau."""
    parts = []
    for bureau in publication.bureaus:
        # one pass over the bureau: division -> (pillar, measure) -> its programs, all in order
        groups: dict[str, dict[tuple[int, int], list]] = {}
        for p_index, pillar in enumerate(bureau.pillars):
            for m_index, measure in enumerate(pillar.measures):
                for program in measure.programs:
                    groups.setdefault(program.division, {}).setdefault((p_index, m_index), []).append(program)
        for division, places in groups.items():
            measures: dict[int, list[Measure]] = {}
            for (p_index, m_index), programs in places.items():
                name = bureau.pillars[p_index].measures[m_index].name
                measures.setdefault(p_index, []).append(Measure(name, tuple(programs)))
            pillars = tuple(Pillar(bureau.pillars[i].numeral, bureau.pillars[i].name, tuple(kept))
                            for i, kept in measures.items())
            part = replace(publication, bureaus=(Bureau(bureau.name, pillars),))
            parts.append(DivisionPart(bureau.name, division, part))
    return parts
