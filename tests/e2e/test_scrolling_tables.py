"""A table's scrolling region is a tab stop only where it scrolls: on a desktop the comparison's tables fit and
the keyboard passes straight on; on a small phone the wide ones scroll and each can be reached and scrolled with
the keyboard. Without JavaScript every region keeps its stop."""

from typing import Any

from playwright.sync_api import Page

from intake.models import Couple
from tests.e2e.conftest import DESKTOP, NARROW_PHONE, OpenContext, answer_directly, log_in

REGIONS_JS = """() => [...document.querySelectorAll('.table-responsive')].map(r => ({
  scrolls: r.scrollWidth > r.clientWidth || r.scrollHeight > r.clientHeight,
  stop: r.getAttribute('tabindex') === '0'}))"""


def regions(page: Page) -> list[dict[str, bool]]:
    page.wait_for_load_state("load")
    return page.evaluate(REGIONS_JS)


def open_comparison(open_context: OpenContext, therapist: Any, couple: Couple, **options: Any) -> Page:
    answer_directly(couple.partner_a, pick=2)
    answer_directly(couple.partner_b, pick=0)
    page = open_context(**options).new_page()
    log_in(page, therapist.username)
    page.goto(f"/couples/{couple.pk}/comparison/")
    return page


def test_on_a_desktop_no_table_region_that_fits_is_a_tab_stop(
    open_context: OpenContext, therapist: Any, couple: Couple
) -> None:
    found = regions(open_comparison(open_context, therapist, couple, viewport=DESKTOP))
    assert len(found) >= 4
    assert all(region["stop"] == region["scrolls"] for region in found), found
    assert not all(region["stop"] for region in found)


def test_on_a_small_phone_every_region_that_scrolls_is_a_tab_stop(
    open_context: OpenContext, therapist: Any, couple: Couple
) -> None:
    page = open_comparison(open_context, therapist, couple, viewport=NARROW_PHONE)
    found = regions(page)
    assert any(region["scrolls"] for region in found)
    assert all(region["stop"] == region["scrolls"] for region in found), found
    page.set_viewport_size(DESKTOP)  # the window widens: the stops that lead nowhere go
    page.wait_for_timeout(200)
    assert all(region["stop"] == region["scrolls"] for region in regions(page))


def test_without_javascript_every_region_keeps_its_stop(
    open_context: OpenContext, therapist: Any, couple: Couple
) -> None:
    found = regions(open_comparison(open_context, therapist, couple, viewport=DESKTOP, java_script_enabled=False))
    assert found and all(region["stop"] for region in found)
