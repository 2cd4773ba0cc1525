"""Synthetic publications for the tests and the benchmark: many bureaus, N programs.

    python bench/workload.py --programs 10000 --bureaus 20 [--seed 0] [--expect totals.json] > city.txt

Writes the published text layout (tab-separated, UTF-8) the way the city's PDF
extraction does, with the seed document's quirks, so that what is measured and
tested is what real files bring:

- each bureau is a run of pages; every page has the title, two header rows and the
  footnote; every page but the file's first names its bureau (the first takes the
  bureau named on the next page, as in the seed);
- rows on the first page of each bureau carry one extra empty field: before the
  budgets in most rows (pushing them one column right), trailing at the end in rows
  whose KPI ② is filled;
- pillars continue across page breaks without a new heading row; a blank 主な施策
  cell continues the measure above, also across a page break;
- programs that are major in one year only (no budget that year), renamed programs
  `旧名(R6)新名(R7)`, KPI texts such as `R5年度比増加`, `—` and `調整中`, base years in
  R, H and R元 form, budgets with thousands separators;
- every program name and summary is distinct, so a test can find each one.

`--expect FILE` writes the true totals per bureau as JSON, computed here from the
generated numbers (not by reading the text back):
`{"<bureau>": {"programs": n, "R6": sum, "R7": sum}}`.

The output depends only on the arguments (the same seed gives the same bytes).
Every character used is in the shipped font.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass

TITLE = "新ビジョンに係る主な施策における主要事務事業(令和6年度・令和7年度)"
FOOTNOTE = ("※R6年度の主要事務事業に該当する場合はR6欄に「●」、"
            "R7年度の主要事務事業に該当する場合はR7欄に「●」を記載しています。")
HEADER_1 = ["主な施策", "事務事業番号", "主要事務事業名", "事業概要", "R6", "R7", "担当課",
            "KPI (成果指標①)", "", "", "", "", "KPI (成果指標②)", "", "", "", "",
            "R6予算額(千円)", "R7予算額(千円)"]
HEADER_2 = [""] * 7 + ["事業目標", "基準値", "基準年度", "R6目標値", "R7目標値"] * 2 + ["", ""]
PILLARS = ["I 「稼げるまち」の実現", "II 「彩りあるまち」の実現", "III 「安らぐまち」の実現"]
BUREAU_STEMS = ["総務市民", "企画調整", "財政", "危機管理", "産業経済", "都市戦略", "環境", "保健福祉",
                "子ども家庭", "建築都市", "建設", "港湾空港", "消防", "上下水道", "交通", "病院",
                "教育", "文化観光", "デジタル", "会計"]
FIELDS = ["地域", "防災", "子育て", "観光", "環境", "福祉", "産業", "交通", "文化", "教育", "健康", "住宅",
          "雇用", "国際", "情報", "農林", "水産", "港湾", "消防", "水道"]
ACTIONS = ["推進", "支援", "整備", "強化", "活性化", "促進", "運営", "改善", "創出", "充実"]
DIVISION_STEMS = ["企画", "総務", "振興", "政策", "推進", "管理", "計画", "調整", "事業", "支援"]
KPI_TEXTS = ["R5年度比増加", "R5年度比減", "調整中", "策定", "(R7年度制度開始予定)",
             "R6年度のアンケート結果をもって設定"]
BASE_YEARS = ["R5", "R4", "R元", "H29", "H25", "H30"]
ROWS_PER_PAGE = 9
PROGRAMS_PER_DIVISION = 5


@dataclass(frozen=True)
class Program:
    measure: str
    number: int
    name: str
    summary: str
    major: tuple[bool, bool]
    division: str
    kpis: tuple[list[str], list[str]]
    budgets: tuple[int | None, int | None]


def bureau_names(count: int) -> list[str]:
    names = []
    for index in range(count):
        stem = BUREAU_STEMS[index % len(BUREAU_STEMS)]
        names.append(f"{stem}局" if index < len(BUREAU_STEMS) else f"{stem}第{index // len(BUREAU_STEMS) + 1}局")
    return names


def spread(total: int, parts: int) -> list[int]:
    """`total` split into `parts` whole numbers that differ by at most one."""
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def make_programs(bureau: int, count: int, rng: random.Random) -> list[tuple[str, list[Program]]]:
    """The bureau's programs, grouped under its pillars."""
    pillars: list[tuple[str, list[Program]]] = [(heading, []) for heading in PILLARS]
    per_pillar = spread(count, len(PILLARS))
    number = 0
    for pillar_index, (_heading, programs) in enumerate(pillars):
        measure = ""
        for _ in range(per_pillar[pillar_index]):
            number += 1
            if not measure or rng.random() < 0.35:
                measure = (f"{rng.choice(FIELDS)}分野の{rng.choice(ACTIONS)}に向けた施策"
                           f"（第{bureau + 1}局第{pillar_index + 1}柱の{number}）")
            programs.append(make_program(bureau, number, measure, rng))
    return pillars


def make_program(bureau: int, number: int, measure: str, rng: random.Random) -> Program:
    field_name, action = rng.choice(FIELDS), rng.choice(ACTIONS)
    name = f"{field_name}{action}事業（{bureau + 1}-{number}）"
    roll = rng.random()
    major = (False, True) if roll < 0.06 else (True, False) if roll < 0.1 else (True, True)
    if major == (True, True) and rng.random() < 0.04:
        name = f"{field_name}{action}事業（{bureau + 1}-{number}）(R6){field_name}再編事業（{bureau + 1}-{number}）(R7)"
    summary = (f"{field_name}に関する課題に対応するため、市民や事業者、関係団体と連携して"
               f"{action}の取組を行う。" * rng.randint(1, 4)) + f"（整理番号{bureau + 1}-{number}）"
    division = f"{DIVISION_STEMS[(number - 1) // PROGRAMS_PER_DIVISION % len(DIVISION_STEMS)]}" \
               f"第{(number - 1) // PROGRAMS_PER_DIVISION + 1}課"
    first = [f"{field_name}の取組に参加した市民の割合", f"{rng.randint(10, 90)}.{rng.randint(0, 9)}%",
             rng.choice(BASE_YEARS), rng.choice(KPI_TEXTS), f"{rng.randint(1, 9999):,}件"]
    second = ["", "", "", "", ""]
    if rng.random() < 0.15:
        second = [f"{field_name}の相談件数", "—", "—", rng.choice(KPI_TEXTS), f"{rng.randint(1, 99)}団体"]
    budgets = tuple(rng.choice([rng.randint(100, 9999), rng.randint(10000, 3000000)]) if major[year] else None
                    for year in range(2))
    return Program(measure, number, name, summary, major, division, (first, second), budgets)


def row_fields(program: Program, measure_cell: str, quirk: bool) -> list[str]:
    marks = ["●" if m else "" for m in program.major]
    budgets = [f"{b:,}" if b is not None else "" for b in program.budgets]
    fields = [measure_cell, str(program.number), program.name, program.summary, *marks, program.division,
              *program.kpis[0], *program.kpis[1]]
    if not quirk:
        return fields + budgets
    if any(program.kpis[1]):
        return fields + budgets + [""]  # the extra field trails at the end
    return fields + [""] + budgets  # the extra field pushes the budgets one column right


def bureau_lines(name: str, pillars: list[tuple[str, list[Program]]], first_in_file: bool) -> list[str]:
    rows: list[tuple[str | None, Program | None]] = []  # (pillar heading, None) or (None, program)
    for heading, programs in pillars:
        if not programs:
            continue  # a bureau too small for every pillar
        rows.append((heading, None))
        rows.extend((None, p) for p in programs)
    pages = [rows[i:i + ROWS_PER_PAGE] for i in range(0, len(rows), ROWS_PER_PAGE)] or [[]]
    if first_in_file and len(pages) == 1:
        first_in_file = False  # a one-page bureau names itself, or it would take the next bureau's name
    lines: list[str] = []
    previous_measure = None
    for page_index, page in enumerate(pages):
        quirk = page_index == 0
        width = 20 if quirk else 19
        lines += ["", "", TITLE, ""]
        if not (first_in_file and page_index == 0):
            lines += [name, ""]
        lines.append("\t".join(HEADER_1 + [""] * (width - 19)))
        lines.append("\t".join(HEADER_2 + [""] * (width - 19)))
        for heading, program in page:
            if program is None:
                lines.append("\t".join([heading] + [""] * (width - 1)))
                continue
            cell = "" if program.measure == previous_measure else program.measure
            previous_measure = program.measure
            lines.append("\t".join(row_fields(program, cell, quirk)))
        lines += ["", FOOTNOTE]
    return lines


def generate(programs: int, bureaus: int, seed: int = 0) -> tuple[str, dict]:
    """(the text, the true totals per bureau)."""
    if bureaus < 1 or programs < bureaus:
        raise ValueError("need at least one bureau and one program per bureau")
    rng = random.Random(seed)
    lines: list[str] = []
    expect: dict[str, dict[str, int]] = {}
    for index, (name, count) in enumerate(zip(bureau_names(bureaus), spread(programs, bureaus))):
        pillars = make_programs(index, count, rng)
        lines += bureau_lines(name, pillars, first_in_file=index == 0)
        everything = [p for _, group in pillars for p in group]
        expect[name] = {"programs": len(everything),
                        "R6": sum(p.budgets[0] or 0 for p in everything),
                        "R7": sum(p.budgets[1] or 0 for p in everything)}
    return "\n".join(lines) + "\n", expect


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programs", type=int, default=1000)
    parser.add_argument("--bureaus", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--expect", help="write the true totals per bureau to this JSON file")
    args = parser.parse_args(argv)
    text, expect = generate(args.programs, args.bureaus, args.seed)
    sys.stdout.buffer.write(text.encode("utf-8"))
    if args.expect:
        with open(args.expect, "w", encoding="utf-8") as handle:
            json.dump(expect, handle, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
