"""Browser fixtures and helpers for the end-to-end tests: Debian's Chromium, driven by Playwright, against live_server.

Every context stays on the live server (other URLs get a stub page: there is no network here) and records any
JavaScript dialog, console error or uncaught page error; a test that leaves one fails.
"""

import contextlib
import hashlib
import io
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.management import call_command
from django.db import connection
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Dialog,
    Page,
    Response,
    Route,
    ViewportSize,
    expect,
    sync_playwright,
)
from playwright.sync_api import Error as PlaywrightError
from pypdf import PdfReader

from intake.models import Partner
from intake.questionnaire import QUESTIONNAIRE, Kind
from tests.factories import PASSWORD
from tests.intake_steps import step_data

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PHONE: ViewportSize = {"width": 390, "height": 844}
NARROW_PHONE: ViewportSize = {"width": 360, "height": 740}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
WIDTHS: dict[str, ViewportSize] = {"phone": PHONE, "desktop": DESKTOP}
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
STEPS = QUESTIONNAIRE.step_count


def step_of(section_key: str) -> int:
    """The step number at which the intake shows a section."""
    return QUESTIONNAIRE.sections.index(QUESTIONNAIRE.section(section_key)) + 1


SAFETY_STEP = step_of("safety")
# Served for every URL outside the live server, such as where "Leave this page quickly" goes.
STUB_PAGE = "<!doctype html><html lang='en'><title>Weather</title><p>Sunny spells.</p></html>"


E2E_TESTS = Path(__file__).parent
expect.set_options(timeout=10_000)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests run last: the unit tests fail fast, and none of them runs beside Playwright's event loop."""
    items.sort(key=lambda item: E2E_TESTS in item.path.parents)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole run; each test opens its own contexts."""
    if not CHROMIUM.exists():
        pytest.fail(f"The browser tests need Debian's Chromium at {CHROMIUM}: apt-get install chromium", pytrace=False)
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        # Playwright's sync API keeps an asyncio loop marked as running in this thread while the browser is open,
        # and Django refuses ORM calls (test set-up, live_server's teardown) beside one unless told they are safe.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session", autouse=True)
def static_files_as_in_production() -> Iterator[None]:
    """Static files come through WhiteNoise, as production serves them (hashed names, compressed, cached for good),
    rather than through the live server's own handler, which reads the source folders and knows no hashed name."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(StaticFilesHandler, "_should_handle", lambda self, path: False)
        yield


@dataclass
class BrowserProblems:
    """What a page did that a person would notice or that betrays a bug."""

    dialogs: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        page.on("dialog", self._on_dialog)
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.page_errors.append(f"{page.url}: {error}"))

    def _on_dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(f"{message.location.get('url', '')}: {message.text}")

    def all(self) -> list[str]:
        return self.dialogs + self.console_errors + self.page_errors


OpenContext = Callable[..., BrowserContext]


@pytest.fixture
def problems() -> BrowserProblems:
    return BrowserProblems()


@dataclass
class PagesSeen:
    """The HTML of every page the browser tests reached, as the server sent it, for the Nu HTML checker
    (tests/e2e/test_valid_html.py): one copy of each distinct document, with the first address it came from."""

    documents: dict[str, tuple[str, bytes]] = field(default_factory=dict)

    def keep(self, response: Response) -> None:
        if response.request.resource_type != "document" or response.status >= 300:
            return
        if not response.headers.get("content-type", "").startswith("text/html"):
            return
        try:
            html = response.body()
        except PlaywrightError:  # the page moved on before its body could be read (a quick exit, a redirect)
            return
        # The CSRF token, the CSP nonce and the like differ on every response: one copy of each page is enough.
        shape = re.sub(rb'(value|nonce|content|href|data-remaining)="[^"]*"', b"", html)
        self.documents.setdefault(hashlib.sha256(shape).hexdigest(), (response.url, html))


@pytest.fixture(scope="session")
def pages_seen() -> PagesSeen:
    return PagesSeen()


def wait_for_the_server_to_finish(limit: float = 5.0) -> None:
    """Wait until no request the browser left behind is still writing (PostgreSQL): the test database is emptied
    next, and a write racing that flush deadlocks with it."""
    if connection.vendor != "postgresql":
        return  # SQLite's writers queue behind its lock instead
    deadline = time.monotonic() + limit
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND pid <> pg_backend_pid() AND state IN ('active', 'idle in transaction')"
            )
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.05)


@pytest.fixture
def open_context(
    browser: Browser,
    live_server: Any,
    problems: BrowserProblems,
    pages_seen: PagesSeen,
    request: pytest.FixtureRequest,
) -> Iterator[OpenContext]:
    """A factory of fresh browser contexts (separate cookies: one per person) on the live server."""
    contexts: list[BrowserContext] = []
    scripts_run: dict[int, bool] = {}
    failed_before = request.session.testsfailed

    def stub_everything_else(route: Route) -> None:
        route.fulfill(status=200, content_type="text/html", body=STUB_PAGE)

    def open_(viewport: ViewportSize = DESKTOP, **options: Any) -> BrowserContext:
        if viewport["width"] < 500:
            options = {"is_mobile": True, "has_touch": True, **options}
        # Reduced motion switches off Bootstrap's colour transitions, so axe and screenshots never catch one mid-way.
        context = browser.new_context(viewport=viewport, base_url=live_server.url, reduced_motion="reduce", **options)
        context.set_default_timeout(10_000)
        context.route(lambda url: not url.startswith(live_server.url), stub_everything_else)
        context.on("page", problems.watch)
        if options.get("java_script_enabled", True):  # the same pages without JavaScript add nothing to check
            context.on(
                "response",
                lambda response: pages_seen.keep(response) if response.url.startswith(live_server.url) else None,
            )
        contexts.append(context)
        scripts_run[id(context)] = options.get("java_script_enabled", True)
        return context

    yield open_
    for context in contexts:
        if scripts_run.get(id(context), True):
            for page in context.pages:
                # Closing the page would send the typing as a draft (idle.js, on pagehide) while the test database
                # is being emptied: a save racing the flush deadlocks on PostgreSQL. Tests of that draft wait for it.
                with contextlib.suppress(PlaywrightError):
                    page.evaluate("() => { window.attuneLeaving = true; }")
        context.close()
    wait_for_the_server_to_finish()
    if request.session.testsfailed == failed_before:  # a failed test already says what went wrong
        assert not problems.all(), "the browser reported: " + "; ".join(problems.all())


@pytest.fixture
def exercise_library(transactional_db: None) -> None:
    """The exercise library, which live_server's transactional database empties after every test."""
    call_command("loadexercises", stdout=io.StringIO())


# People ------------------------------------------------------------------------------------------------------


def log_in(page: Page, username: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/couples/")


def open_link(context: BrowserContext, link: str) -> Page:
    """A partner opens their private link in a new tab."""
    page = context.new_page()
    page.goto(link)
    return page


def agree(page: Page) -> None:
    page.get_by_label("I have read this and I agree").check()
    page.get_by_role("button", name="Start").click()
    page.wait_for_url("**/i/step/1/")


def answer_step(page: Page, number: int, pick: int = 0, **overrides: str) -> None:
    """Fill in step `number` the way tests/intake_steps.py answers it, by clicking and typing."""
    section = QUESTIONNAIRE.sections[number - 1]
    data = step_data(section, pick, **overrides)
    for item in section.items:
        if item.key not in data:  # an optional item step_data leaves alone
            continue
        if item.kind == Kind.TEXT:
            page.locator(f'textarea[name="{item.key}"]').fill(data[item.key])
        else:
            page.locator(f'input[name="{item.key}"][value="{data[item.key]}"]').check()


def press_next(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile(r"^Next")).click()


def answer_steps(page: Page, first: int = 1, last: int = STEPS, pick: int = 0, **overrides: str) -> None:
    for number in range(first, last + 1):
        page.wait_for_url(f"**/i/step/{number}/")
        answer_step(page, number, pick, **overrides)
        press_next(page)
        if "/i/support/" in page.url:  # a tier A or self-harm answer brings help first
            with page.expect_navigation():
                page.get_by_role("link", name="Continue with the questions").click()


def send_answers(page: Page) -> None:
    page.wait_for_url("**/i/review/")
    page.get_by_role("button", name="Send my answers to my therapist").click()
    page.wait_for_url("**/i/done/")


def answer_directly(partner: Partner, pick: int = 0, last: int = STEPS, submit: bool = True, **overrides: str) -> None:
    """Answer steps 1 to `last` (and submit) without the browser, for tests about what comes after."""
    partner.consent()
    answers: dict[str, int | str] = {}
    for section in QUESTIONNAIRE.sections[:last]:
        data = step_data(section, pick, **overrides)
        for item in section.items:
            if item.key in data:
                answers[item.key] = data[item.key] if item.kind == Kind.TEXT else int(data[item.key])
    assert partner.save_answers(answers, step_done=last)
    if submit:
        assert partner.submit()


# What is on the page -----------------------------------------------------------------------------------------


def screenshot(page: Page, name: str) -> None:
    """The whole page as laid out now, for people to look at (test-artifacts/ is git-ignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def pdf_text(pdf: bytes) -> str:
    """A PDF's text in lower case, white space collapsed, as a reader would see it."""
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    return flat(" ".join(pages))


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


SERIOUS = {"serious", "critical"}


def check_accessibility(page: Page, name: str) -> None:
    """axe-core finds nothing serious or critical; lesser findings are printed for people to weigh."""
    page.wait_for_load_state("load")  # the deferred scripts have run
    page.mouse.move(0, 0)  # judge the page at rest, not a control the pointer happens to hover
    violations = Axe().run(page).response["violations"]
    for violation in violations:
        if violation["impact"] not in SERIOUS:
            print(
                f"axe [{name}] {violation['impact']} {violation['id']}: {violation['help']} "
                f"({len(violation['nodes'])}: {', '.join(str(n['target']) for n in violation['nodes'][:3])})"
            )
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + "; ".join(f"{node['target']} {node['html'][:120]}" for node in v["nodes"][:5])
        for v in violations
        if v["impact"] in SERIOUS
    ]
    assert not serious, f"axe on {name} ({page.url}):\n" + "\n".join(serious)


FOCUS_PROBLEM_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "nothing has the focus";
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow && style.boxShadow !== "none";
  return outline || shadow ? "" : "no visible focus on " + el.outerHTML.slice(0, 120);
}"""


def focus_problem(page: Page) -> str:
    """Empty when the focused element shows a focus ring; otherwise what is wrong."""
    return page.evaluate(FOCUS_PROBLEM_JS)


def press(page: Page, key: str) -> None:
    """Press a key, then insist that whatever has the focus shows it."""
    page.keyboard.press(key)
    problem = focus_problem(page)
    assert not problem, f"after {key} on {page.url}: {problem}"


def tab_to(page: Page, selector: str, limit: int = 40) -> None:
    """Press Tab (checking the focus ring each time) until the focus is on an element matching `selector`."""
    for _ in range(limit):
        press(page, "Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{limit} presses of Tab on {page.url} never reached {selector}")


def horizontal_overflow(page: Page) -> int:
    """How many pixels the page is wider than the screen (0 when nothing scrolls sideways)."""
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


SMALL_TARGETS_JS = """(minimum) => {
  const small = [];
  const controls = 'button, a.btn, input[type=submit], input[type=radio], input[type=checkbox]';
  for (const control of document.querySelectorAll(controls)) {
    const box = control.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || getComputedStyle(control).visibility === "hidden") continue;
    // A radio or checkbox is operated through its label as much as through the box itself.
    const label = control.labels && control.labels.length ? control.labels[0].getBoundingClientRect() : box;
    const width = Math.max(box.width, label.width), height = Math.max(box.height, label.height);
    if (width < minimum || height < minimum) {
      small.push(`${control.outerHTML.slice(0, 90)} is ${Math.round(width)}x${Math.round(height)}`);
    }
  }
  return small;
}"""


def small_touch_targets(page: Page, minimum: int = 24) -> list[str]:
    """Buttons, radios and checkboxes smaller than `minimum` CSS pixels either way (WCAG 2.5.8)."""
    return page.evaluate(SMALL_TARGETS_JS, minimum)


def pwned(page: Page) -> Any:
    """What a script payload typed into free text would have set, had it run."""
    return page.evaluate("() => window.__pwned")
