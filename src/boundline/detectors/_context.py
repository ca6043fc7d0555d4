"""The detection context: the engine, the force's time zone, ``as_of``, shared relations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING

from boundline.contract import DEFAULT_TIMEZONE
from boundline.detectors import resolve
from boundline.detectors._localtime import offsets_table

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from boundline.engine import Engine


@dataclass(frozen=True)
class DetectionContext:
    """What detectors run against: explicit values, no globals.

    ``engine`` reads the store; ``tz`` is the force's time zone (local-time questions:
    night, weekday); ``as_of``, when given (timezone-aware), restricts every relation
    to what was known before it: records at or after it are left out, and tasking
    ends and incident closures after it are unknown (still open). The shared
    relations are ibis expressions built once, on first use; only ``contacts`` is
    materialised (``cache``), because every detector starts from it.
    """

    engine: Engine
    tz: str = DEFAULT_TIMEZONE
    as_of: datetime | None = None
    cache: bool = True

    def __post_init__(self) -> None:
        if self.as_of is not None and self.as_of.tzinfo is None:
            raise ValueError("as_of must be timezone-aware (e.g. 2024-06-01T00:00:00+00:00)")

    def table(self, name: str) -> ir.Table:
        """The accepted rows of a contract table (not filtered by ``as_of``)."""
        return self.engine.table(name)

    @cached_property
    def years(self) -> tuple[int, int]:
        """The first and last UTC year of the comms records (this year if there are none)."""
        comms = self.engine.table("comms")
        row = comms.aggregate(lo=comms.time.min(), hi=comms.time.max()).to_pyarrow().to_pylist()
        now = datetime.now(UTC).year
        lo, hi = row[0]["lo"], row[0]["hi"]
        return (lo.year if lo else now, hi.year if hi else now)

    @cached_property
    def offsets(self) -> ir.Table:
        """UTC intervals → the zone's UTC offset, for the data's years (see _localtime)."""
        first, last = self.years
        return offsets_table(self.tz, first, last)

    @cached_property
    def comms(self) -> ir.Table:
        """Comms rows resolved to officers, with local time, colleague and shift flags."""
        return resolve.officer_comms(self.engine, self.offsets, self.as_of)

    @cached_property
    def taskings(self) -> ir.Table:
        """Met on duty through taskings (see :func:`resolve.taskings`)."""
        return resolve.taskings(self.engine, self.as_of)

    @cached_property
    def lookups(self) -> ir.Table:
        """Record look-ups up to ``as_of``."""
        return resolve.lookups(self.engine, self.as_of)

    @cached_property
    def met_pairs(self) -> ir.Table:
        """(officer, person) pairs met on duty, by tasking or look-up."""
        return resolve.met_pairs(self.taskings, self.lookups)

    @cached_property
    def contacts(self) -> ir.Table:
        """Every resolved comms row, one per matching person (see :func:`resolve.contacts`).

        With ``cache`` (the default) the backend materialises it once (``Table.cache``,
        a temporary table on DuckDB or Spark), since every detector starts from it.
        """
        contacts = resolve.contacts(
            self.comms, resolve.person_contacts(self.engine), self.taskings, self.met_pairs
        )
        return self.engine.cache(contacts) if self.cache else contacts

    @cached_property
    def public_contacts(self) -> ir.Table:
        """Contacts with a person met on duty, never a colleague: what detectors examine."""
        c = self.contacts
        return c.filter(c.person_id.notnull(), c.met_on_duty, ~c.is_colleague)

    @cached_property
    def stays(self) -> ir.Table:
        """Every vehicle's stays from ``avl`` before ``as_of`` (a table in the engine)."""
        from boundline.detectors.visits import stays_table

        return stays_table(self.engine, self.as_of)

    @cached_property
    def max_lat(self) -> float:
        """The stays' largest ``|lat|``: it sizes the grid cells of every spatial join."""
        from boundline.detectors.visits import max_abs_lat

        return max_abs_lat(self.stays)

    @cached_property
    def explained_stays(self) -> ir.Table:
        """Every (stay, officer using the vehicle), on shift and explained or not.

        Materialised with ``cache``: the met visits and the busy places start from it.
        """
        from boundline.detectors.visits import RADIUS_M, explained_stays

        xs = explained_stays(self.engine, self.stays, self.as_of, RADIUS_M, self.max_lat)
        return self.engine.cache(xs) if self.cache else xs

    @cached_property
    def visit_places(self) -> ir.Table:
        """Stays near any person's places, per officer and place (see :mod:`.visits`).

        For inspection and tests; not cached, and at force scale large (every stay at a
        station yard is near every home around it). Detectors use ``met_visit_places``.
        """
        from boundline.detectors.visits import RADIUS_M, visits_near

        places = self.engine.table("places")
        return visits_near(self.explained_stays, places, RADIUS_M, self.max_lat)

    @cached_property
    def met_visit_places(self) -> ir.Table:
        """``visit_places`` of the (officer, person) pairs met on duty only.

        Materialised with ``cache`` like ``contacts``: every visit detector starts from it.
        """
        from boundline.detectors.visits import RADIUS_M, first_met, visits_near

        fm = first_met(self)
        pairs = fm.select(officer_id=fm._m_o, person_id=fm._m_p)
        places = self.engine.table("places")
        vp = visits_near(self.explained_stays, places, RADIUS_M, self.max_lat, pairs)
        return self.engine.cache(vp) if self.cache else vp

    @cached_property
    def place_officers(self) -> ir.Table:
        """Busy places: distinct officers with unexplained stays near each met-visit place."""
        from boundline.detectors.visits import RADIUS_M, place_officer_counts

        places = self.engine.table("places")
        po = place_officer_counts(
            self.explained_stays, places, self.met_visit_places, RADIUS_M, self.max_lat
        )
        return self.engine.cache(po) if self.cache else po
