"""The case store: users and roles, pseudonyms, triage, cases and the evidence register.

Everything lives in one database (:mod:`boundline.cases.db`: SQLite in the store
folder, or PostgreSQL), created and upgraded by the Alembic migrations shipped in
:mod:`boundline.cases.migrations`. Every service function takes the session and the
acting :class:`Actor` explicitly, checks the permission table
(:mod:`boundline.cases.roles`, deny by default) and writes what it did to the
tamper-evident audit log (:mod:`boundline.audit`). The statutory process of a case
is :mod:`boundline.cases.statutory` (pure); :mod:`boundline.cases.process_service`
keeps it in the database, :mod:`boundline.cases.process_documents` makes its
notice and report.
"""

from boundline.cases.admin import (
    SessionRow,
    UserRow,
    active_sessions,
    change_role,
    disable_user,
    enable_user,
    reset_password,
    revoke_session,
    user_rows,
)
from boundline.cases.audit_access import show_audit, verify_audit
from boundline.cases.casefile import (
    ORIGINS,
    PURPOSES,
    add_allegation,
    add_subject,
    find_case,
    new_case,
    open_case,
    view_case,
)
from boundline.cases.db import DB_ENV, DEFAULT_DB_NAME, Base, CaseDB, case_db_url, open_case_db
from boundline.cases.exhibits import (
    CUSTODY_EVENTS,
    ExhibitCheck,
    add_custody,
    add_exhibit,
    add_exhibit_bytes,
    custody_chain,
    exhibit_path,
    find_exhibit,
    list_exhibits,
    verify_exhibits,
)
from boundline.cases.exhibits import ORIGINS as EXHIBIT_ORIGINS
from boundline.cases.models import (
    Allegation,
    Case,
    CaseSubject,
    CaseTransition,
    CustodyEvent,
    Exhibit,
    ProcessStage,
    Pseudonym,
    SubjectProcess,
    TriageDecision,
    TriageItem,
    User,
)
from boundline.cases.process_documents import Document, make_notice, make_report
from boundline.cases.process_service import (
    advance,
    begin_process,
    open_case_with_process,
    process_row,
    start_from_alert,
    state_of,
    step_permission,
    transitions,
)
from boundline.cases.process_views import (
    CaseRow,
    CaseStatus,
    SubjectStatus,
    case_status,
    due_across,
    list_cases,
)
from boundline.cases.pseudonyms import pseudonym, reveal, shown
from boundline.cases.roles import PERMISSIONS, Actor, Permission, Role, can, parse_role, require
from boundline.cases.standards import STANDARDS, parse_standards
from boundline.cases.subjects import find_subject, kind_of_role, officer_role, subject_kind
from boundline.cases.triage import (
    QueueRow,
    confirm,
    decisions,
    dismiss,
    list_queue,
)
from boundline.cases.triage_load import LoadSummary, load_alerts
from boundline.cases.users import add_user, find_user, has_users, list_users, login

__all__ = [
    "CUSTODY_EVENTS",
    "DB_ENV",
    "DEFAULT_DB_NAME",
    "EXHIBIT_ORIGINS",
    "ORIGINS",
    "PERMISSIONS",
    "PURPOSES",
    "STANDARDS",
    "Actor",
    "Allegation",
    "Base",
    "Case",
    "CaseDB",
    "CaseRow",
    "CaseStatus",
    "CaseSubject",
    "CaseTransition",
    "CustodyEvent",
    "Document",
    "Exhibit",
    "ExhibitCheck",
    "LoadSummary",
    "Permission",
    "ProcessStage",
    "Pseudonym",
    "QueueRow",
    "SessionRow",
    "SubjectProcess",
    "SubjectStatus",
    "Role",
    "TriageDecision",
    "TriageItem",
    "User",
    "UserRow",
    "active_sessions",
    "add_allegation",
    "add_custody",
    "add_exhibit",
    "add_exhibit_bytes",
    "add_subject",
    "add_user",
    "advance",
    "begin_process",
    "can",
    "case_db_url",
    "case_status",
    "change_role",
    "confirm",
    "custody_chain",
    "decisions",
    "disable_user",
    "dismiss",
    "due_across",
    "enable_user",
    "exhibit_path",
    "find_case",
    "find_exhibit",
    "find_subject",
    "find_user",
    "has_users",
    "kind_of_role",
    "list_cases",
    "list_exhibits",
    "list_queue",
    "list_users",
    "load_alerts",
    "login",
    "make_notice",
    "make_report",
    "new_case",
    "open_case",
    "open_case_db",
    "officer_role",
    "open_case_with_process",
    "parse_role",
    "parse_standards",
    "process_row",
    "pseudonym",
    "require",
    "reset_password",
    "reveal",
    "revoke_session",
    "show_audit",
    "shown",
    "start_from_alert",
    "state_of",
    "subject_kind",
    "step_permission",
    "transitions",
    "user_rows",
    "verify_audit",
    "verify_exhibits",
    "view_case",
]
