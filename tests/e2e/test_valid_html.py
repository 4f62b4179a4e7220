"""Valid HTML on every page the browser tests reached, as the Nu HTML checker (vnu-jar, from npm through
package-lock.json; Java from Debian's default-jre-headless, both installed by .ci/run) judges it: no error."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.e2e.conftest import PagesSeen

VNU = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PAGES = Path(settings.BASE_DIR) / "test-artifacts" / "html"  # kept for people to look at (git-ignored)


@pytest.mark.last
def test_every_page_the_browser_tests_reached_is_valid_html(pages_seen: PagesSeen) -> None:
    if not pages_seen.documents:
        pytest.skip("no browser test ran before this one: it checks the pages they reached")
    java = shutil.which("java")
    assert java, "the HTML check needs Java: apt-get install default-jre-headless"
    assert VNU.exists(), "the HTML check needs vnu-jar: make setup (npm ci)"
    shutil.rmtree(PAGES, ignore_errors=True)
    PAGES.mkdir(parents=True)
    where: dict[str, str] = {}
    for number, (url, html) in enumerate(pages_seen.documents.values()):
        path = PAGES / f"page-{number:04}.html"
        path.write_bytes(html)
        where[path.name] = url
    checked = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", "--exit-zero-always", str(PAGES)],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    messages = json.loads(checked.stderr)["messages"]
    errors = [
        f"{where.get(Path(m.get('url', '')).name, m.get('url'))} ({Path(m.get('url', '')).name}) "
        f"line {m.get('lastLine')}: {m['message']} [{m.get('extract', '')}]"
        for m in messages
    ]
    print(f"Nu HTML checker: {len(where)} distinct pages, {len(errors)} errors")
    assert errors == [], "\n".join(errors)
