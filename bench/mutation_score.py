"""The mutation score of each module `make mutate` mutated, and its surviving mutants.

Reads mutmut's results (mutants/<module>.py.meta) after `mutmut run`. Score = (killed + timed out) /
(all mutants - skipped), as mutmut's own badge counts it; a mutant no test reaches counts as surviving.
Run from the repository root: `python bench/mutation_score.py`.
"""

import json
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KILLED = {1, 3}  # a failing test, or pytest's internal error, both mean the mutant was caught
TIMEOUT = {36, -24, 24, 152, 255}
SKIPPED = {34}
NAMES = {0: "survived", 5: "no tests", 33: "no tests", None: "not checked"}


def modules() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mutmut"]
    return list(config["only_mutate"])


def score(module: str) -> tuple[int, int, list[tuple[str, str]]]:
    """(caught, counted, [(mutant, status) for every mutant not caught]) for one module."""
    meta = ROOT / "mutants" / f"{module}.meta"
    if not meta.exists():
        raise SystemExit(f"no results for {module}: run `make mutate` first")
    codes: dict[str, int | None] = json.loads(meta.read_text())["exit_code_by_key"]
    counted = {name: code for name, code in codes.items() if code not in SKIPPED}
    caught = sum(1 for code in counted.values() if code in KILLED or code in TIMEOUT)
    missed = [(name, NAMES.get(code, f"exit {code}")) for name, code in counted.items() if code not in KILLED | TIMEOUT]
    return caught, len(counted), sorted(missed)


def main() -> int:
    for module in modules():
        caught, counted, missed = score(module)
        print(f"{module}: {caught} of {counted} mutants caught, {100 * caught / counted:.1f}%")
        for name, status in missed:
            print(f"    {status}: {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
