"""The ten Standards of Professional Behaviour an allegation may breach."""

from __future__ import annotations

from collections.abc import Iterable

from boundline.errors import UserInputError

STANDARDS: tuple[str, ...] = (
    "honesty and integrity",
    "authority, respect and courtesy",
    "equality and diversity",
    "use of force",
    "orders and instructions",
    "duties and responsibilities",
    "confidentiality",
    "fitness for work",
    "discreditable conduct",
    "challenging and reporting improper conduct",
)


def parse_standards(names: Iterable[str]) -> list[str]:
    """The standards named (case-insensitive, in the order of :data:`STANDARDS`)."""
    wanted = {n.strip().lower() for n in names if n.strip()}
    unknown = wanted - set(STANDARDS)
    if unknown:
        raise UserInputError(
            f"Not a Standard of Professional Behaviour: {', '.join(sorted(unknown))}. "
            f"The standards are: {'; '.join(STANDARDS)}."
        )
    if not wanted:
        raise UserInputError("An allegation must name at least one standard it would breach.")
    return [s for s in STANDARDS if s in wanted]
