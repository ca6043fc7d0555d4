"""Members of the public: names, vulnerability, numbers, handles, homes and workplaces."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from boundline.synth import _numbers as nums
from boundline.synth._names import LAT0, LAT1, LON0, LON1, SURNAMES, addresses, full_names
from boundline.synth._world import F64, I64, NONE, B, empty_f64, empty_i64

VULNERABILITIES = (
    "mental health",
    "severe anxiety",
    "domestic abuse victim",
    "learning disability",
    "under 18",
    "alcohol dependency",
    "recently bereaved",
    "homeless",
)


@dataclass
class PersonSpec:
    """A planted person, fixed before the rest of the population is drawn."""

    female: bool
    home: tuple[float, float]
    work: tuple[float, float] | None = None
    vulnerability: str | None = None
    handle: bool = False
    landline: bool = False


@dataclass
class People:
    """Column arrays of everyone in the force's records."""

    name: list[str] = field(default_factory=list)
    dob: I64 = field(default_factory=empty_i64)  # days since 1970-01-01
    vulnerable: B = field(default_factory=lambda: np.zeros(0, dtype=np.bool_))
    vulnerability: list[str | None] = field(default_factory=list)
    home_lat: F64 = field(default_factory=empty_f64)
    home_lon: F64 = field(default_factory=empty_f64)
    home_addr: list[str] = field(default_factory=list)
    work_lat: F64 = field(default_factory=empty_f64)  # NaN = no workplace
    work_lon: F64 = field(default_factory=empty_f64)
    work_addr: list[str | None] = field(default_factory=list)
    mobile: I64 = field(default_factory=empty_i64)  # identity or NONE
    mobile_form: I64 = field(default_factory=empty_i64)
    landline: I64 = field(default_factory=empty_i64)
    landline_form: I64 = field(default_factory=empty_i64)
    handle: I64 = field(default_factory=empty_i64)
    handle_form: I64 = field(default_factory=empty_i64)
    email: list[str | None] = field(default_factory=list)
    landlines_used: int = 0

    def __len__(self) -> int:
        return len(self.dob)

    def drop_text(self) -> None:
        """Forget names, addresses and e-mails (once written) to bound memory."""
        self.name, self.home_addr, self.work_addr, self.email = [], [], [], []
        self.vulnerability = []

    def identities(self, person: int) -> list[int]:
        """Phone and handle identities of one person."""
        vals = (self.mobile[person], self.landline[person], self.handle[person])
        return [int(v) for v in vals if v != NONE]


def add_people(
    people: People,
    rng: np.random.Generator,
    handles: list[str],
    n: int,
    home_lat: F64 | None = None,
    home_lon: F64 | None = None,
    female: B | None = None,
) -> I64:
    """Draw ``n`` people (homes at the given points, else anywhere); return their indexes."""
    first = len(people)
    idx = np.arange(first, first + n, dtype=np.int64)
    if female is None:
        female = rng.random(n) < 0.55
    names = full_names(rng, n, female)
    if home_lat is None or home_lon is None:
        home_lat = rng.uniform(LAT0, LAT1, n)
        home_lon = rng.uniform(LON0, LON1, n)
    vulnerable = rng.random(n) < 0.12
    reason = rng.integers(0, len(VULNERABILITIES), n)
    works = rng.random(n) < 0.3
    has_mobile = rng.random(n) < 0.92
    has_land = rng.random(n) < 0.12
    has_land &= people.landlines_used + np.cumsum(has_land) <= nums.LANDLINES
    land_index = people.landlines_used + np.cumsum(has_land) - 1
    people.landlines_used += int(has_land.sum())
    has_handle = rng.random(n) < 0.08
    has_email = rng.random(n) < 0.25
    hidx = np.full(n, NONE, dtype=np.int64)
    for k in np.flatnonzero(has_handle).tolist():
        first_name, surname = names[k].split(" ", 1)
        hidx[k] = nums.HANDLE_BASE + len(handles)
        handles.append(f"@{first_name}{surname[0]}_{first + k}")
    people.name += names
    people.dob = np.concatenate([people.dob, rng.integers(-11000, 13500, n)])
    people.vulnerable = np.concatenate([people.vulnerable, vulnerable])
    people.vulnerability += [
        VULNERABILITIES[r] if v else None
        for r, v in zip(reason.tolist(), vulnerable.tolist(), strict=True)
    ]
    people.home_lat = np.concatenate([people.home_lat, np.round(home_lat, 6)])
    people.home_lon = np.concatenate([people.home_lon, np.round(home_lon, 6)])
    people.home_addr += addresses(rng, n)
    wlat = np.where(works, rng.uniform(LAT0, LAT1, n), np.nan)
    wlon = np.where(works, rng.uniform(LON0, LON1, n), np.nan)
    people.work_lat = np.concatenate([people.work_lat, np.round(wlat, 6)])
    people.work_lon = np.concatenate([people.work_lon, np.round(wlon, 6)])
    waddr = addresses(rng, n)
    people.work_addr += [a if w else None for a, w in zip(waddr, works.tolist(), strict=True)]
    people.mobile = np.concatenate(
        [people.mobile, np.where(has_mobile, nums.person_mobile(idx), NONE)]
    )
    people.mobile_form = np.concatenate([people.mobile_form, rng.integers(0, nums.FORMS, n)])
    people.landline = np.concatenate(
        [people.landline, np.where(has_land, nums.landline(np.maximum(land_index, 0)), NONE)]
    )
    people.landline_form = np.concatenate([people.landline_form, rng.integers(0, nums.FORMS, n)])
    people.handle = np.concatenate([people.handle, hidx])
    people.handle_form = np.concatenate([people.handle_form, rng.integers(0, nums.HANDLE_FORMS, n)])
    domains = ("example.com", "example.org", "example.net")
    people.email += [
        f"{nm.split()[0].lower()}.{nm.split()[1].lower()}{(first + k) % 89}@{domains[k % 3]}"
        if e
        else None
        for k, (nm, e) in enumerate(zip(names, has_email.tolist(), strict=True))
    ]
    return idx


def add_planted(
    people: People, rng: np.random.Generator, handles: list[str], spec: PersonSpec
) -> int:
    """Add one planted person as specified (always with a mobile number)."""
    idx = int(
        add_people(
            people,
            rng,
            handles,
            1,
            np.array([spec.home[0]]),
            np.array([spec.home[1]]),
            np.array([spec.female]),
        )[0]
    )
    people.mobile[idx] = int(nums.person_mobile(np.array([idx]))[0])
    people.vulnerable[idx] = spec.vulnerability is not None
    people.vulnerability[idx] = spec.vulnerability
    if spec.work is None:
        people.work_lat[idx] = np.nan
        people.work_lon[idx] = np.nan
        people.work_addr[idx] = None
    else:
        people.work_lat[idx], people.work_lon[idx] = round(spec.work[0], 6), round(spec.work[1], 6)
        people.work_addr[idx] = f"{SURNAMES[idx % len(SURNAMES)]}'s, Kings Parade, Boundton"
    if spec.handle:
        people.handle[idx] = nums.HANDLE_BASE + len(handles)
        first_name = people.name[idx].split()[0]
        handles.append(f"@{first_name}Xo{idx}")
    elif not spec.handle:
        people.handle[idx] = NONE
    if not spec.landline:
        people.landline[idx] = NONE
    return idx
