"""Fictional names from Faker (``en_GB``), seeded, never repeated within a scenario.

Faker's en_GB lists mix generations; children get first names from the subset that was common
for children born 2008-2014 so notes read like real ones. Full names are unique across a
scenario, so the only name collisions are the ones planted on purpose (the decoys).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from faker import Faker
from faker.providers.person.en_GB import Provider as _EnGb

_CHILD_MALE = [
    "Jack",
    "Oliver",
    "Harry",
    "Charlie",
    "Thomas",
    "Joshua",
    "Jordan",
    "Ryan",
    "Luke",
    "Callum",
    "Kyle",
    "Liam",
    "Connor",
    "Jake",
    "Lewis",
    "Daniel",
    "James",
    "Dylan",
    "Reece",
    "Bradley",
    "Cameron",
    "Nathan",
    "Adam",
    "Aaron",
    "Ben",
    "Josh",
    "Max",
    "Owen",
    "Joseph",
    "Samuel",
    "William",
    "Jacob",
    "Alex",
    "Brandon",
    "Mohammed",
    "Kieran",
    "Declan",
    "Rhys",
    "Jamie",
    "Elliot",
    "Leon",
    "Toby",
]
_CHILD_FEMALE = [
    "Jessica",
    "Sophie",
    "Chloe",
    "Lauren",
    "Hannah",
    "Amy",
    "Megan",
    "Emily",
    "Ellie",
    "Amelia",
    "Olivia",
    "Grace",
    "Holly",
    "Jade",
    "Katie",
    "Leah",
    "Paige",
    "Shannon",
    "Molly",
    "Abbie",
    "Bethany",
    "Jasmine",
    "Charlotte",
    "Eleanor",
    "Georgia",
    "Rebecca",
    "Rachel",
    "Natalie",
    "Chelsea",
    "Kayleigh",
    "Courtney",
    "Rosie",
    "Aimee",
    "Jodie",
    "Amber",
    "Lydia",
    "Hollie",
    "Kirsty",
    "Demi",
]
CHILD_MALE = tuple(n for n in _CHILD_MALE if n in _EnGb.first_names_male)
CHILD_FEMALE = tuple(n for n in dict.fromkeys(_CHILD_FEMALE) if n in _EnGb.first_names_female)

# Diminutives practitioners and friends use ("Amelia 'Millie' Cartwright").
DIMINUTIVES = {
    "Amelia": "Millie", "Rebecca": "Becky", "Charlotte": "Charlie", "Eleanor": "Ellie",
    "Jessica": "Jess", "Bethany": "Beth", "Georgia": "George", "Natalie": "Nat",
    "Kayleigh": "Kay", "Joshua": "Josh", "Thomas": "Tom", "Samuel": "Sam", "Daniel": "Danny",
    "Joseph": "Joe", "William": "Will", "Alexander": "Alex", "Nathan": "Nate", "Jacob": "Jake",
    "Bradley": "Brad", "Cameron": "Cam", "Kieran": "Kez", "Callum": "Cal", "Courtney": "Court",
}  # fmt: skip

# What adults get called by people who know them ("Daz", "Robbo"); a source of aliases.
ADULT_DIMINUTIVES = {
    "Christian": "Chris", "Christopher": "Chris", "Dominic": "Dom", "Alexander": "Alex",
    "Victor": "Vic", "Timothy": "Tim", "Anthony": "Ant", "Daniel": "Danny", "Michael": "Mikey",
    "Matthew": "Matty", "Nicholas": "Nicky", "Jonathan": "Jonny", "Benjamin": "Benji",
    "Samuel": "Sammy", "Joseph": "Joey", "Thomas": "Tommo", "Jason": "Jase", "Gary": "Gaz",
    "Barry": "Baz", "Darren": "Daz", "Wayne": "Wazza", "Kevin": "Kev", "Stephen": "Stevo",
    "Steven": "Stevo", "Andrew": "Andy", "Richard": "Richie", "Robert": "Robbo", "James": "Jimmy",
    "John": "Johnno", "Paul": "Paulie", "Mark": "Marky", "Craig": "Craigy", "Dean": "Deano",
    "Neil": "Neily", "Adam": "Ads", "Scott": "Scotty", "Liam": "Leemo", "Carl": "Carlo",
    "Sean": "Seany", "Shaun": "Shauny", "Ashley": "Ash", "Mohammed": "Mo", "Mohammad": "Mo",
    "Mohamed": "Mo", "Abdul": "Abs", "Marcus": "Marco", "Declan": "Dec", "Patrick": "Paddy",
    "Philip": "Phil", "Phillip": "Phil", "Gareth": "Gaz", "Martin": "Marty", "Jamie": "Jay",
    "Joshua": "Josh", "Nathan": "Nate", "Connor": "Con", "Callum": "Cal", "Bradley": "Brad",
    "Kieran": "Kez", "Ricky": "Rico", "Lee": "Leeroy", "Elliot": "Elz", "Elliott": "Elz",
    "Jordan": "Jord", "Sharon": "Shaz", "Karen": "Kaz", "Danielle": "Dani", "Samantha": "Sam",
    "Natasha": "Tash", "Rebecca": "Becca", "Victoria": "Vicky", "Jennifer": "Jen",
    "Iain": "Iggy", "Ian": "Iggy", "Graham": "Gray", "Graeme": "Gray", "Keith": "Keefy",
    "Terry": "Tel", "Derek": "Dekka", "Kenneth": "Kenny", "Raymond": "Ray", "Russell": "Russ",
    "Stuart": "Stu", "Stewart": "Stu", "Harry": "H", "Henry": "H", "Edward": "Eddie",
    "Leonard": "Lenny", "Lawrence": "Laurie", "Bernard": "Bernie", "Frederick": "Freddie",
    "Dennis": "Den", "Glenn": "Glen", "Gerard": "Ged", "Gerald": "Gez", "Clifford": "Cliff",
    "Nigel": "Nige", "Malcolm": "Malc", "Douglas": "Dougie", "Duncan": "Dunc",
}  # fmt: skip

# Street names for adults of concern; each is used by at most one adult per scenario.
STREET_NAMES = (
    "Zee",
    "Tee",
    "Bigz",
    "Stretch",
    "Mack",
    "Rico",
    "Ace",
    "Dizzy",
    "Skinny",
    "Snowy",
    "Kane",
    "Bam",
    "Ghost",
    "Lucky",
    "Chief",
    "Trigger",
    "Smokey",
    "Nitro",
    "Blade",
    "Cuz",
    "Biggie",
    "Spinner",
    "Scouse",
    "Gio",
    "Fizz",
    "Dre",
    "Jinx",
    "Rocco",
    "Tiny",
    "Vee",
)


class NameFactory:
    """Hands out unique fictional names from one seeded Faker (``en_GB``) instance.

    Names come from Faker's en_GB provider lists through the instance's own seeded random
    generator; ``fake.random.choice`` is used instead of ``fake.first_name()`` because the
    latter's generic weighting code is the slowest step of a large scenario.
    """

    def __init__(self, seed: int) -> None:
        self.fake = Faker("en_GB")
        self.fake.seed_instance(seed)
        self.random = self.fake.random
        self._used: set[str] = set()
        self._street_used: set[str] = set()
        self._male = tuple(_EnGb.first_names_male)
        self._female = tuple(_EnGb.first_names_female)
        self._last = tuple(_EnGb.last_names)

    def _unique(self, make_first: Callable[[], str]) -> tuple[str, str]:
        for _ in range(200):
            first, last = make_first(), self.surname()
            if f"{first} {last}" not in self._used:
                self._used.add(f"{first} {last}")
                return first, last
        # Fall back to a double-barrelled surname rather than loop forever on big scenarios.
        first, last = make_first(), f"{self.surname()}-{self.surname()}"
        self._used.add(f"{first} {last}")
        return first, last

    def adult(self, gender: str) -> tuple[str, str]:
        pool = self._female if gender == "F" else self._male
        return self._unique(lambda: self.random.choice(pool))

    def child(self, gender: str) -> tuple[str, str]:
        pool = CHILD_FEMALE if gender == "F" else CHILD_MALE
        return self._unique(lambda: self.random.choice(pool))

    def child_with_first(self, first: str) -> tuple[str, str]:
        """A new full name with a given first name (the two halves of a decoy pair)."""
        return self._unique(lambda: first)

    def surname(self) -> str:
        return self.random.choice(self._last)

    def first_only(self, gender: str) -> str:
        return self.random.choice(CHILD_FEMALE if gender == "F" else CHILD_MALE)

    def street_name(self) -> str:
        """An unused street name such as ``Zee``; numbered once the list runs out."""
        for _ in range(len(STREET_NAMES)):
            name = self.random.choice(STREET_NAMES)
            if name not in self._street_used:
                self._street_used.add(name)
                return name
        name = f"{self.random.choice(STREET_NAMES)}{len(self._street_used)}"
        self._street_used.add(name)
        return name


# Three-letter surname starts that read as ordinary words in a sentence ("went with All").
_WORDS = {
    "All", "Ban", "Bar", "Bat", "Bed", "Bel", "Ben", "Bin", "Bus", "But", "Can", "Cat", "Cot",
    "Dad", "Day", "Did", "Dog", "Fan", "Far", "Fat", "For", "Fox", "Fun", "Gun", "Had", "Ham",
    "Has", "Hat", "Her", "Hid", "Him", "His", "Hot", "Ill", "Its", "Job", "Kid", "Let", "Lot",
    "Man", "Map", "Men", "Mum", "Nor", "Not", "Now", "Nut", "Odd", "Off", "Old", "Our", "Out",
    "Pan", "Pen", "Pet", "Pit", "Pot", "Put", "Ran", "Red", "Rid", "Rob", "Run", "Sad", "Sat",
    "Sun", "Tan", "Ten", "The", "Tin", "Top", "Van", "War", "Was", "Wet", "Win", "Yes", "Yet",
}  # fmt: skip


def name_nickname(first: str, last: str) -> str:
    """A nickname built from a name, as friends do: ``Dean`` -> ``Deano``, ``Ashworth`` -> ``Ash``.

    Uses a three-letter first syllable of the surname, else a usual diminutive of the first
    name (``Daz``), else a short surname plus ``-y`` (``Smithy``), else ``Deano``/``Scotty``,
    else initials (``JR``).
    """
    clean = re.sub(r"[^A-Za-z]", "", last)
    syllable = re.match(r"[^aeiouAEIOU]*[aeiouAEIOU]+[^aeiouAEIOUy]{1,2}", clean)
    if syllable and len(syllable[0]) == 3 and len(clean) > 4 and syllable[0] not in _WORDS:
        return syllable[0].capitalize()
    if first in ADULT_DIMINUTIVES:
        return ADULT_DIMINUTIVES[first]
    if 4 <= len(clean) <= 5 and clean.endswith(("th", "tt", "ts", "ss", "ck", "ll", "rd", "rs")):
        return f"{clean}y"
    if len(first) == 4 and first[-1] not in "aeiouy":
        return f"{first}o"
    if first[-1] in "tkp" and first[-1] == first[-2]:
        return f"{first}y"
    return f"{first[0]}{clean[0]}".upper()
