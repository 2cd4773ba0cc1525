"""Checks on a loaded publication that no single row can see."""
from __future__ import annotations

from reportgen.model.findings import Finding, Severity
from reportgen.model.publication import Location, Publication


def validate(publication: Publication) -> list[Finding]:
    findings: list[Finding] = []
    codes = publication.years.codes
    for bureau in publication.bureaus:
        for pillar in bureau.pillars:
            for measure in pillar.measures:
                if _padded(measure.name):
                    findings.append(Finding(
                        Severity.ERROR, measure.programs[0].source or Location(bureau.name),
                        f"主な施策「{measure.name}」の前後に空白があります（別の施策として扱われます）", "主な施策",
                        f"the measure 「{measure.name}」 has spaces around it (it would count as another measure)"))
        seen: dict[int, Location | None] = {}
        for program in bureau.programs:
            where = program.source or Location(bureau.name)
            if program.number in seen:
                findings.append(Finding(
                    Severity.ERROR, where,
                    f"事業番号 {program.number} が {bureau.name} で重複しています（先の行: {seen[program.number]}）",
                    "事務事業番号",
                    f"program number {program.number} is used twice in {bureau.name} "
                    f"(first at {seen[program.number]})"))
            else:
                seen[program.number] = program.source
            if _padded(program.division):
                findings.append(Finding(
                    Severity.ERROR, where, f"担当課「{program.division}」の前後に空白があります（別の課として扱われます）",
                    "担当課", f"the division 「{program.division}」 has spaces around it (it would count as another "
                    "division)"))
            if not any(program.major):
                findings.append(Finding(Severity.WARNING, where,
                                        f"事業番号 {program.number}: どの年度にも「●」がありません", "●",
                                        f"program {program.number}: no ● in either fiscal year"))
            for year_index, code in enumerate(codes):
                marked = program.major[year_index]
                amount = program.budgets[year_index].amount
                if marked and amount is None:
                    findings.append(Finding(
                        Severity.WARNING, where,
                        f"事業番号 {program.number}: {code}欄に「●」がありますが {code}予算額がありません",
                        f"{code}予算額(千円)",
                        f"program {program.number}: the {code} column has a ● but there is no {code} budget"))
                if not marked and amount is not None:
                    findings.append(Finding(
                        Severity.ERROR, where,
                        f"事業番号 {program.number}: {code}予算額 {program.budgets[year_index].text} がありますが "
                        f"{code}欄に「●」がありません（列ずれの可能性）", f"{code}予算額(千円)",
                        f"program {program.number}: there is a {code} budget of {program.budgets[year_index].text} "
                        f"but no ● in the {code} column (the columns may be shifted)"))
    return findings


def _padded(name: str) -> bool:
    """Spaces around a name make it another division or measure to every comparison."""
    return name != name.strip(" \u3000\t")
