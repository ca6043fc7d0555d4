"""A case's whole life in a real browser: the APSP journey, a race, and the auditor's check.

The appropriate authority opens a new APSP case and refers it to the IOPC, records
the mode and appoints the investigator, who serves the regulation 17 notice (the
PDF is downloaded and read back: a PDF with the case reference in its text),
schedules and holds the interview and submits the report. The appropriate authority
decides there is a case to answer, refers it to a hearing, records the finding and
the outcome "dismissal without notice"; the barred list obligation then appears in
My work and is discharged; the case is closed and an auditor verifies the chain.
Two browser contexts taking the same step at once: one succeeds, the other is told
the case moved on. Every page is photographed into the session's screenshot folder.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

from boundline.audit import utcnow
from boundline.cases.statutory.calendar import local_day

if TYPE_CHECKING:
    from browser_fixtures import Browsing

pytest_plugins = ["browser_fixtures"]

PDFTOTEXT = shutil.which("pdftotext")


def _today() -> str:
    return local_day(utcnow()).isoformat()


def _step(browsing: Browsing, page: Page, step: str, reason: str, **fields: str) -> None:
    """Open the step's form on the case page, fill it in as a person would, and send it."""
    details = page.locator(f"details.step:has(form[data-step='{step}'])")
    expect(details).to_have_count(1)
    details.locator("summary").click()
    form = details.locator("form")
    for name, value in fields.items():
        control = form.locator(f"[name='f_{name}']")
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)
    form.locator("textarea[name=reason]").fill(reason)
    browsing.shot(page, f"case-step-{step}")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator("p.done")).to_have_text("Step recorded.")
    expect(page.locator("#history li").first).to_contain_text(reason)


def _open_case(browsing: Browsing, page: Page, title: str, subject: str) -> str:
    page.goto("/cases")
    form = page.locator("#new-case")
    form.locator("#n-title").fill(title)
    form.locator("#n-subject").fill(subject)
    form.locator("#n-reason").fill("A tip-off: a PC in contact with a victim met on duty.")
    browsing.shot(page, "case-new")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    reference = page.inner_text("#case-ref")
    assert re.fullmatch(r"BL-\d{4}-\d{4}", reference), reference
    return reference


def _add_member(page: Page, reference: str, username: str) -> None:
    page.goto(f"/members?case={reference}")
    page.fill("#ma-user", username)
    page.fill("#ma-reason", "Appointed to investigate")
    with page.expect_navigation():
        page.click("#member-add button[type=submit]")
    expect(page.locator("#members")).to_contain_text(username)


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
def test_the_apsp_journey_from_referral_to_closure(
    browsing: Browsing, page: Page, tmp_path: Path
) -> None:
    alma, ivan = page, browsing.new_page()
    browsing.sign_in(alma, "alma")
    expect(alma).to_have_url(f"{browsing.base}/work")
    ref = _open_case(browsing, alma, "APSP: a PC and a burglary victim", "P-BROWSER-01")
    _add_member(alma, ref, "ivan")
    alma.goto(f"/cases/{ref}")
    browsing.shot(alma, "case-opened")
    _step(browsing, alma, "refer_to_iopc", "APSP is a mandatory referral.")
    _step(browsing, alma, "record_iopc_decision", "The IOPC returned it.", mode="local")
    _step(browsing, alma, "appoint_investigator", "DS Ivan, PSD.", investigator="ivan")
    _step(browsing, alma, "assess_severity", "Sexual contact.", severity="gross_misconduct")
    alma.locator("#allegations summary").click()
    alma.fill("#al-text", "Pursued a relationship with a victim met on duty.")
    alma.check("input[value='discreditable conduct']")
    with alma.expect_navigation():
        alma.click("#allegation-form button[type=submit]")
    expect(alma.locator("#allegations tbody")).to_contain_text("discreditable conduct")

    browsing.sign_in(ivan, "ivan")
    expect(ivan).to_have_url(f"{browsing.base}/work")
    browsing.shot(ivan, "investigator-my-work")
    ivan.goto("/cases")
    expect(ivan.locator("#cases")).to_contain_text(ref)
    ivan.goto(f"/cases/{ref}")
    _step(browsing, ivan, "serve_reg17_notice", "Served in person at the station.")
    ivan.fill("#doc-notice-rank", "PC")
    ivan.fill("#doc-notice-force", "Northshire Police")
    with ivan.expect_download() as downloading:
        ivan.click("#doc-notice button[value=pdf]")
    notice = tmp_path / "notice.pdf"
    downloading.value.save_as(notice)
    assert notice.read_bytes().startswith(b"%PDF")
    text = subprocess.run(  # noqa: S603 - a fixed tool on a file this test wrote
        [str(PDFTOTEXT), str(notice), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert ref in text and "Northshire Police" in text
    ivan.goto(f"/cases/{ref}/exhibits")
    expect(ivan.locator("#exhibits")).to_contain_text("reg17-notice.pdf")
    browsing.shot(ivan, "case-exhibits")
    ivan.goto(f"/cases/{ref}")
    _step(browsing, ivan, "schedule_interview", "Agreed with the Federation rep.", date=_today())
    _step(browsing, ivan, "hold_interview", "Interview held under caution.")
    _step(
        browsing,
        ivan,
        "submit_reg21_report",
        "The evidence supports it.",
        opinion="case_to_answer_gross_misconduct",
    )

    alma.goto(f"/cases/{ref}")
    _step(browsing, alma, "decide_case_to_answer", "Agreed.", decision="gross_misconduct")
    _step(browsing, alma, "refer_to_misconduct_hearing", "Gross misconduct: a hearing.")
    finding = alma.locator("form.finding-form")
    finding.locator("select[name=finding]").select_option("proven")
    finding.locator("input[name=reason]").fill("The panel found it proven.")
    with alma.expect_navigation():
        finding.locator("button[type=submit]").click()
    expect(alma.locator("#allegations tbody")).to_contain_text("proven")
    _step(
        browsing,
        alma,
        "record_outcome",
        "The panel's decision.",
        finding="gross_misconduct",
        outcome="dismissal_without_notice",
    )
    alma.goto("/work")
    barred = alma.locator("#due tr", has_text=ref).filter(has_text="barred")
    expect(barred).to_have_count(1)
    browsing.shot(alma, "aa-my-work-barred-list")
    alma.goto(f"/cases/{ref}")
    _step(browsing, alma, "refer_to_barred_list", "Reported to the College of Policing.")
    alma.goto("/work")
    expect(alma.locator("#due tr", has_text=ref).filter(has_text="barred")).to_have_count(0)
    alma.goto(f"/cases/{ref}")
    _step(browsing, alma, "close_case", "Proceedings concluded.")
    expect(alma.locator("#case-stage")).to_have_text("closed")
    browsing.shot(alma, "case-closed")

    auditor = browsing.new_page()
    browsing.sign_in(auditor, "aud")
    auditor.goto("/audit")
    browsing.shot(auditor, "auditor-log")
    with auditor.expect_navigation():
        auditor.click("#audit-verify button[type=submit]")
    expect(auditor.locator("main")).to_contain_text("intact")
    browsing.shot(auditor, "auditor-verified")

    admin = browsing.new_page()
    browsing.sign_in(admin, "root")
    expect(admin).to_have_url(f"{browsing.base}/admin/users")
    expect(admin.locator("main")).to_contain_text("alma")
    browsing.shot(admin, "admin-users")
    admin.goto("/admin/sessions")
    browsing.shot(admin, "admin-sessions")


def test_two_people_taking_the_same_step_at_once(browsing: Browsing, page: Page) -> None:
    first, second = page, browsing.new_page()
    browsing.sign_in(first, "alma")
    ref = _open_case(browsing, first, "Two at once", "P-BROWSER-02")
    browsing.sign_in(second, "alma")
    for each in (first, second):
        each.goto(f"/cases/{ref}")
        details = each.locator("details.step:has(form[data-step='refer_to_iopc'])")
        details.locator("summary").click()
        details.locator("textarea[name=reason]").fill("Mandatory referral.")
    with first.expect_navigation():
        first.locator("form[data-step='refer_to_iopc'] button[type=submit]").click()
    expect(first.locator("p.done")).to_have_text("Step recorded.")
    browsing.expect_refusal(f"/cases/{ref}/steps/refer_to_iopc", 409)
    with second.expect_navigation():
        second.locator("form[data-step='refer_to_iopc'] button[type=submit]").click()
    expect(second.locator("#error-message")).to_contain_text(
        f"Case {ref} moved on since you looked at it (step 2, refer_to_iopc, by alma)"
    )
    browsing.shot(second, "case-moved-on")
    second.goto(f"/cases/{ref}")
    steps = second.locator("#history li").all_inner_texts()
    assert sum("Refer to IOPC" in s for s in steps) == 1
