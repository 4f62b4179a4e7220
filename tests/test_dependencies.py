"""Production installs only what runs Attune: requirements.lock is complete on its own and holds no
test or development tool; requirements-dev.lock adds those on top."""

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
TOOLS = {"pytest", "pytest-django", "playwright", "axe-playwright-python", "hypothesis", "pypdf", "ruff", "mypy"}


def _pins(name: str) -> dict[str, str]:
    lines = (ROOT / name).read_text().splitlines()
    pins = [line.split("==") for line in lines if "==" in line and not line.startswith("#")]
    return {canonicalize_name(package): version for package, version in pins}


def _needs(requirement: Requirement, extras: set[str]) -> bool:
    if requirement.marker is None:
        return True
    return any(requirement.marker.evaluate({"extra": extra}) for extra in extras | {""})


def _closure(top_level: list[str]) -> set[str]:
    """Every distribution the requirements pull in, as installed here (extras followed)."""
    seen: dict[str, set[str]] = {}
    todo = [Requirement(line) for line in top_level]
    while todo:
        requirement = todo.pop()
        name, extras = canonicalize_name(requirement.name), set(requirement.extras)
        if name in seen and extras <= seen[name]:
            continue
        seen.setdefault(name, set()).update(extras)
        for line in metadata.distribution(requirement.name).requires or []:
            dependency = Requirement(line)
            if _needs(dependency, seen[name]):
                dependency.marker = None
                todo.append(dependency)
    return set(seen)


def test_the_production_lock_holds_no_test_or_development_tool() -> None:
    assert not TOOLS & set(_pins("requirements.lock"))


def test_the_production_lock_is_complete_on_its_own() -> None:
    assert _closure(PROJECT["dependencies"]) == set(_pins("requirements.lock"))


def test_the_development_lock_adds_the_tools_on_top() -> None:
    development = _pins("requirements-dev.lock")
    assert "-r requirements.lock" in (ROOT / "requirements-dev.lock").read_text().splitlines()
    assert not set(development) & set(_pins("requirements.lock"))
    wanted = _closure(PROJECT["dependencies"] + PROJECT["optional-dependencies"]["dev"])
    assert wanted == set(development) | set(_pins("requirements.lock"))


def test_every_pin_is_what_is_installed_here() -> None:
    for name in ("requirements.lock", "requirements-dev.lock"):
        for package, version in _pins(name).items():
            assert metadata.version(package) == version, (name, package)


def test_the_readme_installs_production_from_its_own_lock() -> None:
    readme = (ROOT / "README.md").read_text()
    assert re.search(r"pip install -r requirements\.lock", readme)
    assert "requirements-dev.lock" in readme
