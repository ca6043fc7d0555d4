"""The tables of the case store (declared on :data:`boundline.cases.db.Base`)."""

from boundline.audit import AuditEntry, AuditHead
from boundline.cases.models.case import Allegation, Case, CaseSubject
from boundline.cases.models.exhibits import CustodyEvent, Exhibit
from boundline.cases.models.people import Pseudonym, StoreSetting, User
from boundline.cases.models.process import CaseProcess, CaseTransition
from boundline.cases.models.signin import SignInAttempt, WebSession
from boundline.cases.models.triage import TriageDecision, TriageItem

__all__ = [
    "Allegation",
    "AuditEntry",
    "AuditHead",
    "Case",
    "CaseProcess",
    "CaseSubject",
    "CaseTransition",
    "CustodyEvent",
    "Exhibit",
    "Pseudonym",
    "SignInAttempt",
    "StoreSetting",
    "TriageDecision",
    "TriageItem",
    "User",
    "WebSession",
]
