"""The workbench in a real browser: Debian's chromium driven by Playwright, on a live server.

Four walks through the app as its people use it: an analyst filters the queue, moves
through it with the keyboard, studies a pair and dismisses an item; an investigator
sees real ids, reveals a pseudonym and confirms an item into a new case; a wrong
password and a form without its CSRF token are refused; and the planted hostile
values are shown as text, never run. Every page is watched (``browser_fixtures``):
a console error, a page error, a dialog or a request leaving the app's origin fails
the test. Every page visited is photographed into the session's screenshot folder.
The keyboard's way to the dismiss reason and the page icon each have a test of their own
(they were app bugs this file found).
"""

from __future__ import annotations

import contextlib
import re
from typing import TYPE_CHECKING, Any

from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from web_world import PAYLOADS, WebWorld

if TYPE_CHECKING:
    from browser_fixtures import Browsing

#: The live server, the browser, and the watched pages (fixtures).
pytest_plugins = ["browser_fixtures"]

#: Table cells by column: a queue row's status and detectors, a contact's night flag.
STATUS_CELL = "tr.item td:nth-child(6)"
DETECTORS_CELL = "tr.item td:nth-child(4)"
NIGHT_CELL = "#contacts-table tbody td:nth-child(6)"


def _ranked(world: WebWorld) -> list[tuple[int, dict[str, Any]]]:
    """(item number, alert), strongest first: item n is the n-th ranked alert."""
    return [(n, alert) for n, alert in enumerate(world.alerts, start=1)]


def _shown(page: Page) -> list[int]:
    """The item numbers of the queue rows on the page, in order."""
    found = page.eval_on_selector_all("tr.item", "rows => rows.map(r => Number(r.dataset.item))")
    return [int(n) for n in found]


def _wait_for_rows(page: Page, expected: list[int]) -> None:
    """Wait until the queue shows exactly ``expected`` (HTMX swaps rows in place)."""
    with contextlib.suppress(PlaywrightTimeoutError):  # the assertion says what was shown
        page.wait_for_function(
            """want => {
                const got = [...document.querySelectorAll("tr.item")].map(r => Number(r.dataset.item));
                return JSON.stringify(got.sort((a, b) => a - b)) === JSON.stringify(want);
            }""",
            arg=sorted(expected),
            timeout=5_000,
        )
    assert sorted(_shown(page)) == sorted(expected)


def _wait_for_charts(page: Page) -> dict[str, int]:
    """Wait for every chart image to finish loading; their natural widths by id."""
    page.wait_for_function(
        """() => {
            const charts = [...document.querySelectorAll("img.chart")];
            return charts.length > 0 && charts.every(i => i.complete);
        }"""
    )
    widths: dict[str, int] = page.eval_on_selector_all(
        "img.chart", "imgs => Object.fromEntries(imgs.map(i => [i.id, i.naturalWidth]))"
    )
    return widths


def _assert_pseudonymous(page: Page, real_ids: list[str]) -> None:
    """Only pseudonyms on the page: none of ``real_ids``, and an OFFICER- pseudonym."""
    text = page.inner_text("body")
    for real in real_ids:
        assert real not in text, f"{real} is shown to an analyst on {page.url}"
    assert "OFFICER-" in text


def _assert_inert(page: Page) -> None:
    """Nothing on the page runs but the two vendored scripts: no handler, no script URL."""
    scripts = page.eval_on_selector_all("script", "s => s.map(x => x.getAttribute('src'))")
    assert scripts == ["/static/htmx-2.0.11.min.js", "/static/app.js"]
    handlers = page.evaluate(
        """() => [...document.querySelectorAll("*")].flatMap(e =>
            [...e.attributes].filter(a => a.name.startsWith("on")).map(a => e.tagName + " " + a.name))"""
    )
    assert handlers == []
    urls = page.eval_on_selector_all(
        "[href], [src], [action]",
        "els => els.flatMap(e => ['href', 'src', 'action'].map(n => e.getAttribute(n) || ''))",
    )
    assert not [url for url in urls if url.strip().lower().startswith("javascript:")]
    assert page.locator("img[src='x'], svg, iframe, object, embed").count() == 0


def test_analyst_filters_the_queue_studies_a_pair_and_dismisses(
    web_world: WebWorld, browsing: Browsing, page: Page
) -> None:
    base, ranked = browsing.base, _ranked(web_world)
    top = web_world.alerts[0]
    real_ids = [top["officer_id"], top["person_id"]]
    browsing.sign_in(page, "ann")
    expect(page).to_have_url(f"{base}/queue")
    assert "Signed in as ann (analyst)" in page.inner_text("header")
    _assert_pseudonymous(page, real_ids)
    browsing.shot(page, "analyst-queue")

    # The filters swap the rows in place (HTMX) and push the filtered address.
    page.select_option("#f-status", "all")
    expect(page).to_have_url(re.compile(r"/queue\?status=all&"))
    _wait_for_rows(page, [n for n, _ in ranked])
    expect(page.locator("#queue-count")).to_have_text(f"{len(ranked)} items; page 1 of 1.")
    high = [n for n, a in ranked if a["severity"] == "high"]
    assert 0 < len(high) < len(ranked)
    page.select_option("#f-severity", "high")
    _wait_for_rows(page, high)
    assert set(page.locator("tr.item .badge").all_inner_texts()) == {"high"}
    code = "BL104"
    both = [n for n, a in ranked if a["severity"] == "high" and code in a["contributions"]]
    assert 0 < len(both) < len(high)
    page.select_option("#f-detector", code)
    _wait_for_rows(page, both)
    assert all(code in cell.split() for cell in page.locator(DETECTORS_CELL).all_inner_texts())
    expect(page).to_have_url(f"{base}/queue?status=all&severity=high&detector={code}")
    browsing.shot(page, "analyst-queue-filtered")
    page.reload()  # the pushed address shows the same rows, the filters still chosen
    assert sorted(_shown(page)) == both
    assert page.input_value("#f-severity") == "high" and page.input_value("#f-detector") == code

    # The keyboard: j/k move through the rows, o opens the current one.
    page.goto("/queue")
    rows = _shown(page)
    assert rows[0] == 1, "the strongest item is at the top of the queue"
    current = page.locator("tr.item.current")
    for key, at in (("j", 0), ("j", 1), ("k", 0)):
        page.keyboard.press(key)
        expect(current).to_have_attribute("data-item", str(rows[at]))
    page.keyboard.press("o")
    expect(page).to_have_url(f"{base}/items/{rows[0]}")
    expect(page.locator("h1")).to_have_text(re.compile(r"^Item 1: OFFICER-\w+ and PERSON-\w+$"))
    expect(page.locator("#item-status")).to_have_text("needs review")
    _assert_pseudonymous(page, real_ids)
    assert page.locator("#reveal-form").count() == 0  # analysts may not reveal
    browsing.shot(page, "analyst-item")

    # The pair workspace: the charts and the map load, the contacts filter in place.
    page.click("#open-pair")
    expect(page).to_have_url(f"{base}/items/1/pair")
    widths = _wait_for_charts(page)
    assert set(widths) == {"chart-timeline", "chart-heat", "chart-map"}
    assert all(width > 0 for width in widths.values()), widths
    expect(page.locator("img#chart-map")).to_be_visible()
    _assert_pseudonymous(page, real_ids)
    browsing.shot(page, "analyst-pair")
    night = int(page.inner_text("#fig-night"))
    page.select_option("#c-night", "yes")
    expect(page.locator("#contacts-count")).to_have_text(
        re.compile(rf"^{night} contacts?; page 1 of ")
    )
    assert set(page.locator(NIGHT_CELL).all_inner_texts()) <= {"yes"}
    browsing.shot(page, "analyst-pair-night-contacts")

    # Dismiss: d on the queue goes to the item with its reason in focus.
    item = len(ranked) - 1
    severity = web_world.alerts[item - 1]["severity"]
    page.goto(f"/queue?status=needs_review&severity={severity}")
    rows = _shown(page)
    for _ in range(rows.index(item) + 1):
        page.keyboard.press("j")
    expect(current).to_have_attribute("data-item", str(item))
    page.keyboard.press("d")
    expect(page).to_have_url(f"{base}/items/{item}#dismiss-reason")
    expect(page.locator("#dismiss-reason")).to_be_focused()
    reason = "Browser test: the contacts are explained by a shared sports club."
    page.keyboard.type(reason)
    expect(page.locator("#dismiss-reason")).to_have_value(reason)
    browsing.shot(page, "analyst-dismiss-form")
    with page.expect_navigation():
        page.click("#dismiss-form button[type=submit]")
    expect(page).to_have_url(f"{base}/items/{item}?done=dismissed")
    expect(page.locator("#item-status")).to_have_text("dismissed")
    expect(page.locator("p.done")).to_have_text(re.compile(r"^Item dismissed\."))
    history = page.locator("#history tbody tr").first.inner_text()
    assert "dismissed" in history and "ann" in history and reason in history
    assert page.locator("#dismiss-form").count() == 0
    browsing.shot(page, "analyst-dismissed")

    # The status filter: the dismissed item left the review list and is among the dismissed.
    page.goto("/queue")
    assert item not in _shown(page)
    assert set(page.locator(STATUS_CELL).all_inner_texts()) == {"needs review"}
    page.select_option("#f-status", "dismissed")
    expect(page.locator(f'tr.item[data-item="{item}"]')).to_be_visible()
    assert set(page.locator(STATUS_CELL).all_inner_texts()) == {"dismissed"}
    browsing.shot(page, "analyst-queue-dismissed")


def test_investigator_reveals_a_pseudonym_and_confirms_into_a_new_case(
    web_world: WebWorld, browsing: Browsing, page: Page
) -> None:
    base = browsing.base
    top = web_world.alerts[0]
    # The pseudonym the analyst sees for the top item's officer.
    analyst = browsing.new_page()
    browsing.sign_in(analyst, "ann")
    analyst.goto("/items/1")
    heading = analyst.inner_text("h1")
    named = re.fullmatch(r"Item 1: (OFFICER-[0-9A-F]+) and (PERSON-[0-9A-F]+)", heading)
    assert named is not None, heading
    pseudonym = named.group(1)

    browsing.sign_in(page, "ivan")
    expect(page).to_have_url(f"{base}/work")
    page.goto("/items/1")
    expect(page.locator("h1")).to_have_text(f"Item 1: {top['officer_id']} and {top['person_id']}")
    assert "OFFICER-" not in page.inner_text("body")  # investigators see real ids
    # Investigators see real ids; a pseudonym an analyst passes on is revealed on the
    # reveal page (linked from the header), with a reason.
    assert page.locator("#reveal-form").count() == 0
    browsing.shot(page, "investigator-item")
    with page.expect_navigation():
        page.click("header a:text-is('Reveal a pseudonym')")
    page.fill("#reveal-pseudonym", pseudonym)
    page.fill("#reveal-reason", "  ")
    browsing.expect_refusal("/reveal", 400)
    with page.expect_navigation():
        page.click("#reveal-form button[type=submit]")
    expect(page.locator("#error-message")).to_contain_text("Say why the identity is needed")
    browsing.shot(page, "investigator-reveal-refused")
    page.goto(f"/reveal?pseudonym={pseudonym}&back=1")
    expect(page.locator("#reveal-pseudonym")).to_have_value(pseudonym)
    reason = "Browser test: the officer must be named in the case file."
    page.fill("#reveal-reason", reason)
    with page.expect_navigation():
        page.click("#reveal-form button[type=submit]")
    expect(page.locator("#revealed")).to_have_text(
        re.compile(rf"^{pseudonym} is officer {re.escape(top['officer_id'])}\.$")
    )
    browsing.shot(page, "investigator-revealed")
    with page.expect_navigation():
        page.click("main a:text-is('Back')")
    expect(page).to_have_url(f"{base}/items/1")

    # Confirm an item into a new case.
    item = len(web_world.alerts) - 2
    page.goto(f"/items/{item}")
    expect(page.locator("#item-status")).to_have_text("needs review")
    assert page.input_value("#confirm-case") == "NEW"
    reason = "Browser test: the pattern needs an investigation."
    page.fill("#confirm-reason", reason)
    browsing.shot(page, "investigator-confirm-form")
    with page.expect_navigation():
        page.click("#confirm-form button[type=submit]")
    expect(page).to_have_url(f"{base}/items/{item}?done=confirmed")
    status = page.inner_text("#item-status")
    found = re.fullmatch(r"confirmed → (BL-[\w-]+)", status)
    assert found is not None, status
    reference = found.group(1)
    expect(page.locator("p.done")).to_have_text(re.compile(r"^Item confirmed into the case"))
    history = page.locator("#history tbody tr").first.inner_text()
    assert "confirmed" in history and "ivan" in history and reason in history
    browsing.shot(page, "investigator-confirmed")
    page.goto("/queue?status=confirmed")
    row = page.locator(f'tr.item[data-item="{item}"]')
    expect(row.locator("td:nth-child(6)")).to_have_text(f"confirmed → {reference}")
    browsing.shot(page, "investigator-queue-confirmed")


def test_a_wrong_password_and_a_form_without_its_token_are_refused(
    browsing: Browsing, page: Page
) -> None:
    base = browsing.base
    browsing.expect_refusal("/signin", 401)
    browsing.sign_in(page, "ann", "not the password at all")
    expect(page).to_have_url(f"{base}/signin")
    expect(page.locator("#signin-error")).to_have_text("Wrong user name or password.")
    assert page.locator("header form.who").count() == 0  # not signed in
    browsing.shot(page, "signin-refused")

    browsing.sign_in(page, "ann")
    expect(page).to_have_url(f"{base}/queue")
    page.goto("/items/1")
    expect(page.locator("#item-status")).to_have_text("needs review")
    removed = page.evaluate(
        """() => {
            const token = document.querySelector("#dismiss-form input[name=csrf]");
            token.remove();
            return token.value.length;
        }"""
    )
    assert removed > 0
    assert page.locator("#dismiss-form input[name=csrf]").count() == 0
    page.fill("#dismiss-reason", "Browser test: sent without the CSRF token.")
    browsing.expect_refusal("/items/1/dismiss", 403)
    with page.expect_navigation() as navigation:
        page.click("#dismiss-form button[type=submit]")
    response = navigation.value
    assert response is not None and response.status == 403
    expect(page.locator("#error-message")).to_have_text(
        "The form was not sent by this session: reload the page."
    )
    browsing.shot(page, "csrf-refused")
    page.goto("/items/1")  # nothing changed
    expect(page.locator("#item-status")).to_have_text("needs review")
    assert "without the CSRF token" not in page.inner_text("#history")


def test_hostile_values_are_shown_as_text_and_never_run(
    web_world: WebWorld, browsing: Browsing, page: Page
) -> None:
    item = web_world.item_of(web_world.alerts[1]["officer_id"])
    assert item == 2
    browsing.sign_in(page, "ivan")
    page.goto(f"/items/{item}")
    page.wait_for_load_state("networkidle")
    text = page.inner_text("body")
    assert "<script>alert(1)</script>" in text
    assert PAYLOADS["officer"] in text and PAYLOADS["person"] in text
    expect(page.locator("h1")).to_have_text(
        f"Item {item}: {PAYLOADS['officer']} and {PAYLOADS['person']}"
    )
    _assert_inert(page)
    browsing.shot(page, "hostile-item")

    page.click("#open-pair")
    expect(page).to_have_url(f"{browsing.base}/items/{item}/pair")
    page.wait_for_load_state("networkidle")
    widths = _wait_for_charts(page)
    assert all(width > 0 for width in widths.values()), widths
    text = page.inner_text("body")
    for kind in ("officer", "person", "incident", "vehicle"):
        assert PAYLOADS[kind] in text, kind
    _assert_inert(page)
    browsing.shot(page, "hostile-pair")
    page.select_option("#c-direction", "in")  # a fragment swapped in by HTMX
    expect(page.locator("#contacts-count")).to_have_text(re.compile(r"^\d+ contacts?; "))
    page.wait_for_load_state("networkidle")
    _assert_inert(page)
    browsing.shot(page, "hostile-pair-contacts")

    # Analysts see neither payload: pseudonyms stand in for the planted ids.
    analyst = browsing.new_page()
    browsing.sign_in(analyst, "ann")
    analyst.goto(f"/items/{item}")
    analyst.wait_for_load_state("networkidle")
    text = analyst.inner_text("body")
    assert PAYLOADS["officer"] not in text and PAYLOADS["person"] not in text
    _assert_pseudonymous(analyst, [PAYLOADS["officer"], PAYLOADS["person"]])
    browsing.shot(analyst, "hostile-item-analyst")
    assert browsing.dialogs == []


def test_d_on_the_queue_lands_in_the_dismiss_reason(browsing: Browsing, page: Page) -> None:
    browsing.sign_in(page, "ann")
    page.goto("/queue")
    first = _shown(page)[0]
    page.keyboard.press("d")
    expect(page).to_have_url(f"{browsing.base}/items/{first}#dismiss-reason")
    page.wait_for_load_state("load")
    browsing.shot(page, "queue-d-lands-on-item")
    expect(page.locator("#dismiss-reason")).to_be_focused(timeout=2_000)


def test_the_app_has_an_icon(page: Page) -> None:
    page.goto("/signin")
    linked = page.locator("link[rel~='icon']").count() > 0
    assert linked or page.request.get("/favicon.ico").ok


def test_without_javascript_the_queue_filters_and_a_decision_still_work(
    browsing: Browsing, web_world: WebWorld
) -> None:
    page = browsing.new_page(javascript=False)
    browsing.sign_in(page, "ann")
    page.select_option("#f-severity", "low")
    with page.expect_navigation():
        page.click("form.filters button[type=submit]")
    assert "severity=low" in page.url
    severities = set(page.locator("#queue-table tbody .badge").all_inner_texts())
    assert severities == {"low"}, severities
    browsing.shot(page, "nojs-queue-low")
    last = page.locator("#queue-table tbody a.open").last.inner_text()
    with page.expect_navigation():
        page.click(f"#queue-table a.open:text-is('{last}')")
    page.fill("#dismiss-reason", "No script: dismissed with the plain form.")
    with page.expect_navigation():
        page.click("#dismiss-form button[type=submit]")
    expect(page.locator("#item-status")).to_have_text("dismissed")
    with page.expect_navigation():
        page.click("a#open-pair")
    expect(page.locator("#fig-total")).to_be_visible()
    browsing.shot(page, "nojs-pair")
