"""The grading a draft proposes (3x5x2) and why; a person confirms or changes it.

rhigraph proposes, it does not decide. The rules follow how the sample forms were graded
(FORMATS.md section 4; ``shared/samples/isf_*``), with the submitting RHI service as the
source of the intelligence:

* **Source evaluation B** (untested), always. What reaches the form is a child's account
  given in a return home interview; A (reliable) needs a source with a proven record, which
  rhigraph cannot know, and C (not reliable) needs a reason to doubt the source.
* **Intelligence assessment 2** (known indirectly, corroborated) when the graph holds an
  independent record of something the draft carries: another child's note, a form, or the
  police episode record naming the same adult, place, vehicle, phone or handle (as sample
  BOL-2026-0014, two children's accounts, was graded 2). Otherwise **3** (known indirectly):
  the worker heard it from the child. rhigraph never proposes 1 (known directly to the
  source) - the worker did not witness what the child describes - and the reviewer may set
  it for what staff saw themselves (as sample WIG-2026-0031 was).
* **Handling code P** (lawful sharing permitted) by default; **C** (with conditions) when the
  quoted sentences name professionals or family members, who are witnesses or sources
  rather than subjects, or carry hearsay (what others told the child), so that their
  identities and the weight of the hearsay are handled with care (as sample BOL-2026-0009,
  with residents as sources, was C).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.provenance import Grading

HEARSAY = re.compile(
    r"\b(?:heard|apparently|rumou?rs?|people (?:say|said)|some(?:one|body) (?:said|told)"
    r"|(?:was|were|been) told that|according to|word is)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Proposal:
    """A proposed grading, any handling conditions, the third-party statement, and why."""

    grading: Grading
    conditions: str | None
    third_party: str
    reasons: list[str] = field(default_factory=list)


def propose(*, corroboration: list[str], named_third_parties: list[str],
            hearsay: list[str]) -> Proposal:
    """The proposal for a draft (module docstring).

    ``corroboration`` describes independent records of what the draft carries;
    ``named_third_parties`` are professionals or family named in the quoted sentences;
    ``hearsay`` the quoted sentences that report what others said.

    >>> propose(corroboration=[], named_third_parties=[], hearsay=[]).grading.code
    'B3P'
    >>> propose(corroboration=["x"], named_third_parties=["Neil"], hearsay=[]).grading.code
    'B2C'
    """
    reasons = ["source evaluation B (untested): a child's account given in a return home "
               "interview; A needs a source with a proven record"]
    if corroboration:
        assessment = "2"
        reasons.append("intelligence assessment 2 (known indirectly, corroborated): "
                       + "; ".join(corroboration))
    else:
        assessment = "3"
        reasons.append("intelligence assessment 3 (known indirectly): no independent record "
                       "in the graph names what this draft carries")
    conditions = []
    if named_third_parties:
        conditions.append("professionals or family members named as witnesses ("
                          + ", ".join(named_third_parties) + "): do not disclose their "
                          "identities beyond the receiving force without consulting the "
                          "submitting agency")
    if hearsay:
        conditions.append("contains hearsay (what others told the child): corroborate before "
                          "acting on it")
    handling = "C" if conditions else "P"
    reasons.append(f"handling code {handling}: " + ("; ".join(conditions) if conditions else
                                                    "no named third parties or hearsay"))
    third_party = ("partly - " + "; ".join(
        what for what, present in (("names professionals or family as witnesses",
                                    named_third_parties), ("includes hearsay", hearsay))
        if present)) if conditions else "no - the child's own account"
    return Proposal(Grading("B", assessment, handling),
                    "; ".join(conditions) or None, third_party, reasons)
