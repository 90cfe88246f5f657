"""Who may see what: the need-to-know policy as data, one frozen :class:`Policy` per role.

The data is about children and sexual and criminal exploitation. Detailed RHI notes are
confidential to the children's services team that wrote them; the soft intelligence in them is
shared with police under conditions; multi-agency groups usually need only the pattern. The
service layer (:mod:`rhigraph.governance.service`) reads this table on every call, so the
rules hold for the CLI, the dashboard and any future API alike, and a change of policy is a
change of data here, not of code paths.

Tiers, from least to most revealing:

- ``AGGREGATE``: counts and ranked places; children appear only as stable pseudonyms
  ("Child 7F3A-9C2B"), places linked to fewer than ``min_children_floor`` children are
  suppressed, placement addresses are never shown.
- ``FACTS``: extracted entities and links with names, dates, provenance and grading.
- ``FULL_TEXT``: the whole text of the documents the facts came from.

===========  ==========  ==========================  ===================  ============
role         tier        whole text of / snippets    handling code C      grading
===========  ==========  ==========================  ===================  ============
ANALYST      FACTS       forms / notes and forms     seen and exported    as chosen
RHI_MANAGER  FULL_TEXT   everything / everything     seen and exported    as chosen
ADMIN        FACTS       nothing / nothing           seen, not exported   as chosen
PARTNER      AGGREGATE   nothing / nothing           withheld             C / 5 removed
===========  ==========  ==========================  ===================  ============

Why these choices:

- ANALYST (police) gets the facts and the words around each fact (a snippet of at most a few
  hundred characters), in notes and forms, because an analyst must judge what a fact rests
  on. The whole text of an RHI note stays with children's services: the note holds the
  child's account in the child's own words, and the police receive its intelligence, not the
  interview. The whole text of an information-sharing form is readable: forms are written to
  be shared with police.
- RHI_MANAGER owns the notes and reads everything.
- ADMIN manages accounts, reads and verifies the audit log, reviews retention and erases
  documents. It sees the facts (to answer a subject access or erasure request) but no text:
  administering the system is not a reason to read interviews. Its exports leave out
  handling code C facts, whose sharing conditions an administrator is not placed to apply.
- PARTNER (a multi-agency group member) sees where children are being drawn to, not who they
  are: aggregates, pseudonymised children, no text or snippets, no person names, no handling
  code C facts, and no facts graded source C or assessment 5.
- Adding records (``ingest``: files into the store) and recording what meetings decide
  (``record_meetings``: actions, notifications made) are for ANALYST, RHI_MANAGER and
  ADMIN: police analysts load the episode exports and forms, the RHI team its notes, and
  administrators load on behalf of both. Ingest shows only counts and rejection reasons, so
  it reveals nothing a role could not already see. A PARTNER attends meetings but keeps no
  records in rhigraph; it reads the actions as the partner pack shows them (children as
  pseudonyms, no text or owners). Tracking RHI recommendations as actions
  (``rhigraph actions import-rhi``) reads the notes' actions section, which is note text,
  so it is for roles that read RHI notes whole (RHI_MANAGER).
- Document kinds the policy does not name are treated as the most confidential: a new kind
  is readable in full only by RHI_MANAGER until it is added here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum
from types import MappingProxyType

from graph.exc import RhigraphError


class AccessDenied(RhigraphError):
    """The role may not do this. Messages name the role and the action, never the data."""


class Role(StrEnum):
    """The four kinds of user."""

    ANALYST = "ANALYST"
    RHI_MANAGER = "RHI_MANAGER"
    PARTNER = "PARTNER"
    ADMIN = "ADMIN"

    @classmethod
    def parse(cls, value: str) -> Role:
        """The role named ``value`` (case and surrounding spaces folded).

        >>> Role.parse(" rhi_manager ")
        <Role.RHI_MANAGER: 'RHI_MANAGER'>
        """
        try:
            return cls(value.strip().upper())
        except ValueError:
            raise AccessDenied(
                f"unknown role: expected one of {', '.join(r.value for r in cls)}") from None


class Tier(IntEnum):
    """How much of the graph a role sees; a higher tier includes the lower ones."""

    AGGREGATE = 1
    FACTS = 2
    FULL_TEXT = 3


#: Every document kind ingest writes (``DocumentRecord.kind``).
ALL_KINDS = frozenset({"rhi_note", "intel_form", "episodes", "placements"})


@dataclass(frozen=True)
class Policy:
    """What one role may see and do. Every field is checked by the service layer."""

    role: Role
    tier: Tier
    full_text_kinds: frozenset[str] = frozenset()
    snippet_kinds: frozenset[str] = frozenset()
    see_handling_c: bool = True
    export_handling_c: bool = False
    force_min_grading: bool = False
    pseudonymise_children: bool = False
    see_placements: bool = True
    min_children_floor: int = 1
    manage_users: bool = False
    read_audit: bool = False
    erase: bool = False
    review_retention: bool = False
    resolve_entities: bool = False
    ingest: bool = False
    record_meetings: bool = False

    def reads_full_text(self, kind: str | None) -> bool:
        """Whether the whole text of a document of ``kind`` may be shown."""
        return kind in self.full_text_kinds

    def reads_snippet(self, kind: str | None) -> bool:
        """Whether the words around a fact in a document of ``kind`` may be shown."""
        return kind in self.snippet_kinds or self.reads_full_text(kind)

    @property
    def withheld_handling_codes(self) -> frozenset[str]:
        """Handling codes whose facts this role's views leave out."""
        return frozenset() if self.see_handling_c else frozenset({"C"})


POLICIES: MappingProxyType[Role, Policy] = MappingProxyType({
    Role.ANALYST: Policy(
        Role.ANALYST, Tier.FACTS,
        full_text_kinds=frozenset({"intel_form"}),
        snippet_kinds=frozenset({"rhi_note", "intel_form"}),
        export_handling_c=True, resolve_entities=True, ingest=True, record_meetings=True,
    ),
    Role.RHI_MANAGER: Policy(
        Role.RHI_MANAGER, Tier.FULL_TEXT,
        full_text_kinds=ALL_KINDS, snippet_kinds=ALL_KINDS,
        export_handling_c=True, erase=True, review_retention=True, resolve_entities=True,
        ingest=True, record_meetings=True,
    ),
    Role.ADMIN: Policy(
        Role.ADMIN, Tier.FACTS,
        manage_users=True, read_audit=True, erase=True, review_retention=True,
        ingest=True, record_meetings=True,
    ),
    Role.PARTNER: Policy(
        Role.PARTNER, Tier.AGGREGATE,
        see_handling_c=False, force_min_grading=True, pseudonymise_children=True,
        see_placements=False, min_children_floor=2,
    ),
})


def policy_for(role: Role | str) -> Policy:
    """The policy of ``role``; an unknown role is refused rather than given a default."""
    return POLICIES[role if isinstance(role, Role) else Role.parse(role)]
