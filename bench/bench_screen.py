"""Screening benchmark: RULEBOOK v1 over 1,000,000 generated persons.

Run: ``python bench/bench_screen.py [--size 1000000] [--base 20000] [--sample 100000]``.

1. Population: ``--base`` persons from the demo population generator (seeded), repeated with
   fresh person ids up to ``--size`` lines of JSON (the generator draws about 3,000 persons/s,
   so the million is made by repetition; every line is a distinct person id).
2. (a) Rule evaluation alone: the 19 rules, the hold match, the decision and the category,
   vectorized over the flat per-person frame (facts already reduced), median of 5 runs.
   Also the reduction of the records to flat facts, and the building of the output lines.
3. (b) ``convenio screen FILE --holds --as-of --out`` end to end in a child process: wall
   time, CPU time and peak RSS of that process.
4. (c) The baseline: a plain-Python per-person reading of the rulebook
   (``tests/eligibility/oracle.py``) on the first ``--sample`` persons, rules alone on parsed
   dicts and with JSON in and out; persons/s scaled to the million. Ratios are of the same run.

Wall and CPU seconds are both printed: on a shared machine the wall clock also counts the time
other processes held the two cores. Figures go to docs/performance.md, section "Screening".
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from convenio.demo.population import PopulationGenerator  # noqa: E402
from convenio.eligibility import screening  # noqa: E402
from convenio.eligibility.adapters.interchange import read_holds_file, read_people_file  # noqa: E402
from convenio.eligibility.domain.facts import flatten  # noqa: E402
from convenio.eligibility.domain.screen import (  # noqa: E402
    evaluate,
    json_line_expression,
    plain_ids,
    with_holds,
)
from convenio.shared.dates import parse_instant  # noqa: E402
from convenio.terms import public as terms  # noqa: E402
from eligibility.oracle import decide_plain  # noqa: E402

AS_OF = "2025-03-15T19:36:00-04:00"
HOLDS = ROOT / "tests" / "data" / "examples" / "holds.jsonl"


def write_population(path: Path, size: int, base: int, seed: int) -> None:
    people = list(PopulationGenerator(seed).people(base))
    lines = [orjson.dumps(p) for p in people]
    with path.open("wb") as out:
        copy = 0
        written = 0
        while written < size:
            chunk = lines[: size - written]
            for person, line in zip(people, chunk, strict=False):
                fresh = f"{person['person_id']}-{copy:03d}".encode()
                out.write(line.replace(person["person_id"].encode(), fresh, 1) + b"\n")
            written += len(chunk)
            copy += 1


def timed(fn: Callable[[], Any], runs: int = 1) -> tuple[float, float, Any]:
    """Median wall and CPU seconds over ``runs`` calls, and the last result."""
    walls, cpus, result = [], [], None
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def stage_rules(path: Path) -> dict[str, float]:
    agreement, as_of = terms.default_agreement(), parse_instant(AS_OF)
    ctx = screening.context_for(agreement, as_of)
    holds = screening.active_holds(read_holds_file(HOLDS), as_of)
    read_wall, read_cpu, nested = timed(lambda: read_people_file(path))
    flat_wall, flat_cpu, flat = timed(
        lambda: flatten(nested, ctx.day, ctx.receiving_country), runs=3
    )
    rules_wall, rules_cpu, evaluated = timed(lambda: evaluate(with_holds(flat, holds), ctx), runs=5)
    plain = plain_ids(evaluated)
    line = json_line_expression(ctx, "2025-03-15T23:36:00Z", plain_ids=plain)
    lines_wall, lines_cpu, _ = timed(lambda: evaluated.select(line), runs=3)
    return {
        "persons": float(nested.height),
        "read_wall": read_wall,
        "read_cpu": read_cpu,
        "flatten_wall": flat_wall,
        "flatten_cpu": flat_cpu,
        "rules_wall": rules_wall,
        "rules_cpu": rules_cpu,
        "lines_wall": lines_wall,
        "lines_cpu": lines_cpu,
    }


def stage_end_to_end(path: Path, out: Path) -> dict[str, float]:
    command = [
        sys.executable,
        "-c",
        "from convenio.cli.main import main; main()",
        "screen",
        str(path),
        "--holds",
        str(HOLDS),
        "--as-of",
        AS_OF,
        "--out",
        str(out),
    ]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "peak_rss_mb": after.ru_maxrss / 1024}


def stage_plain(path: Path, sample: int) -> dict[str, float]:
    agreement, as_of = terms.default_agreement(), parse_instant(AS_OF)
    day = as_of.local_date
    params = {name: value.value for name, value in agreement.parameters_at(day).items()}
    holds = read_holds_file(HOLDS)
    with path.open("rb") as source:
        raw = [next(source) for _ in range(sample)]
    people = [orjson.loads(line) for line in raw]

    def rules_only() -> None:
        for person in people:
            decide_plain(person, holds, params, agreement.receiving_country, as_of.at)

    def json_in_out() -> None:
        for line in raw:
            orjson.dumps(decide_plain(orjson.loads(line), holds, params, "SV", as_of.at))

    rules_wall, rules_cpu, _ = timed(rules_only)
    json_wall, json_cpu, _ = timed(json_in_out)
    return {
        "sample": float(sample),
        "rules_wall": rules_wall,
        "rules_cpu": rules_cpu,
        "json_wall": json_wall,
        "json_cpu": json_cpu,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--base", type=int, default=20_000)
    parser.add_argument("--sample", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--file", type=Path, help="reuse an existing people file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = args.file or Path(folder) / "people.jsonl"
        if args.file is None:
            wall, _, _ = timed(lambda: write_population(path, args.size, args.base, args.seed))
            megabytes = path.stat().st_size / 1e6
            print(f"population: {args.size:,} persons, {megabytes:,.0f} MB in {wall:.1f} s")
        e2e = stage_end_to_end(path, Path(folder) / "decisions.jsonl")
        rules = stage_rules(path)
        plain = stage_plain(path, min(args.sample, int(rules["persons"])))
    report(rules, e2e, plain)


def report(rules: dict[str, float], e2e: dict[str, float], plain: dict[str, float]) -> None:
    n = rules["persons"]
    rate = lambda seconds: n / seconds  # noqa: E731
    plain_rate = plain["sample"] / plain["rules_wall"]
    plain_json_rate = plain["sample"] / plain["json_wall"]
    figures = {
        "(a) rules alone, persons/s (wall)": rate(rules["rules_wall"]),
        "(a) rules alone, persons/s (CPU)": rate(rules["rules_cpu"]),
        "read + check file, s (wall / CPU)": (rules["read_wall"], rules["read_cpu"]),
        "records -> flat facts, s (wall / CPU)": (rules["flatten_wall"], rules["flatten_cpu"]),
        "output lines, s (wall / CPU)": (rules["lines_wall"], rules["lines_cpu"]),
        "(b) convenio screen end to end, s (wall)": e2e["wall"],
        "(b) convenio screen end to end, s (CPU)": e2e["cpu"],
        "(b) peak RSS, MB": e2e["peak_rss_mb"],
        "(c) plain Python, rules only, persons/s": plain_rate,
        "(c) plain Python, JSON in and out, persons/s": plain_json_rate,
        "(c) plain Python JSON in/out scaled to the population, s": n / plain_json_rate,
        "ratio (a)/(c) rules vs rules (wall)": rate(rules["rules_wall"]) / plain_rate,
        "ratio (c) scaled / (b) end to end (wall)": (n / plain_json_rate) / e2e["wall"],
    }
    for name, value in figures.items():
        if isinstance(value, tuple):
            print(f"{name:60s} {value[0]:10.3f} / {value[1]:.3f}")
        else:
            print(f"{name:60s} {value:14,.2f}")
    print(json.dumps({"rules": rules, "end_to_end": e2e, "plain": plain}))


if __name__ == "__main__":
    main()
