"""Per-module figures of the last ``mutmut run``, checked against the equivalent mutants listed.

Usage: ``python scripts/mutation_report.py docs/mutation.md [PATTERN ...]`` (``make mutation``
runs it). With patterns (mutmut's, ``planner.finance.ledger*``: what ``make mutation
MUTANTS=...`` ran), only the mutants they name are checked, and only their listed ones.

A mutant that survived (or that no test reached, or that timed out without being killed) must
be listed in the document as equivalent, on a line of the form ``- `<mutant name>`: <reason>``.
The run fails when one is not listed, when a listed one was in fact killed (the list is stale:
the code or the tests changed), or when the listed ones reach 10% of a module's mutants.
"""

import re
import subprocess
import sys
from collections import Counter, defaultdict
from fnmatch import fnmatchcase
from pathlib import Path

LISTED = re.compile(r"^- `(?P<name>[^`]+)`: \S")
RESULT = re.compile(r"^\s*(?P<name>\S+): (?P<status>.+)$")
MAX_EQUIVALENT_SHARE = 0.10


def results() -> dict[str, str]:
    output = subprocess.run(
        [str(Path(sys.executable).with_name("mutmut")), "results", "--all", "true"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return {m["name"]: m["status"] for line in output.splitlines() if (m := RESULT.match(line))}


def module_of(mutant: str) -> str:
    """``planner.finance.ledger.x_replay__mutmut_3`` -> ``planner.finance.ledger``."""
    return mutant.rsplit(".", 1)[0]


def main(document: Path, patterns: list[str]) -> int:
    def chosen(name: str) -> bool:
        return not patterns or any(fnmatchcase(name, pattern) for pattern in patterns)

    lines = document.read_text("utf-8").splitlines()
    listed = {m["name"] for line in lines if (m := LISTED.match(line)) and chosen(m["name"])}
    statuses = {name: status for name, status in results().items() if chosen(name)}
    by_module: dict[str, Counter] = defaultdict(Counter)
    problems = []
    for name, status in sorted(statuses.items()):
        counts = by_module[module_of(name)]
        counts["mutants"] += 1
        if status == "killed":
            counts["killed"] += 1
            if name in listed:
                problems.append(f"{name} is listed as equivalent but was killed")
        elif name in listed:
            counts["equivalent"] += 1
        else:
            counts["unexplained"] += 1
            problems.append(f"{name}: {status}, not listed as equivalent")
    unknown = listed - set(statuses)
    problems += [f"{name} is listed but is no mutant of this run" for name in sorted(unknown)]

    print(f"{'module':32} {'mutants':>8} {'killed':>8} {'equiv.':>8} {'unexpl.':>8} {'score':>7}")
    for module, counts in sorted(by_module.items()):
        score = counts["killed"] / counts["mutants"]
        print(
            f"{module:32} {counts['mutants']:8} {counts['killed']:8} {counts['equivalent']:8}"
            f" {counts['unexplained']:8} {score:7.1%}"
        )
        if counts["equivalent"] >= MAX_EQUIVALENT_SHARE * counts["mutants"]:
            problems.append(f"{module}: {counts['equivalent']} equivalent mutants, 10% or more")
    if not statuses:
        problems.append("no mutant results: run `mutmut run` first")
    for problem in problems:
        print(f"mutation: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), sys.argv[2:]))
