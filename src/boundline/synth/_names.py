"""Made-up names, streets and places of the fictional town of Boundton."""

from __future__ import annotations

import numpy as np

FEMALE = [
    "Amy",
    "Beth",
    "Chloe",
    "Dawn",
    "Emma",
    "Faye",
    "Gemma",
    "Hannah",
    "Isla",
    "Jade",
    "Kate",
    "Laura",
    "Megan",
    "Nina",
    "Olivia",
    "Paige",
    "Rachel",
    "Sarah",
    "Tara",
    "Vicky",
    "Zoe",
    "Abbie",
    "Carla",
    "Donna",
    "Ellie",
    "Holly",
    "Jess",
    "Leanne",
    "Mia",
    "Ruby",
]
MALE = [
    "Adam",
    "Ben",
    "Craig",
    "Dan",
    "Ethan",
    "Gary",
    "Harry",
    "Ian",
    "Jack",
    "Kieran",
    "Liam",
    "Mark",
    "Nathan",
    "Owen",
    "Paul",
    "Ryan",
    "Sam",
    "Tom",
    "Wayne",
    "Zak",
    "Alex",
    "Callum",
    "Dean",
    "Jamie",
    "Lee",
    "Matt",
    "Rob",
    "Scott",
    "Steve",
    "Kyle",
]
SURNAMES = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Jackson",
    "Clarke",
    "Patel",
    "Khan",
    "Lewis",
    "James",
    "Phillips",
    "Mason",
    "Mitchell",
    "Rose",
    "Davis",
    "Rodriguez",
    "Cox",
    "Alexander",
    "Morgan",
    "Moore",
    "Parker",
    "Hughes",
    "Edwards",
    "Hill",
    "Bell",
    "Kelly",
    "Ward",
    "Cooper",
    "Morris",
    "King",
    "Baker",
    "Harris",
    "Martin",
    "Shaw",
    "Lloyd",
    "Chapman",
    "Webb",
]
STREETS = [
    "Mill Lane",
    "Church Street",
    "Victoria Road",
    "Park Avenue",
    "Station Road",
    "Queens Drive",
    "Holly Close",
    "Marsh Lane",
    "Orchard Way",
    "Brook Street",
    "Canal Side",
    "Elm Grove",
    "Bridge Street",
    "Windsor Road",
    "Kings Parade",
    "Cedar Court",
    "Harbour Walk",
    "Moss Lane",
    "Ash Terrace",
    "Hope Street",
]
AREAS = ("Northgate", "Riverside", "Southfields", "Old Town", "Westbank", "Eastmoor")
STATIONS = ("Northgate", "Riverside", "Southfields")
SHOPS = ("Co-op", "Spar", "Greggs", "Boots", "Costa", "Londis", "Card Factory", "Superdrug")

#: The town's bounding box (about 15 km each way) and its police stations.
LAT0, LAT1 = 53.33, 53.47
LON0, LON1 = -3.09, -2.87
STATION_POINTS = ((53.435, -2.99), (53.40, -2.94), (53.36, -3.02))
M_PER_DEG_LAT = 111_320.0
M_PER_DEG_LON = 111_320.0 * float(np.cos(np.radians(53.40)))


def full_names(rng: np.random.Generator, n: int, female: np.ndarray | None = None) -> list[str]:
    """Draw ``n`` full names (female where ``female`` is true, else either)."""
    if female is None:
        female = rng.random(n) < 0.5
    f = rng.integers(0, len(FEMALE), n)
    m = rng.integers(0, len(MALE), n)
    s = rng.integers(0, len(SURNAMES), n)
    return [
        f"{FEMALE[a] if w else MALE[b]} {SURNAMES[c]}"
        for w, a, b, c in zip(female.tolist(), f.tolist(), m.tolist(), s.tolist(), strict=True)
    ]


def addresses(rng: np.random.Generator, n: int) -> list[str]:
    """Draw ``n`` street addresses in Boundton."""
    num = rng.integers(1, 240, n)
    st = rng.integers(0, len(STREETS), n)
    ar = rng.integers(0, len(AREAS), n)
    return [
        f"{a} {STREETS[b]}, {AREAS[c]}, Boundton"
        for a, b, c in zip(num.tolist(), st.tolist(), ar.tolist(), strict=True)
    ]
