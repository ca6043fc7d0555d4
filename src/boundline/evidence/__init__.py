"""Evidence: the figures an investigator quotes about one officer and one person.

``evidence(engine, officer_id, person_id)`` returns the JSON object of
``shared/spec/outputs.md`` (``boundline evidence``): ``met_on_duty``, ``comms``,
``silences``, ``visits`` (stays of the officer's vehicles near the person's places,
:mod:`boundline.detectors.visits`) and ``record_access``. Every figure follows the
definitions in ``docs/detectors.md`` and is computed from accepted rows only, through
the same resolution as the detectors.
"""

from boundline.evidence._figures import evidence, iso_z, period_bounds

__all__ = ["evidence", "iso_z", "period_bounds"]
