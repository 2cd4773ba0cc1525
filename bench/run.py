"""Benchmark: reportgen against the plain baselines, side by side in one run.

    python bench/run.py [--programs 1000,10000] [--repeat 3]

For each size it generates a 20-bureau workload with bench/workload.py,
checks reportgen's totals against the workload's --expect file, then runs each
task in its own process and records wall time, CPU time and peak memory (the
task's own and its children's, from resource.getrusage). With --repeat N each
task runs N times, interleaved with the others, and the fastest run is kept (with
the highest peak of all runs), as `timeit` does: on a shared virtual machine a
run is only ever slowed down by what else runs, by up to 40%, so the fastest run
is the closest to the cost of the code itself.

A target that compares two tasks of one size is judged by the median of its
per-round ratios: the two tasks run one right after the other in each round
(in the order of TASKS, reversed every other round), so a slow spell of the
machine, which lasts longer than a pair of runs, slows both sides of most rounds
alike; the median sets aside a round it hit on one side only. Results go to stdout and bench/results.md.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKLOAD = ROOT / "bench" / "workload.py"  # the project's generator of synthetic publications
WORK = ROOT / "bench" / "work"
PYTHON = sys.executable

# Each task is a command line; {source} and {out} are filled in. The tasks a target
# compares run next to each other: LongTable, PDF and untagged PDF; XLSX and
# xlsxwriter; the book's PDF+XLSX and the split. Every other round runs them in the
# reverse order, so that neither side of a pair always runs first.
TASKS = {
    "baseline LongTable PDF": [PYTHON, str(ROOT / "bench" / "baselines.py"), "pdf", "{source}", "{out}/base.pdf"],
    "reportgen PDF": [PYTHON, "-m", "reportgen.cli", "build", "{source}", "-o", "{out}", "--format", "pdf", "-q"],
    "reportgen PDF untagged": [PYTHON, str(ROOT / "bench" / "untagged.py"), "{source}", "{out}"],
    "reportgen XLSX": [PYTHON, "-m", "reportgen.cli", "build", "{source}", "-o", "{out}", "--format", "xlsx", "-q"],
    "baseline xlsxwriter XLSX": [PYTHON, str(ROOT / "bench" / "baselines.py"), "xlsx", "{source}", "{out}/base.xlsx"],
    "reportgen PDF+XLSX": [PYTHON, "-m", "reportgen.cli", "build", "{source}", "-o", "{out}", "--format", "pdf,xlsx",
                           "-q"],
    "reportgen split xlsx+pdf": [PYTHON, "-m", "reportgen.cli", "split", "{source}", "-o", "{out}", "--format",
                                 "xlsx,pdf", "-q"],
}

# Runs one command and reports its own peak memory and its children's.
MEASURE = r"""
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"code": code, "seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime,
                  "peak_mb": usage.ru_maxrss / 1024}))
"""


def make_workload(programs: int) -> tuple[Path, dict]:
    WORK.mkdir(parents=True, exist_ok=True)
    source = WORK / f"city-{programs}.txt"
    expect = WORK / f"city-{programs}.expect.json"
    with open(source, "wb") as handle:
        subprocess.run([PYTHON, str(WORKLOAD), "--programs", str(programs), "--bureaus", "20",
                        "--expect", str(expect)], stdout=handle, check=True)
    return source, json.loads(expect.read_text(encoding="utf-8"))


def check_totals(source: Path, expect: dict) -> None:
    sys.path.insert(0, str(ROOT))
    from reportgen import load
    from reportgen.model.amounts import sum_existing
    publication = load([str(source)])
    got = {b.name: {"programs": len(b.programs),
                    "R6": sum_existing(p.budgets[0].amount for p in b.programs) or 0,
                    "R7": sum_existing(p.budgets[1].amount for p in b.programs) or 0}
           for b in publication.bureaus}
    if got != expect:
        raise SystemExit(f"totals differ from the workload's expect file for {source.name}")


def measure(name: str, source: Path, size: int) -> dict:
    out = WORK / f"out-{size}-{name.replace(' ', '_').replace('+', '_')}"
    out.mkdir(parents=True, exist_ok=True)
    command = [part.format(source=source, out=out) for part in TASKS[name]]
    result = subprocess.run([PYTHON, "-c", MEASURE, *command], capture_output=True, text=True, cwd=ROOT,
                            check=True)
    data = json.loads(result.stdout)
    if data["code"] != 0:
        raise SystemExit(f"{name} failed on {source.name}")
    sizes = {f.name: f.stat().st_size for f in out.iterdir() if f.suffix in (".pdf", ".xlsx")}
    pdf = sum(v for k, v in sizes.items() if k.endswith(".pdf"))
    data["pdf_bytes"] = pdf if name.endswith(("PDF", "PDF untagged")) else None
    return data


def fastest_run(runs: list[dict]) -> dict:
    """The fastest run, with the highest peak memory of all runs, the slowest time seen
    and every run's time in the order they ran (`rounds`)."""
    fastest = dict(min(runs, key=lambda run: run["seconds"]))
    fastest["peak_mb"] = max(run["peak_mb"] for run in runs)
    fastest["slowest"] = max(run["seconds"] for run in runs)
    fastest["runs"] = len(runs)
    fastest["rounds"] = [run["seconds"] for run in runs]
    return fastest


def round_ratios(task: dict, reference: dict) -> list[float]:
    """task / reference, round by round (the runs of one round ran one after the other);
    results saved before rounds were kept have only their fastest runs."""
    return [a / b for a, b in zip(task.get("rounds", [task["seconds"]]),
                                  reference.get("rounds", [reference["seconds"]]))]


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def seed_build() -> dict:
    """The seed in all four formats, whole process (the everyday case)."""
    out = WORK / "out-seed"
    out.mkdir(parents=True, exist_ok=True)
    command = [PYTHON, "-m", "reportgen.cli", "build", str(ROOT / "seeds"), "-o", str(out), "--format",
               "pdf,xlsx,html,csv", "-q"]
    result = subprocess.run([PYTHON, "-c", MEASURE, *command], capture_output=True, text=True, cwd=ROOT, check=True)
    data = json.loads(result.stdout)
    data["pdf_bytes"] = sum(f.stat().st_size for f in out.iterdir() if f.suffix == ".pdf")
    return data


def footnote_scaling(counts: list[int]) -> str:
    """`reportgen check` of one page followed by N distinct footnote lines: footnotes are
    de-duplicated in linear time, so 10x the lines should take about 10x the time."""
    WORK.mkdir(parents=True, exist_ok=True)
    seed = (ROOT / "seeds" / "000_126a8718d7404d8d.txt").read_text(encoding="utf-8")
    lines = ["| footnote lines | check wall s | peak MB |", "|---:|---:|---:|"]
    for count in counts:
        source = WORK / f"footnotes-{count}.txt"
        source.write_text(seed + "\n".join(f"※注記 {i}" for i in range(count)) + "\n", encoding="utf-8")
        command = [PYTHON, "-m", "reportgen.cli", "check", str(source), "-q"]
        result = subprocess.run([PYTHON, "-c", MEASURE, *command], capture_output=True, text=True, cwd=ROOT,
                                check=True)
        data = json.loads(result.stdout)
        lines.append(f"| {count:,} | {data['seconds']:.2f} | {data['peak_mb']:.0f} |")
        print(lines[-1], flush=True)
    return "\n".join(lines) + "\n"


def crafted_workbooks() -> str:
    """`reportgen check` of each crafted workbook (bench/crafted.py) must be refused (exit 1)
    within 20 s and 600 MB; a 10,000-program book written by reportgen must still be read."""
    sys.path.insert(0, str(ROOT / "bench"))
    import crafted
    folder = WORK / "crafted"
    crafted.main(str(folder))
    source, _ = make_workload(10_000)
    book = folder / "book-10000.xlsx"
    subprocess.run([PYTHON, "-m", "reportgen.cli", "build", str(source), "-o", str(folder), "--format", "xlsx",
                    "--name", "book-10000", "-q"], check=True, cwd=ROOT)
    cases = [(name, folder / f"{name}.xlsx", 1) for name in crafted.CASES] + [("book-10000 (valid)", book, 0)]
    lines = ["| workbook | file KB | exit | check wall s | peak MB | within 20 s and 600 MB |",
             "|---|---:|---:|---:|---:|---|"]
    for name, path, expected in cases:
        command = [PYTHON, "-m", "reportgen.cli", "check", str(path), "-q"]
        result = subprocess.run([PYTHON, "-c", MEASURE, *command], capture_output=True, text=True, cwd=ROOT,
                                check=True)
        data = json.loads(result.stdout)
        if data["code"] != expected:
            raise SystemExit(f"{name}: exit {data['code']}, expected {expected}")
        within = data["seconds"] <= 20 and data["peak_mb"] <= 600
        lines.append(f"| {name} | {path.stat().st_size / 1024:,.0f} | {data['code']} | {data['seconds']:.2f} | "
                     f"{data['peak_mb']:.0f} | {'yes' if within else '**no**'} |")
        print(lines[-1], flush=True)
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programs", default="1000,10000")
    parser.add_argument("--repeat", type=int, default=5,
                        help="rounds: runs per task (the fastest is kept; paired targets take the median round)")
    parser.add_argument("--footnotes", help="only the footnote scaling, e.g. 10000,100000 (bench/footnotes.md)")
    parser.add_argument("--crafted", action="store_true",
                        help="only the crafted workbooks' cost (bench/crafted.md)")
    args = parser.parse_args()
    if args.crafted:
        table = crafted_workbooks()
        (ROOT / "bench" / "crafted.md").write_text("# Crafted workbooks\n\n" + table, encoding="utf-8")
        return
    if args.footnotes:
        table = footnote_scaling([int(n) for n in args.footnotes.split(",")])
        (ROOT / "bench" / "footnotes.md").write_text("# Footnote scaling\n\n" + table, encoding="utf-8")
        return
    sizes = [int(n) for n in args.programs.split(",")]
    results: dict[int, dict[str, dict]] = {}
    for size in sizes:
        source, expect = make_workload(size)
        check_totals(source, expect)
        runs: dict[str, list[dict]] = {name: [] for name in TASKS}
        for round_number in range(max(1, args.repeat)):
            for name in (list(TASKS) if round_number % 2 == 0 else list(reversed(TASKS))):
                started = time.strftime("%H:%M:%S")
                runs[name].append(measure(name, source, size))
                print(f"[{started}] {size:>6} {name:<26} {runs[name][-1]['seconds']:7.2f} s "
                      f"{runs[name][-1]['peak_mb']:7.0f} MB", flush=True)
        results[size] = {name: fastest_run(task_runs) for name, task_runs in runs.items()}
    seed = fastest_run([seed_build() for _ in range(max(1, args.repeat))])
    print(f"seed, all formats: {seed['seconds']:.2f} s, PDF {seed['pdf_bytes']:,} bytes")
    report = render(results, sizes, seed)
    (WORK / "results.json").write_text(json.dumps({"results": results, "sizes": sizes, "seed": seed}),
                                       encoding="utf-8")  # to render the table again without rerunning
    print(report)
    (ROOT / "bench" / "results.md").write_text(report, encoding="utf-8")


def render(results: dict[int, dict[str, dict]], sizes: list[int], seed: dict) -> str:
    lines = ["# Benchmark results", "",
             f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; "
             f"workloads from bench/workload.py with 20 bureaus; each task in its own process; "
             f"fastest of {results[sizes[0]][next(iter(TASKS))]['runs']} rounds, each task once a round "
             f"(the slowest run is shown too); CPU time is the process's and its workers'.", "",
             "| programs | task | wall s | slowest s | CPU s | peak MB | PDF bytes |",
             "|---:|---|---:|---:|---:|---:|---:|"]
    for size in sizes:
        for name, data in results[size].items():
            pdf = f"{data['pdf_bytes']:,}" if data.get("pdf_bytes") else ""
            lines.append(f"| {size:,} | {name} | {data['seconds']:.2f} | {data['slowest']:.2f} | {data['cpu']:.2f} | "
                         f"{data['peak_mb']:.0f} | {pdf} |")
    lines += ["", "## Targets", "",
              "A ratio of two tasks is the median of its per-round ratios (each round's two runs ran one after the "
              "other); the rounds' range and the ratio of the two fastest runs are shown beside it.", "",
              "| target | measured | rounds | fastest runs | met |", "|---|---|---|---|---|"]

    def row(label: str, value: float, limit: float, unit: str = "") -> None:
        lines.append(f"| {label} ≤ {limit}{unit} | {value:.2f}{unit} | | | {'yes' if value <= limit else '**no**'} |")

    def paired(label: str, task: dict, reference: dict, limit: float) -> None:
        ratios = round_ratios(task, reference)
        value = median(ratios)
        lines.append(f"| {label} ≤ {limit} | {value:.2f} | {min(ratios):.2f}–{max(ratios):.2f} | "
                     f"{task['seconds'] / reference['seconds']:.2f} | {'yes' if value <= limit else '**no**'} |")

    big, small = max(sizes), min(sizes)
    r = results[big]
    paired(f"PDF {big:,}: reportgen / LongTable", r["reportgen PDF"], r["baseline LongTable PDF"], 0.35)
    if big != small:  # the two sizes do not run in the same rounds: their fastest runs are compared
        row(f"PDF time({big:,}) / time({small:,})",
            r["reportgen PDF"]["seconds"] / results[small]["reportgen PDF"]["seconds"], big / small * 1.1)
    row(f"PDF {big:,}: peak memory", r["reportgen PDF"]["peak_mb"], 320, " MB")
    paired(f"PDF {big:,}: tagged / untagged", r["reportgen PDF"], r["reportgen PDF untagged"], 1.3)
    paired(f"XLSX {big:,}: reportgen / xlsxwriter", r["reportgen XLSX"], r["baseline xlsxwriter XLSX"], 1.5)
    paired(f"split {big:,}: split / (PDF+XLSX book)", r["reportgen split xlsx+pdf"], r["reportgen PDF+XLSX"], 2.0)
    row("seed, all four formats, whole process", seed["seconds"], 1.5, " s")
    lines += ["", "For information (no target):", "",
              f"- PDF {big:,}: size / LongTable size "
              f"{r['reportgen PDF']['pdf_bytes'] / r['baseline LongTable PDF']['pdf_bytes']:.2f}",
              f"- PDF {big:,}: size tagged / untagged "
              f"{r['reportgen PDF']['pdf_bytes'] / r['reportgen PDF untagged']['pdf_bytes']:.2f}",
              f"- seed PDF size {seed['pdf_bytes'] / 1024:.1f} KB"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
