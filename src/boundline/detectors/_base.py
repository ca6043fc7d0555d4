"""The detector base class, the findings schema and the registry."""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from boundline.detectors._context import DetectionContext

#: The columns every detector's findings start with, in this order, and their types.
FINDING_COLUMNS: dict[str, str] = {
    "officer_id": "string",
    "counterpart": "string",
    "person_id": "string",
    "code": "string",
    "strength": "float64",
}

P = TypeVar("P")


@dataclass(frozen=True)
class ParamDoc:
    """One declared parameter of a detector: its name, default and meaning."""

    name: str
    default: Any
    doc: str


def param(default: Any, doc: str) -> Any:
    """Declare a detector parameter: a dataclass field with a default and a ``doc``."""
    return dataclasses.field(default=default, metadata={"doc": doc})


class Detector(ABC, Generic[P]):
    """A detector: a stable code, a kebab-case name, declared parameters, one query.

    Subclasses set ``code`` (``BL1xx``), ``name``, ``version`` and ``Params`` (a frozen
    dataclass whose fields are declared with :func:`param`) and implement
    :meth:`query`, which returns one row per (officer, person) with ``officer_id``,
    ``person_id``, ``strength`` and the detector's figures. :meth:`find` adds the
    person's usual ``counterpart`` and the ``code`` and puts the common columns first.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    version: ClassVar[str] = "1"
    Params: type[P]

    @abstractmethod
    def query(self, ctx: DetectionContext, params: P) -> ir.Table:
        """The findings, one row per (officer, person), before the common columns."""

    def find(self, ctx: DetectionContext, params: P | None = None) -> ir.Table:
        """The findings as an ibis table: the common columns, then the figures."""
        from boundline.detectors._common import finish

        chosen = self.Params() if params is None else params
        if not isinstance(chosen, self.Params):
            raise TypeError(f"{self.code} takes {self.Params.__qualname__}, not {type(chosen)}")
        return finish(ctx, self.query(ctx, chosen), self.code)

    @classmethod
    def parameters(cls) -> list[ParamDoc]:
        """The declared parameters with their defaults and meanings (for the docs)."""
        return [
            ParamDoc(f.name, f.default, str(f.metadata.get("doc", "")))
            for f in dataclasses.fields(cls.Params)  # type: ignore[arg-type]
        ]

    @classmethod
    def summary(cls) -> str:
        """The first line of the detector's docstring."""
        return (cls.__doc__ or "").strip().splitlines()[0]


#: Every registered detector, by code.
REGISTRY: dict[str, Detector[Any]] = {}

D = TypeVar("D", bound=type[Detector[Any]])


def register(cls: D) -> D:
    """Class decorator: add one instance of the detector to :data:`REGISTRY`."""
    if cls.code in REGISTRY and type(REGISTRY[cls.code]) is not cls:
        raise ValueError(f"detector code {cls.code} is registered twice")
    REGISTRY[cls.code] = cls()
    return cls


def all_detectors() -> list[Detector[Any]]:
    """The registered detectors, by code."""
    return [REGISTRY[code] for code in sorted(REGISTRY)]


def run_all(
    ctx: DetectionContext,
    selected: Iterable[str] | None = None,
    params: dict[str, Any] | None = None,
) -> dict[str, ir.Table]:
    """Each selected detector's findings (all detectors by default), as ibis tables.

    ``params`` maps a code to that detector's ``Params`` instance; others use defaults.
    An unknown code raises KeyError naming the known ones.
    """
    codes = sorted(REGISTRY) if selected is None else list(selected)
    unknown = [c for c in codes if c not in REGISTRY]
    if unknown:
        raise KeyError(f"unknown detector code(s) {unknown}; known: {sorted(REGISTRY)}")
    chosen = params or {}
    return {code: REGISTRY[code].find(ctx, chosen.get(code)) for code in codes}
