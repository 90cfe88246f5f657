"""The fictional world a scenario is written from: people, places, identifiers, episodes.

Every annotatable thing is a :class:`Thing` whose ``id`` is its canonical id in gold files and
truth.json (``P-ADULT-3``, ``L-HOUSE-1``, ``C-1004``). Documents never hold copies of names;
they hold :class:`~rhigraph.scenario.template.Mention` objects pointing at things, which is
how the gold annotations and the truth file stay correct by construction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, ClassVar

from .areas import Authority


@dataclass(eq=False, kw_only=True)
class Thing:
    """Something that can be mentioned in a document and annotated in gold."""

    id: str
    TYPE: ClassVar[str] = ""

    @property
    def role(self) -> str | None:
        return None

    @property
    def normalised(self) -> str | None:
        return None

    def gold_attributes(self) -> dict[str, Any]:
        return {}


@dataclass(eq=False, kw_only=True)
class Person(Thing):
    TYPE: ClassVar[str] = "PERSON"
    first: str
    last: str = ""
    gender: str = "M"
    person_role: str = "UNKNOWN"
    job: str | None = None
    relationship: str | None = None
    age: str | None = None
    dob: dt.date | None = None
    nicknames: tuple[str, ...] = ()
    features: str | None = None
    looked_after: bool | None = None

    @property
    def role(self) -> str:
        return self.person_role

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}".strip()

    @property
    def caps(self) -> str:
        """Police style, surname in capitals: ``Dean ASHWORTH``."""
        return f"{self.first} {self.last.upper()}".strip()

    @property
    def initial(self) -> str:
        """``L Fairclough``: how colleagues sign and refer to each other."""
        return f"{self.first[0]} {self.last}" if self.last else self.first

    @property
    def normalised(self) -> str:
        return self.full.lower()

    def gold_attributes(self) -> dict[str, Any]:
        attrs: dict[str, Any] = {}
        if self.job:
            attrs["job"] = self.job
        if self.relationship:
            attrs["relationship"] = self.relationship
        if self.age:
            attrs["age"] = self.age
        if self.dob:
            attrs["dob"] = self.dob.isoformat()
        if self.person_role == "ADULT_OF_CONCERN":
            attrs["gender"] = "male" if self.gender == "M" else "female"
        if self.nicknames:
            attrs["nickname"] = list(self.nicknames)
        if self.features:
            attrs["features"] = self.features
        if self.looked_after is not None:
            attrs["looked_after"] = self.looked_after
        return attrs


@dataclass(eq=False, kw_only=True)
class Place(Thing):
    TYPE: ClassVar[str] = "LOCATION"
    kind: str
    name: str | None = None
    street_line: str | None = None
    town: str | None = None
    postcode: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    short: str | None = None

    @property
    def street(self) -> str | None:
        if not self.street_line:
            return None
        number, _, rest = self.street_line.partition(" ")
        return rest if number.isdigit() else self.street_line

    @property
    def number(self) -> str | None:
        if not self.street_line:
            return None
        number = self.street_line.partition(" ")[0]
        return number if number.isdigit() else None

    @property
    def address(self) -> str:
        """``136 Heatherfield, Bolton BL1 7QG`` (street, town and postcode as known)."""
        tail = " ".join(part for part in (self.town, self.postcode) if part)
        return ", ".join(part for part in (self.street_line, tail) if part)

    @property
    def full(self) -> str:
        """The address line a record would carry, with the place name first if it has one."""
        if self.name and self.street_line:
            return f"{self.name}, {self.address}"
        if self.name:
            return f"{self.name}, {self.town}" if self.town else self.name
        return self.address

    @property
    def normalised(self) -> str:
        if self.kind in {"hotel", "childrens_home", "supported_accommodation"} and self.name:
            return self.name.lower()
        if self.street_line:
            return self.street_line.lower()
        return (self.name or "").lower()

    def gold_attributes(self) -> dict[str, Any]:
        attrs: dict[str, Any] = {"postcode": self.postcode, "town": self.town, "kind": self.kind}
        if self.name:
            attrs["name"] = self.name
        return attrs


@dataclass(eq=False, kw_only=True)
class Vehicle(Thing):
    TYPE: ClassVar[str] = "VEHICLE"
    make: str
    model: str
    colour: str
    plate: str  # "MF67 LKW"
    slang: str  # "merc"

    @property
    def vrm(self) -> str:
        return self.plate.replace(" ", "")

    @property
    def normalised(self) -> str:
        return self.vrm

    def gold_attributes(self) -> dict[str, Any]:
        return {"make": self.make, "model": self.model, "colour": self.colour}


@dataclass(eq=False, kw_only=True)
class Phone(Thing):
    TYPE: ClassVar[str] = "PHONE"
    e164: str  # "+447700900417"

    @property
    def normalised(self) -> str:
        return self.e164


@dataclass(eq=False, kw_only=True)
class Handle(Thing):
    TYPE: ClassVar[str] = "ONLINE_HANDLE"
    handle: str
    platform: str

    @property
    def normalised(self) -> str:
        return self.handle.lower()

    def gold_attributes(self) -> dict[str, Any]:
        return {"platform": self.platform}


@dataclass(eq=False, kw_only=True)
class Org(Thing):
    TYPE: ClassVar[str] = "ORGANISATION"
    name: str
    short: str | None = None
    canonical_name: str | None = None

    @property
    def normalised(self) -> str:
        return (self.canonical_name or self.name).lower()


@dataclass(eq=False)
class Team:
    """The agencies and professionals of one local authority."""

    authority: Authority
    council: Org
    mfh: Org
    cst: Org
    csc: Org
    rhi_workers: list[Person]
    social_workers: list[Person]
    managers: list[Person]
    police: list[Person]
    schools: list[tuple[Org, Person]]
    homes: list[ResidentialHome]
    background: list[Place]


@dataclass(eq=False)
class ResidentialHome:
    place: Place
    provider: str  # childrens_home_private / childrens_home_public / supported_accommodation
    manager: Person
    key_workers: list[Person]
    night_staff: list[Person]
    residents: list[Child] = field(default_factory=list)


@dataclass(eq=False)
class Placement:
    id: str
    type: str
    address: str
    start: dt.date
    end: dt.date | None
    responsible_la: str
    host_la: str
    host_force: str


@dataclass(eq=False)
class Child:
    id: str
    first: str
    last: str
    gender: str
    dob: dt.date
    looked_after: bool
    responsible: Authority
    host: Authority
    home: Place
    home_short: str
    placement_type: str
    person: Person  # the child as a PEER in other children's notes
    nickname: str | None = None
    residential: ResidentialHome | None = None
    carers: list[Person] = field(default_factory=list)
    family: list[Person] = field(default_factory=list)
    social_worker: Person | None = None
    school: tuple[Org, Person] | None = None
    placements: list[Placement] = field(default_factory=list)
    friends: list[Person] = field(default_factory=list)
    network: Network | None = None
    exposures: list[Pattern] = field(default_factory=list)
    alias_for: dict[str, str] = field(default_factory=dict)

    @property
    def out_of_area(self) -> bool:
        return self.responsible.name != self.host.name

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def caps(self) -> str:
        return f"{self.first} {self.last.upper()}"

    def age_on(self, day: dt.date) -> int:
        years = day.year - self.dob.year
        return years - ((day.month, day.day) < (self.dob.month, self.dob.day))

    @property
    def pronouns(self) -> dict[str, str]:
        if self.gender == "F":
            return {"he": "she", "him": "her", "his": "her", "He": "She", "His": "Her"}
        return {"he": "he", "him": "him", "his": "his", "He": "He", "His": "His"}


@dataclass(eq=False)
class Pattern:
    """A planted cross-child link: one thing shared by several children's records."""

    kind: str  # house, adult, vehicle, phone, handle, hotel
    thing: Thing
    network: Network
    children: list[Child] = field(default_factory=list)


@dataclass(eq=False)
class Network:
    """One exploitation network: an adult, their driver, flat, car, phone, handle, hotel."""

    id: str
    team: Team
    adult: Person
    driver: Person
    decoy_peer: Person
    house: Place
    vehicle: Vehicle
    phone: Phone
    handle: Handle
    hotel: Place
    patterns: list[Pattern] = field(default_factory=list)
    pool: list[Child] = field(default_factory=list)
    housing: Org | None = None
    housing_officer: Person | None = None
    hotel_manager: Person | None = None

    def pattern(self, kind: str) -> Pattern:
        return next(p for p in self.patterns if p.kind == kind)


@dataclass(eq=False)
class EpisodePlan:
    """What happened in an episode, decided before any record of it is written."""

    exposures: list[Pattern] = field(default_factory=list)
    peers: list[Person] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    found: Place | None = None
    collected_by: Person | None = None
    reason: str = "friends"
    from_school: bool = False
    destination: str | None = None


@dataclass(eq=False)
class Episode:
    id: str
    child: Child
    reported: dt.datetime
    returned: dt.datetime | None
    risk: str
    offered: dt.datetime | None = None
    completed: dt.datetime | None = None
    outcome: str = ""
    plan: EpisodePlan = field(default_factory=EpisodePlan)
    found_at: str = ""
    missing_from: str = ""

    @property
    def open(self) -> bool:
        return self.returned is None

    @property
    def within_72h(self) -> bool:
        return bool(
            self.completed
            and self.returned
            and self.completed - self.returned <= dt.timedelta(hours=72)
        )
