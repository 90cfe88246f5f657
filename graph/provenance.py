"""Provenance and grading: where a fact came from and how far it can be trusted and shared.

Every link in the graph carries a :class:`Provenance`. Grading follows the College of Policing
3x5x2 model: source evaluation A (reliable), B (untested), C (not reliable); intelligence
assessment 1 (known directly), 2 (known indirectly, corroborated), 3 (known indirectly),
4 (not known), 5 (suspected false); handling code P (lawful sharing permitted) or C (lawful
sharing permitted with conditions). Older 5x5x5 grades are mapped onto it (see
:func:`Grading.parse`). An RHI note is not graded by its author; its facts carry no grading
(``None``) until someone grades them, and filters treat "ungraded" as its own value.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from graph.exc import InvalidValue

SOURCE_EVALUATIONS = ("A", "B", "C")
INTELLIGENCE_ASSESSMENTS = ("1", "2", "3", "4", "5")
HANDLING_CODES = ("P", "C")

#: 5x5x5 source evaluation (A-E) onto 3x5x2 (A-C): A -> A; B, C -> B (untested/mostly
#: reliable); D, E -> C. 5x5x5 handling codes 1-4 allow sharing (P), 5 carries conditions (C).
_LEGACY_SOURCE = {"A": "A", "B": "B", "C": "B", "D": "C", "E": "C", "X": "C"}
_LEGACY_HANDLING = {"1": "P", "2": "P", "3": "P", "4": "P", "5": "C"}


@dataclass(frozen=True)
class Grading:
    """A 3x5x2 grading; every part optional because forms are filled in partially."""

    source_evaluation: str | None = None
    intelligence_assessment: str | None = None
    handling_code: str | None = None

    def __post_init__(self) -> None:
        checks = (
            (self.source_evaluation, SOURCE_EVALUATIONS, "source evaluation"),
            (self.intelligence_assessment, INTELLIGENCE_ASSESSMENTS, "intelligence assessment"),
            (self.handling_code, HANDLING_CODES, "handling code"),
        )
        for value, allowed, what in checks:
            if value is not None and value not in allowed:
                raise InvalidValue(f"{what} must be one of {', '.join(allowed)}")

    @property
    def code(self) -> str | None:
        """Compact form as analysts write it, ``B2P``; ``None`` when ungraded."""
        parts = (self.source_evaluation, self.intelligence_assessment, self.handling_code)
        return "".join(p or "?" for p in parts) if any(parts) else None

    @classmethod
    def parse(cls, source: str | None, assessment: str | None, handling: str | None,
              *, legacy: bool = False) -> Grading:
        """Build a grading from the three values as written (case and spaces folded).

        With ``legacy=True`` the values are 5x5x5 and are mapped as documented above.

        >>> Grading.parse("b", "2", "p").code
        'B2P'
        >>> Grading.parse("C", "3", "5", legacy=True).code
        'B3C'
        """
        def norm(value: str | None) -> str | None:
            value = re.sub(r"\s+", "", value or "").upper()[:1]
            return value or None

        s, a, h = norm(source), norm(assessment), norm(handling)
        if legacy:
            s = _LEGACY_SOURCE.get(s, s) if s else None
            h = _LEGACY_HANDLING.get(h, h) if h else None
        return cls(s, a, h)

    def as_dict(self) -> dict[str, str | None]:
        """Plain mapping for JSON and storage."""
        return asdict(self)


@dataclass(frozen=True)
class Provenance:
    """Where one fact came from: document, character span, date, submitter, agency, grading."""

    document_id: str
    start: int | None = None
    end: int | None = None
    observed_at: str | None = None  # ISO date of the document or event
    submitted_by: str | None = None
    agency: str | None = None
    grading: Grading = Grading()
