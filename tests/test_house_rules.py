"""House rules that hold by themselves: checked on the tree, so a change that breaks one fails here.

One module marks HTML safe; code points only to documents in the repository, and to sections that exist;
docs/architecture.md names every module; test modules stay small enough to read.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CODE = [p for folder in ("clinic", "intake", "bench", "tests") for p in (ROOT / folder).rglob("*.py")]
TEMPLATES = list((ROOT / "templates").rglob("*.html"))
SAFE_MARKERS = re.compile(r"\bmark_safe\(|\bSafeString\(|\bformat_html(_join)?\(")
SAFE_FILTERS = re.compile(r"\|\s*safe(seq)?\b|{%\s*autoescape\s+off")
MAX_TEST_LINES = 300  # test modules past this many lines are split by the behaviour they cover


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_only_the_form_renderer_marks_html_safe() -> None:
    marking = sorted(
        _relative(p) for p in CODE if p.name != "test_house_rules.py" and SAFE_MARKERS.search(p.read_text())
    )
    assert marking == ["intake/controls.py"]


def test_no_template_turns_escaping_off() -> None:
    assert [_relative(p) for p in TEMPLATES if SAFE_FILTERS.search(p.read_text())] == []


def test_code_points_only_to_documents_in_the_repository() -> None:
    outside = re.compile(r"\b(CLINICAL|PRODUCT|STYLE)\.md\b")
    files = [*CODE, *TEMPLATES, ROOT / "README.md", *(ROOT / "docs").glob("*.md"), *(ROOT / "bench").glob("*.md")]
    found = [_relative(p) for p in files if p.name != "test_house_rules.py" and outside.search(p.read_text())]
    assert found == []


def _headings() -> list[str]:
    text = (ROOT / "docs" / "clinical.md").read_text()
    titles = [line.lstrip("#").strip().lower() for line in text.splitlines() if line.startswith("#")]
    return [title.removeprefix("the ") for title in titles]


def test_references_to_the_clinical_reference_name_a_section_that_exists() -> None:
    headings = _headings()
    unknown = []
    for path in [*CODE, *TEMPLATES]:
        text = path.read_text()
        for match in re.finditer(r"docs/clinical\.md", text):
            following = text[match.end() : match.end() + 70].lower().replace('"', "")
            if not any(heading in following for heading in headings):
                unknown.append(f"{_relative(path)}: {following.splitlines()[0]}")
    assert unknown == []


def test_the_clinical_reference_has_every_section_of_its_outline() -> None:
    for section in ("sources", "questionnaire", "scoring and agreement", "csi-4", "safety screening and tiers"):
        assert section in _headings()


def test_the_architecture_names_every_module() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text()
    modules = [
        _relative(p)
        for folder in ("clinic", "intake", "bench")
        for p in (ROOT / folder).rglob("*.py")
        if p.name != "__init__.py" and "migrations" not in p.parts
    ]
    assert modules, "no modules found"
    assert [module for module in sorted(modules) if f"`{module}`" not in text] == []


@pytest.mark.parametrize("path", sorted(_relative(p) for p in (ROOT / "tests").rglob("test_*.py")))
def test_test_modules_stay_small(path: str) -> None:
    lines = len((ROOT / path).read_text().splitlines())
    assert lines <= MAX_TEST_LINES, f"{path}: {lines} lines; split it by behaviour"


def test_what_the_architecture_points_to_exists() -> None:
    """Every "`path.py`: `name`" in docs/architecture.md names a file that defines that name."""
    text = (ROOT / "docs" / "architecture.md").read_text()
    missing = []
    for path, names in re.findall(r"`([\w/]+\.py)`: ((?:`[\w.]+`(?:, | and )?)+)", text):
        assert (ROOT / path).exists(), path
        source = (ROOT / path).read_text()
        for name in re.findall(r"`([\w.]+)`", names):
            for part in name.split("."):
                if not re.search(rf"^\s*(def|class) {part}\b|^{part}\b.*=", source, re.M):
                    missing.append(f"{path}: {name}")
    assert missing == []
