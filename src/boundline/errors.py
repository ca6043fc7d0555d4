"""The one exception tree of Boundline.

Every error Boundline raises on purpose derives from :class:`BoundlineError`.

* :class:`UserInputError` and its subclasses mean the user gave us something we
  cannot use (a missing folder, a missing required table or column, a file that is
  neither CSV nor Parquet, an unreadable mapping profile). The CLI prints their
  message as one paragraph and exits with code 2, never with a traceback.
* :class:`StoreError` means the store folder is not in a state we can trust
  (for example a manifest that does not parse). The CLI exits with code 3.
* :class:`EngineUnavailableError` means an optional engine (e.g. Spark) was asked
  for but its extra is not installed; the message carries the install command.
* :class:`IllegalStepError` means a step of the statutory misconduct process was
  asked for that the process does not allow now (wrong stage, role, subject or a
  missing or bad field); its message names the stage, the step and what is allowed
  instead (:mod:`boundline.cases.statutory`).
* :class:`PermissionDeniedError` means the acting user's role may not do what was
  asked (the case store denies by default, :mod:`boundline.cases.roles`). It is a
  :class:`UserInputError` whose exit code is 4, so the CLI can tell it apart.
* :class:`SignInError` means a workbench sign-in was refused (a wrong user name or
  password, said the same way for both, or throttling after repeated failures).
  It is a :class:`UserInputError` with exit code 4.
* :class:`CaseNotFoundError` means there is no such case; :class:`CaseHiddenError`
  (a subclass, said the same way) that the acting user may not know it (need to
  know), and the attempt is audited.
* :class:`CaseMovedOnError` (an :class:`IllegalStepError`) means a step was asked for
  on a case that another person moved on since the asker last saw it (two people
  taking the same step at once): the message says what was recorded meanwhile.
* :class:`BrokenChainError` means the audit log's hash chain does not hold, so a
  checkpoint of it was not signed (exit code 1, as ``boundline audit verify``).
* :class:`CaseStoreError` means the case database cannot be opened or migrated
  (exit code 3, like :class:`StoreError`).

Rows that break a rule of the data contract are *not* exceptions: they are set
aside with the rule they broke (see :mod:`boundline.contract.rules`).
"""

from __future__ import annotations


class BoundlineError(Exception):
    """Base class of every error Boundline raises on purpose."""

    exit_code = 1


class UserInputError(BoundlineError):
    """Something the user supplied cannot be used; nothing was changed."""

    exit_code = 2


class SourceFolderError(UserInputError):
    """The source folder is missing, not a folder, or holds no contract table."""


class MissingTableError(UserInputError):
    """A table the data contract requires is not in the source folder."""


class MissingColumnError(UserInputError):
    """A table lacks a column the data contract requires."""


class UnsupportedFileError(UserInputError):
    """A table file is not a readable CSV or Parquet file."""


class ProfileError(UserInputError):
    """A mapping profile cannot be read or does not make sense."""


class IllegalStepError(UserInputError):
    """A statutory-process step is not allowed now; the message says what is allowed instead.

    ``step`` and ``case`` name the refused step and the case's reference where the
    raiser knows them (the CLI writes them to the audit log as a ``refused`` entry).
    """

    def __init__(self, message: str, *, step: str = "", case: str = "") -> None:
        super().__init__(message)
        self.step = step
        self.case = case


class CaseMovedOnError(IllegalStepError):
    """The case moved on since the asker saw it: another step was recorded in between."""


class BrokenChainError(BoundlineError):
    """The audit log's chain is broken, so it was not signed (exit code 1, as ``audit verify``)."""


class CaseNotFoundError(UserInputError):
    """There is no such case (the workbench answers 404)."""


class CaseHiddenError(CaseNotFoundError):
    """The case exists but the acting user may not know it (need to know).

    Said exactly as :class:`CaseNotFoundError`, with the same exit code, so a guess
    learns nothing; unlike it, the attempt is written to the audit log as ``denied``
    (``case`` names the case for that entry, never shown).
    """

    def __init__(self, message: str, *, case: str = "") -> None:
        super().__init__(message)
        self.case = case


class StoreError(BoundlineError):
    """The store folder is missing, corrupt, or was written by an unknown version."""

    exit_code = 3


class IngestInvariantError(BoundlineError):
    """An ingest's own bookkeeping did not add up; the ingest was abandoned unpublished.

    This is a bug in Boundline, never in the data: please report it with the file.
    """


class EngineUnavailableError(BoundlineError):
    """An optional engine was requested but its extra is not installed."""

    exit_code = 2


class PermissionDeniedError(UserInputError):
    """The acting user's role may not do this (deny by default); nothing was changed.

    The message says it in words; ``permission`` is the permission's name (e.g.
    ``user.list``) where the raiser checked one, for the audit log's ``denied`` entry.
    """

    exit_code = 4

    def __init__(self, message: str, *, permission: str = "") -> None:
        super().__init__(message)
        self.permission = permission


class SignInError(UserInputError):
    """A sign-in was refused: wrong user name or password, or too many failures (throttled)."""

    exit_code = 4


class CaseStoreError(BoundlineError):
    """The case database cannot be opened, reached or brought up to date."""

    exit_code = 3
