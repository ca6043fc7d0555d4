"""The summary sentence of an alert: plain English, with the key figures.

Built only from the figures the detectors report (by code) and the pair's facts,
so it can be read aloud and checked against the evidence. It never assumes a
gender: the member of the public is "the person" or "they".
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from boundline.scoring.model import MetThrough, PairFacts

Figures = Mapping[str, Any]

_ROLE_PRIORITY = ("victim", "reporter", "witness", "other", "suspect")
_CASE_PHRASE = {
    "victim": "the {cat} case they reported",
    "reporter": "the {cat} case they reported",
    "witness": "the {cat} case they witnessed",
    "suspect": "the {cat} case in which they were a suspect",
}
_ROLE_NAMES = {"oic": "officer in charge", "flo": "family liaison officer"}


def num(figures: Figures | None, name: str) -> float:
    """A numeric figure, 0 when absent or null."""
    if figures is None:
        return 0.0
    value = figures.get(name)
    if value is None or isinstance(value, str):
        return 0.0
    out = float(value)
    return 0.0 if math.isnan(out) else out


def plural(n: float, word: str, many: str | None = None) -> str:
    """``1 contact``, ``3 contacts``."""
    k = round(n)
    return f"{k} {word if k == 1 else (many or word + 's')}"


def span(first: datetime | None, last: datetime | None) -> str | None:
    """The time from first to last in days, weeks or months (``5 months``)."""
    if first is None or last is None:
        return None
    days = (last - first).total_seconds() / 86_400
    if days < 1:
        return "less than a day"
    if days < 14:
        return plural(days, "day")
    if days < 63:
        return plural(days / 7, "week")
    return plural(days / 30.44, "month")


def case_phrase(met: tuple[MetThrough, ...]) -> str:
    """How the person met the officer, for "after … was closed"."""
    closed = [m for m in met if m.closed is not None]
    if not closed:
        return "the case"
    ids = {m.incident_id for m in closed}
    if len(ids) > 1:
        return f"the {len(ids)} cases they were part of"

    def priority(m: MetThrough) -> int:
        role = m.person_role or "other"
        return _ROLE_PRIORITY.index(role) if role in _ROLE_PRIORITY else len(_ROLE_PRIORITY)

    best = min(closed, key=priority)
    cat = (best.category or "").strip().lower()
    template = _CASE_PHRASE.get(best.person_role or "", "the {cat} case they were part of")
    return template.format(cat=cat).replace("the  case", "the case")


def _pct(part: float, whole: float) -> str:
    return f"{round(100 * part / whole)}%"


def contact_clause(by_code: Mapping[str, Figures], facts: PairFacts) -> str | None:
    """Contacts, span, share off shift, night and after closure."""
    bl101 = by_code.get("BL101")
    total = facts.contacts or num(bl101, "contacts_total") or num(bl101, "contacts")
    if not total:
        return None
    first = facts.first or (bl101 or {}).get("first")
    last = facts.last or (bl101 or {}).get("last")
    text = plural(total, "contact")
    over = span(first, last)
    if over:
        text += f" over {over}"
    parts = []
    if facts.contacts and facts.off_shift:
        parts.append(f"{_pct(facts.off_shift, facts.contacts)} off shift")
    night = num(by_code.get("BL102"), "night")
    if night:
        parts.append(f"{round(night)} at night")
    after = num(by_code.get("BL103"), "contacts")
    if after:
        parts.append(f"{round(after)} after {case_phrase(facts.met)} was closed")
    if parts:
        text += ", " + (" and ".join(parts) if len(parts) == 2 else ", ".join(parts))
    return text


def one_sided_clause(f: Figures) -> str:
    """BL104: who starts the contact, and what goes unanswered."""
    text = f"{_pct(num(f, 'share_out'), 1)} of contact started by the officer"
    msgs, unreplied = num(f, "messages_out"), num(f, "unreplied_messages")
    if msgs:
        text += f", {round(unreplied)} of {plural(msgs, 'message')} unanswered"
    return text


def silence_clause(f: Figures) -> str:
    """BL105: silences followed by resumed contact."""
    n, longest = num(f, "silences"), round(num(f, "longest_gap_days"))
    if n == 1:
        return f"contact resumed after a {longest}-day silence"
    return f"contact resumed after {plural(n, 'silence')} (the longest {longest} days)"


def breadth_clause(f: Figures) -> str:
    """BL106: how many people the officer is in such contact with."""
    return (
        f"one of {plural(num(f, 'people'), 'person', 'people')} met on duty the officer "
        "contacted off shift or after closure"
    )


def _place(f: Figures) -> str:
    home, work = num(f, "home"), num(f, "work")
    if home and work:
        return "home and workplace"
    if work:
        return "workplace"
    kind = f.get("place_kind")
    if isinstance(kind, str) and kind not in ("home", "work"):
        return "address"
    return "workplace" if kind == "work" else "home"


def visits_clause(by_code: Mapping[str, Figures]) -> str | None:
    """BL201/BL202/BL203: unexplained stops of the officer's vehicle at their places."""
    parts = []
    for code, what in (("BL201", "unexplained on-shift"), ("BL202", "off-shift")):
        f = by_code.get(code)
        if f is not None and num(f, "visits"):
            parts.append(f"{plural(num(f, 'visits'), what + ' stop')} at their {_place(f)}")
    repeat = by_code.get("BL203")
    if repeat is not None and num(repeat, "days"):
        days = plural(num(repeat, "days"), "different day")
        if parts:
            where = _place(repeat)
            same = all(p.endswith(f"their {where}") for p in parts)
            parts[-1] += f", on {days}" + ("" if same else f" at their {where}")
        else:
            parts.append(f"unexplained stops at their {_place(repeat)} on {days}")
    return " and ".join(parts) or None


def lookups_clause(f: Figures) -> str:
    """BL301: record look-ups with no task, or after closure."""
    n, without, after = num(f, "lookups"), num(f, "without_task"), num(f, "after_closure")
    if without and not after:
        why = "without a task"
    elif after and not without:
        why = "after closure"
    else:
        why = "without a task or after closure"
    return f"{plural(n, 'record look-up')} {why}"


def facts_clauses(facts: PairFacts) -> list[str]:
    """Vulnerability and legitimate tasking, as the score used them."""
    out = []
    if facts.vulnerable:
        what = f" ({facts.vulnerability})" if facts.vulnerability else ""
        out.append(f"the person is flagged vulnerable{what}")
    if facts.legitimate:
        roles = " or ".join(_ROLE_NAMES.get(r, r.replace("_", " ")) for r in facts.legitimate_roles)
        share = _pct(facts.legitimate, facts.contacts)
        out.append(f"{share} of contact during a tasking as {roles}")
    return out


_CLAUSES: dict[str, Callable[[Figures], str]] = {
    "BL104": one_sided_clause,
    "BL105": silence_clause,
    "BL106": breadth_clause,
    "BL301": lookups_clause,
}
_KNOWN = {"BL101", "BL102", "BL103", "BL201", "BL202", "BL203", *_CLAUSES}


def summarise(
    by_code: Mapping[str, Figures],
    facts: PairFacts,
    order: list[str],
    names: Mapping[str, str] | None = None,
) -> str:
    """One sentence: the figures of each detector that fired (``order``: strongest first)."""
    clauses = [contact_clause(by_code, facts)]
    clauses += [_CLAUSES[c](by_code[c]) for c in order if c in _CLAUSES]
    clauses.append(visits_clause(by_code))
    for code in order:
        if code not in _KNOWN:
            name = (names or {}).get(code)
            clauses.append(f"flagged by {code}" + (f" ({name})" if name else ""))
    clauses += facts_clauses(facts)
    text = "; ".join(c for c in clauses if c)
    if not text:
        text = "flagged by " + ", ".join(order)
    return text[0].upper() + text[1:] + "."
