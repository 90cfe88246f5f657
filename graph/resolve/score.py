"""How evidence becomes a score, and the two thresholds that decide what happens to it.

Scores are Fellegi-Sunter style: each piece of evidence adds a log-odds weight (positive for
agreement, negative for disagreement) to a prior, and the sum goes through the logistic
function. The weights are set by hand from what each kind of evidence means in safeguarding
records, not fitted to the generated scenarios the tests score against, so that the
evaluation stays honest; each is documented where it is defined.

Thresholds:

* ``MERGE`` (0.90): merged automatically. Reaching it needs either a strong identifier
  agreement (same full name, a nickname a document states, a partial plate that fits with
  make and colour agreeing), or a weak name agreement plus independent corroboration (the
  same child's records, a shared phone, car or address).
* ``REVIEW`` (0.50): from here up to ``MERGE`` the pair goes to the analysts' review queue
  with its reasons. Below it nothing is recorded: a bare first name shared across two
  children with nothing else in common is not worth an analyst's time, and is not a link.

Why merging needs 0.9 and not less: a wrong merge pools two people's children, phones and
places into one "adult of concern" (a safeguarding harm and possibly an unlawful disclosure),
while a missed merge leaves a candidate an analyst can accept in one command.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

MERGE = 0.90
REVIEW = 0.50
#: Prior log-odds that two records in one block are one thing: blocks group by a shared
#: name token or street stem, and most such pairs are different people and places.
PRIOR = -3.0

# -- people --------------------------------------------------------------------------------
SAME_FULL_NAME = 7.0        # first and last name agree: ingest would have joined them already
FULL_NAME_ALIKE = 4.0       # a typo in a full name ("Mossop"/"Mosop")
INITIAL_AGREES = 4.5        # "L Fairclough" and "Lee Fairclough", "Callum S" and "Callum Steele"
STATED_ALIAS = 5.0          # a document gives this nickname to that full name
SURNAME_WITH_TITLE = 3.0    # "Mr ASHWORTH" and "Dean Ashworth"
FIRST_NAME_ONLY = 2.0       # "Kyle" and "Kyle Pennington": first names are common
DERIVED_NICKNAME = 3.0      # "Johnno" and "John Pickering": reads as made from the name
SAME_BARE_NAME = 2.0        # "Kyle" and "Kyle"
SURNAME_ONLY = 2.0          # "Davey" and "Graham Davey"
SAME_JOB = 1.5              # "key worker" and "key worker"
#: Two practitioners whose jobs name one workplace ("key worker, Burke House"): the people
#: a first name could be are that workplace's staff, not the whole area's, so the name is
#: corroborated there as a child's associates are in the child's records.
SAME_WORKPLACE = 1.5
SECOND_NAME_AGREEMENT = 1.0  # a second, independent name agreement
SAME_CHILD = 2.5            # both in one child's records: a child's associates recur
#: Two children's records of one absence (one names the other child, dated within
#: TOGETHER_DAYS): a bare first name both give is someone both children were with, which
#: corroborates like one child's records do.
MISSING_TOGETHER = 2.5
TOGETHER_DAYS = 7
DOB_EQUAL = 4.0
AGE_COMPATIBLE = 0.5
GENDER_DIFFERS = -2.5       # pronouns in notes are often wrong, so not a hard conflict
BOTH_ADULTS_OF_CONCERN = 1.0
BOTH_SAME_OTHER_ROLE = 0.5
BOTH_PROFESSIONALS = 1.0
UNCORROBORATED_ACROSS_CHILDREN = -1.5  # a bare first name in two children's records only
AMBIGUOUS_NAME = -3.0       # two differently named people share this nickname or name
COMMON_NAME = -1.0          # the records give this first name three or more surnames
#: The only person of that first name the records know whom this adult of concern could
#: be: "Keith" in one child's note where Keith BRAY is the one adult Keith of every record.
#: See ``compare.only_one_known``. Enough for review; it corroborates as the same child's
#: records would only when the mention also has an adult's age ("Keith, maybe 30").
ONLY_ONE_KNOWN = 2.5

# -- shared linked things (a phone, car, address or associate linked in both records) ------
SHARED = {"Phone": 3.5, "OnlineAccount": 3.5, "Vehicle": 3.0, "Location": 2.0, "Person": 1.5}
SHARED_CAP = 5.0
#: Each identifying person, place, phone or car both records also name (not linked to it):
#: weaker than a link, since a note names many things, but two notes naming the same trap
#: house and the same adult of concern are about one circle of people.
NAMED_TOGETHER = 1.0
NAMED_TOGETHER_CAP = 2.5

# -- places ----------------------------------------------------------------------------------
SAME_WORDING = 5.0          # one record's wording is another record's alias for the place
SAME_ADDRESS = 7.0
ADDRESS_SPELLED_DIFFERENTLY = 5.0
DWELLING_ON_STREET = 3.0    # "flat on Mossfield Court" and "18 Mossfield Court"
STREET_SPELLED_DIFFERENTLY = 2.5
STREET_NAME_ONLY = 2.0      # "flat on Mossfield" and "Mossfield Court"
ONLY_ADDRESS_ON_STREET = 1.5
SEVERAL_ADDRESSES_ON_STREET = -2.0
SAME_PLACE_NAME = 5.0       # "Larkfield" / "Larkfield House"
PLACE_NAME_CONTAINED = 3.0  # "Middlebrook" / "Middlebrook Retail Park"
SAME_POSTCODE = 2.0
SAME_TOWN = 0.5
PLACE_SAME_CHILD = 1.5
SAME_STREET_SPELLING = 4.0  # two spellings of one street

# -- vehicles --------------------------------------------------------------------------------
PARTIAL_FITS = 3.5
PARTIALS_AGREE = 2.5
ONLY_PLATE_THAT_FITS = 1.0
SEVERAL_PLATES_FIT = -2.0
SAME_MAKE = 1.5
SAME_COLOUR = 1.0
SAME_MODEL = 0.5
DESCRIPTION_MATCH = 2.0     # no plate on one side: make and colour agree
VEHICLE_SAME_CHILD = 2.0


@dataclass
class Evidence:
    """The weights found for one pair, their reasons, and an optional ceiling: some
    evidence may only ever make a candidate (a partial plate without make and colour)."""

    terms: list[tuple[float, str]] = field(default_factory=list)
    ceiling: float = 1.0

    def add(self, weight: float, reason: str) -> None:
        self.terms.append((weight, reason))

    @property
    def log_odds(self) -> float:
        return PRIOR + sum(w for w, _ in self.terms)

    @property
    def score(self) -> float:
        return min(self.ceiling, probability(self.log_odds))

    def reasons(self) -> list[str]:
        """Reasons, strongest first (as strong: in alphabetical order, so the same pair
        reads the same whichever record came first), each with its weight so a reviewer
        sees why."""
        ordered = sorted(self.terms, key=lambda t: (-abs(t[0]), t[1]))
        return [f"{reason} ({weight:+.1f})" for weight, reason in ordered]


def probability(log_odds: float) -> float:
    """The logistic function, rounded so stored scores are stable across platforms."""
    return round(1.0 / (1.0 + math.exp(-log_odds)), 4)


#: Ceiling for evidence that is never enough on its own (below MERGE).
CANDIDATE_ONLY = 0.85
