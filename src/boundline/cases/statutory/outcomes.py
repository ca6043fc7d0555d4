"""What a form of proceedings may impose: an outcome checked against form, finding and subject.

The rules are data (``[forms.*]`` in ``process.toml``): the findings each form may
make, the outcomes each finding allows (for serving and for former officers), the
outcomes that need a live final written warning when the finding is misconduct
rather than gross misconduct, and the outcomes that oblige a barred-list report.
"""

from __future__ import annotations

from boundline.cases.statutory.definition import FormRule

__all__ = ["allowed_outcomes", "check_outcome"]


def allowed_outcomes(
    form: FormRule, finding: str, *, former: bool = False, fww_in_force: bool = False
) -> tuple[str, ...]:
    """The outcomes ``form`` may impose after ``finding``, for this subject."""
    table = form.former_outcomes if former and form.former_outcomes else form.outcomes
    allowed = table.get(finding, ())
    if finding == "misconduct" and not fww_in_force:
        allowed = tuple(o for o in allowed if o not in form.needs_live_fww)
    return allowed


def check_outcome(
    form: FormRule, finding: str, outcome: str, *, former: bool, fww_in_force: bool
) -> str | None:
    """``None`` if ``outcome`` after ``finding`` is allowed, else the reason it is not."""
    if finding not in form.findings:
        return f"a {form.label} may find only: {', '.join(form.findings)} (not {finding!r})"
    allowed = allowed_outcomes(form, finding, former=former, fww_in_force=fww_in_force)
    if outcome in allowed:
        return None
    who = "a former officer" if former else "the subject"
    extra = ""
    if finding == "misconduct" and outcome in form.needs_live_fww and not fww_in_force:
        extra = (
            f"; {outcome} on a finding of misconduct (not gross) needs a final written "
            "warning in force"
        )
    return (
        f"a {form.label} that finds {finding} may impose on {who} only: "
        f"{', '.join(allowed) or 'nothing'} (not {outcome!r}){extra}"
    )
