"""Detectors: who the officer met on duty, and what their contact, visits and look-ups show.

Each detector is a small class with a stable code (``BL1xx`` communications, ``BL2xx``
vehicle visits, ``BL3xx`` record look-ups), a kebab-case name,
declared parameters and one ibis query; all are registered in :data:`REGISTRY`.
They read the shared relations of a :class:`DetectionContext` (``resolve``) and
return findings with the common columns :data:`FINDING_COLUMNS` followed by their
own figures. Nothing is materialised until the caller asks (``to_pyarrow``).

    ctx = DetectionContext(connect(open_store(path)))
    tables = run_all(ctx)            # {"BL101": ibis.Table, ...}
    rows = tables["BL101"].to_pyarrow()
"""

from boundline.detectors import (
    _bl101_contact_beyond_tasking,
    _bl102_off_shift_night,
    _bl103_after_closure,
    _bl104_one_sided,
    _bl105_silence_resumption,
    _bl106_breadth,
    _bl201_visits_on_shift,
    _bl202_visits_off_shift,
    _bl203_repeat_visits,
    _bl301_lookups,
)
from boundline.detectors._base import (
    FINDING_COLUMNS,
    REGISTRY,
    Detector,
    ParamDoc,
    all_detectors,
    param,
    register,
    run_all,
)
from boundline.detectors._context import DetectionContext

ContactBeyondTasking = _bl101_contact_beyond_tasking.ContactBeyondTasking
OffShiftNightContact = _bl102_off_shift_night.OffShiftNightContact
ContactAfterClosure = _bl103_after_closure.ContactAfterClosure
OneSidedContact = _bl104_one_sided.OneSidedContact
SilenceAndResumption = _bl105_silence_resumption.SilenceAndResumption
BreadthOfContact = _bl106_breadth.BreadthOfContact
VisitsOnShift = _bl201_visits_on_shift.VisitsOnShift
VisitsOffShift = _bl202_visits_off_shift.VisitsOffShift
RepeatVisits = _bl203_repeat_visits.RepeatVisits
LookupsWithoutTask = _bl301_lookups.LookupsWithoutTask

__all__ = [
    "FINDING_COLUMNS",
    "REGISTRY",
    "BreadthOfContact",
    "ContactAfterClosure",
    "ContactBeyondTasking",
    "DetectionContext",
    "Detector",
    "LookupsWithoutTask",
    "OffShiftNightContact",
    "OneSidedContact",
    "ParamDoc",
    "RepeatVisits",
    "SilenceAndResumption",
    "VisitsOffShift",
    "VisitsOnShift",
    "all_detectors",
    "param",
    "register",
    "run_all",
]
