"""Evidence: the figures an investigator quotes about one officer and one person.

``evidence(engine, officer_id, person_id)`` returns the JSON object of
``shared/spec/outputs.md`` (``boundline evidence``): ``met_on_duty``, ``comms``,
``silences`` and ``record_access``. ``visits`` comes with the vehicle issue and is
not produced yet. Every figure follows the definitions in ``docs/detectors.md``
and is computed from accepted rows only, through the same resolution as the
detectors.
"""

from boundline.evidence._figures import evidence, iso_z, period_bounds

__all__ = ["evidence", "iso_z", "period_bounds"]
