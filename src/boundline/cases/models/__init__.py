"""The tables of the case store (declared on :data:`boundline.cases.db.Base`)."""

from boundline.audit import AuditEntry, AuditHead
from boundline.cases.models.case import Allegation, AllegationFinding, Case, CaseSubject
from boundline.cases.models.exhibits import CustodyEvent, Exhibit
from boundline.cases.models.members import CaseMember
from boundline.cases.models.notes import CaseAction, CaseNote
from boundline.cases.models.people import Pseudonym, StoreSetting, User
from boundline.cases.models.process import CaseTransition, ProcessStage, SubjectProcess
from boundline.cases.models.signin import SignInAttempt, WebSession
from boundline.cases.models.triage import TriageDecision, TriageItem

__all__ = [
    "Allegation",
    "AllegationFinding",
    "AuditEntry",
    "AuditHead",
    "Case",
    "CaseAction",
    "CaseMember",
    "CaseNote",
    "CaseSubject",
    "CaseTransition",
    "CustodyEvent",
    "Exhibit",
    "ProcessStage",
    "Pseudonym",
    "SignInAttempt",
    "StoreSetting",
    "SubjectProcess",
    "TriageDecision",
    "TriageItem",
    "User",
    "WebSession",
]
