"""Build the fictional area: agencies, professionals, children, homes, networks and decoys.

Everything a scenario's records say is decided here first, as plain objects, and only then
written out; that is what lets truth.json and the gold annotations be exact. Networks plant
the patterns resolution must find (one flat, adult, car, phone, handle and hotel each shared
by 2-5 children, each child seeing different parts), and decoys plant the links it must not
make (a teenage peer and an adult driver with the same first name).
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from . import gazetteer
from .areas import (
    BACKGROUND_PLACES,
    GMP,
    NEIGHBOURS,
    PLACING_AUTHORITIES,
    Authority,
    authorities_for,
    town_of,
)
from .gazetteer import Address
from .identifiers import COLOURS, VEHICLE_MODELS, drama_numbers, handle_for, plate
from .model import (
    Child,
    Handle,
    Network,
    Org,
    Pattern,
    Person,
    Phone,
    Place,
    Placement,
    ResidentialHome,
    Team,
    Vehicle,
)
from .names import DIMINUTIVES, NameFactory, name_nickname

PATTERN_KINDS = ("house", "adult", "vehicle", "phone", "handle", "hotel")

HOME_NAMES = (
    "Larkfield House", "Brookfield View", "Cedar Lodge", "Hawthorn House", "Willow Bank",
    "Ashgrove House", "Fernlea", "Meadowside", "Rowan House", "Oakleigh Lodge", "Beech View",
    "Holly Bank House", "Kestrel House", "Linnet Lodge", "Heron View", "Maple House",
    "Thornfield House", "Elmwood Lodge", "Sycamore View", "Juniper House",
)  # fmt: skip
SUPPORTED_NAMES = (
    "Canal Side Supported Living",
    "Foundry Court Supported Housing",
    "Weavers Yard",
    "Millstone House",
    "Bridgewater Place",
)
SCHOOL_STEMS = (
    "Kearsley Vale", "Hindley Brook", "Moorside", "Beechwood", "Ridgeway", "Hollins Park",
    "Brookhouse", "Oakfield", "Westfield", "Parklands", "Greenbank", "Highfield", "Riverside",
    "Castle Brook", "Lowfield", "Millbrook", "Ashfield", "Birchwood", "Clayton Vale",
    "Hartshead", "Pennine View", "Irwell Valley", "Roch Valley", "Tame Side",
)  # fmt: skip
SCHOOL_SUFFIXES = ("Academy", "High School", "Community High School")
HOTEL_NAMES = (
    "Moorside Lodge Hotel",
    "Kingsway Budget Inn",
    "Pennine Gateway Hotel",
    "Irwell View Hotel",
    "Junction Nine Lodge",
    "Parkside Express Hotel",
    "Red Moss Inn",
    "Hollinwood Lodge",
    "Greenway Motor Lodge",
    "Northgate Budget Hotel",
    "Bridgewater Lodge Hotel",
    "Cotton Mill Inn",
)
HOUSING_PROVIDERS = (
    "Moorfield Housing",
    "Pennine Homes Trust",
    "Irwell Valley Homes Group",
    "Northstone Housing",
    "Red Rose Tenancies",
)
FEATURES = (
    "tattoo of a swallow on the left side of his neck", "gold front tooth",
    "scar through his left eyebrow", "shaved head, sleeve tattoo on right arm",
    "teardrop tattoo under right eye", "bleached blond hair, thin build",
    "stocky, dark beard, usually in a black puffer jacket", "walks with a slight limp",
)  # fmt: skip
FEATURES_F = ("long red hair, nose piercing", "tattoo of a rose on her wrist")
DECOY_FIRST_NAMES = (
    "Kyle",
    "Jordan",
    "Liam",
    "Connor",
    "Reece",
    "Callum",
    "Brandon",
    "Declan",
    "Jamie",
    "Rhys",
)

RHI_JOBS = "return home interview worker"


@dataclass
class World:
    start: dt.date
    end: dt.date
    teams: list[Team]
    children: list[Child] = field(default_factory=list)
    networks: list[Network] = field(default_factory=list)
    peers: list[Person] = field(default_factory=list)
    professionals: list[Person] = field(default_factory=list)
    family: list[Person] = field(default_factory=list)
    orgs: dict[str, Org] = field(default_factory=dict)
    placing_workers: dict[str, Person] = field(default_factory=dict)
    phone_pool: list[str] = field(default_factory=list)
    one_off_phones: list[Phone] = field(default_factory=list)
    towns: dict[str, Place] = field(default_factory=dict)

    def team(self, authority: Authority) -> Team:
        return next(t for t in self.teams if t.authority.name == authority.name)

    def org(self, key: str) -> Org:
        return self.orgs[key]

    def town(self, name: str) -> Place:
        """A town as a place someone went to (``L-TOWN-BLACKPOOL``)."""
        if name not in self.towns:
            key = name.upper().replace(" ", "-")
            self.towns[name] = Place(id=f"L-TOWN-{key}", kind="town", name=name, town=name)
        return self.towns[name]


class _Ids:
    """Sequential canonical ids per prefix (``P-PROF-1``, ``P-PROF-2`` ...)."""

    def __init__(self) -> None:
        self.counters: dict[str, int] = {}

    def next(self, prefix: str) -> str:
        self.counters[prefix] = self.counters.get(prefix, 0) + 1
        return f"{prefix}-{self.counters[prefix]}"


class _Builder:
    def __init__(self, rng: random.Random, names: NameFactory, start: dt.date, weeks: int):
        self.rng = rng
        self.names = names
        self.ids = _Ids()
        self.start = start
        self.end = start + dt.timedelta(weeks=weeks)
        self.used_addresses: set[tuple[str, str]] = set()
        self.used_plates: set[str] = set()
        self.used_handles: set[str] = set()
        self.home_names = list(HOME_NAMES)
        rng.shuffle(self.home_names)
        self.supported_names = list(SUPPORTED_NAMES)
        rng.shuffle(self.supported_names)
        self.school_stems = list(SCHOOL_STEMS)
        rng.shuffle(self.school_stems)
        self.hotel_names = list(HOTEL_NAMES)
        rng.shuffle(self.hotel_names)
        self.decoy_names = list(DECOY_FIRST_NAMES)
        rng.shuffle(self.decoy_names)
        self._by_host: dict[str, list[Child]] | None = None
        self.used_names: set[str] = set()

    def fresh_name(self, pool: list[str], make: Callable[[], str]) -> str:
        """A name no other home, school or hotel has: from ``pool`` first, then ``make()``."""
        name = ""
        while pool and (not name or name in self.used_names):
            name = pool.pop()
        for _ in range(20):
            if name and name not in self.used_names:
                break
            name = make()
        else:
            name = f"{name} ({len(self.used_names)})"
        self.used_names.add(name)
        return name

    def children_by_host(self, world: World) -> dict[str, list[Child]]:
        """Children grouped by the authority they live in (built once, after all children)."""
        if self._by_host is None:
            self._by_host = {}
            for child in world.children:
                self._by_host.setdefault(child.host.name, []).append(child)
        return self._by_host

    # -- places ---------------------------------------------------------------------------

    def address(self, districts: tuple[str, ...], *, prefer: tuple[str, ...] = ()) -> Address:
        """An unused real street address in one of ``districts``."""
        for _ in range(60):
            district = self.rng.choice(districts)
            rows = gazetteer.street_addresses(district)
            row = self.rng.choice(rows)
            if prefer and not row.street.endswith(prefer) and self.rng.random() < 0.8:
                continue
            key = (row.address, row.postcode)
            if key not in self.used_addresses and "'" not in row.address:
                self.used_addresses.add(key)
                return row
        return row

    def place_at(self, row: Address, *, id: str, kind: str, name: str | None = None) -> Place:
        return Place(
            id=id,
            kind=kind,
            name=name,
            street_line=row.address,
            town=town_of(row.district),
            postcode=row.postcode,
            latitude=row.latitude,
            longitude=row.longitude,
            short=name,
        )

    # -- people ---------------------------------------------------------------------------

    def professional(self, job: str, gender: str | None = None) -> Person:
        gender = gender or self.rng.choice("FFFM")
        first, last = self.names.adult(gender)
        return Person(
            id=self.ids.next("P-PROF"),
            first=first,
            last=last,
            gender=gender,
            person_role="PROFESSIONAL",
            job=job,
        )

    def team(self, authority: Authority, children: int) -> Team:
        code = authority.code
        name = authority.name
        council = Org(id=f"ORG-{code}-COUNCIL", name=authority.council)
        mfh = Org(id=f"ORG-{code}-MFH", name=f"{name} Missing From Home Team", short=f"{name} MFH")
        cst = Org(
            id=f"ORG-{code}-CST",
            name=f"{name} Complex Safeguarding Team",
            short=f"{name} Complex Safeguarding",
        )
        csc = Org(id=f"ORG-{code}-CSC", name=f"{name} Children's Social Care")
        rhi = [self.professional(RHI_JOBS) for _ in range(2 + children // 25)]
        sws = [self.professional("social worker") for _ in range(2 + children // 8)]
        managers = [self.professional("team manager") for _ in range(1 + children // 40)]
        police = [self.professional("police officer", "M" if i % 2 else "F") for i in range(2)]
        schools = []
        for _ in range(2 + children // 20):
            suffix = self.rng.choice(SCHOOL_SUFFIXES)
            stems = [f"{self.school_stems.pop()} {suffix}"] if self.school_stems else []
            name = self.fresh_name(stems, lambda s=suffix: f"{self.names.surname()} {s}")
            school = Org(id=self.ids.next("ORG-SCHOOL"), name=name)
            schools.append((school, self.professional("designated safeguarding lead")))
        background = []
        for bp in BACKGROUND_PLACES.get(name, ()):
            centre = gazetteer.district_centroid(bp.district)
            background.append(
                Place(
                    id=f"L-{bp.key}",
                    kind=bp.kind,
                    name=bp.name,
                    town=bp.town,
                    latitude=centre[0] if centre else None,
                    longitude=centre[1] if centre else None,
                    short=bp.short or None,
                )
            )
        return Team(
            authority, council, mfh, cst, csc, rhi, sws, managers, police, schools, [], background
        )

    def residential_home(self, team: Team, kind: str) -> ResidentialHome:
        supported = kind == "supported_accommodation"
        pool = self.supported_names if supported else self.home_names
        name = self.fresh_name(
            pool, lambda: f"{self.names.surname()} {'Court' if supported else 'House'}"
        )
        row = self.address(team.authority.districts)
        place_kind = "supported_accommodation" if supported else "childrens_home"
        place_id = "L-" + re.sub(r"[^A-Z0-9]+", "-", name.upper()).strip("-")
        place = self.place_at(row, id=place_id, kind=place_kind, name=name)
        manager = self.professional(f"registered manager, {name}")
        key_workers = [self.professional(f"key worker, {name}") for _ in range(2)]
        night = [self.professional(f"night support worker, {name}", "M")]
        home = ResidentialHome(place, kind, manager, key_workers, night)
        team.homes.append(home)
        return home


def build_world(
    children: int, weeks: int, seed: int, start: dt.date
) -> tuple[World, random.Random]:
    """Create every person, place and link of a scenario (no records written yet)."""
    rng = random.Random(seed)
    names = NameFactory(seed)
    b = _Builder(rng, names, start, weeks)
    authorities = authorities_for(children)
    per_team = max(1, children // len(authorities))
    teams = [b.team(a, per_team) for a in authorities]
    world = World(start=start, end=b.end, teams=teams)
    world.phone_pool = drama_numbers(rng)
    _add_shared_orgs(world)
    world.professionals = [
        p for t in teams for p in (*t.rhi_workers, *t.social_workers, *t.managers, *t.police)
    ]
    world.professionals += [dsl for t in teams for _, dsl in t.schools]

    for i in range(children):
        world.children.append(_make_child(b, world, 1001 + i, teams[i % len(teams)]))
    _make_friends(b, world)
    for n in range(max(1, round(children / 16))):
        network = _make_network(b, world, n + 1)
        if network is not None:
            world.networks.append(network)
    for team in teams:
        for home in team.homes:
            world.professionals += [home.manager, *home.key_workers, *home.night_staff]
    world.professionals += list(world.placing_workers.values())
    return world, rng


def _add_shared_orgs(world: World) -> None:
    orgs = {
        "GMP": Org(id="ORG-GMP", name=GMP, short="GMP"),
        "BTP": Org(id="ORG-BTP", name="British Transport Police", short="BTP"),
        "Lancashire Constabulary": Org(id="ORG-LANCS-POLICE", name="Lancashire Constabulary"),
        "Cheshire Constabulary": Org(id="ORG-CHESHIRE-POLICE", name="Cheshire Constabulary"),
        "Derbyshire Constabulary": Org(id="ORG-DERBYS-POLICE", name="Derbyshire Constabulary"),
        "West Yorkshire Police": Org(id="ORG-WYP", name="West Yorkshire Police"),
    }
    for authority in PLACING_AUTHORITIES:
        orgs[authority.name] = Org(
            id=f"ORG-{authority.code}-COUNCIL",
            name=authority.council,
            short=authority.name,
        )
    world.orgs = orgs


def _make_child(b: _Builder, world: World, number: int, team: Team) -> Child:
    rng = b.rng
    gender = rng.choice("FM")
    first, last = b.names.child(gender)
    age = rng.choices(range(11, 18), weights=(1, 2, 4, 6, 7, 5, 3))[0]
    dob = b.start - dt.timedelta(days=365 * age + rng.randint(30, 330))
    looked_after = rng.random() < 0.55
    responsible = team.authority
    if looked_after:
        roll = rng.random()
        if roll < 0.16:
            responsible = rng.choice(PLACING_AUTHORITIES)
        elif roll < 0.3 and len(world.teams) > 1:
            neighbours = [
                t.authority
                for t in world.teams
                if t.authority.name in NEIGHBOURS.get(team.authority.name, ())
            ]
            others = neighbours or [t.authority for t in world.teams if t is not team]
            responsible = rng.choice(others)
        if age >= 16 and rng.random() < 0.3:
            kind = "supported_accommodation"
        else:
            kind = rng.choice(
                (
                    "childrens_home_private",
                    "childrens_home_private",
                    "childrens_home_public",
                    "foster",
                    "foster",
                )
            )
    else:
        kind = "family"
    child_id = f"C-{number}"
    person = Person(
        id=child_id,
        first=first,
        last=last,
        gender=gender,
        person_role="PEER",
        looked_after=looked_after,
    )
    nickname = DIMINUTIVES.get(first) if rng.random() < 0.5 else None
    if nickname:
        person.nicknames = (nickname,)

    residential = None
    carers: list[Person] = []
    family: list[Person] = []
    if kind in ("childrens_home_private", "childrens_home_public", "supported_accommodation"):
        homes = [h for h in team.homes if h.provider == kind and _occupancy(world, h) < 3]
        residential = homes[0] if homes else b.residential_home(team, kind)
        home = residential.place
        home_short = residential.place.name or "the home"
    elif kind == "foster":
        row = b.address(team.authority.districts)
        home = b.place_at(row, id=f"L-FOSTER-{number}", kind="foster_home")
        carer_last = b.names.surname()
        for g in rng.sample(("F", "M"), rng.choice((1, 2))):
            carer_first, _ = b.names.adult(g)
            carers.append(
                Person(
                    id=b.ids.next("P-PROF"),
                    first=carer_first,
                    last=carer_last,
                    gender=g,
                    person_role="PROFESSIONAL",
                    job="foster carer",
                )
            )
        home_short = "placement"
    else:
        row = b.address(team.authority.districts)
        home = b.place_at(row, id=f"L-HOME-{number}", kind="house")
        mum_first, _ = b.names.adult("F")
        family.append(
            Person(
                id=b.ids.next("P-FAMILY"),
                first=mum_first,
                last=last,
                gender="F",
                person_role="FAMILY",
                relationship="mother",
            )
        )
        if rng.random() < 0.5:
            dad_first, _ = b.names.adult("M")
            family.append(
                Person(
                    id=b.ids.next("P-FAMILY"),
                    first=dad_first,
                    last=last,
                    gender="M",
                    person_role="FAMILY",
                    relationship="father",
                )
            )
        home_short = "home"
    world.family += family
    world.professionals += carers

    if responsible.in_gm:
        social_worker = rng.choice(world.team(responsible).social_workers)
    else:
        social_worker = world.placing_workers.get(responsible.name)
        if social_worker is None:
            social_worker = b.professional(f"social worker ({responsible.name})")
            world.placing_workers[responsible.name] = social_worker
    child = Child(
        id=child_id,
        first=first,
        last=last,
        gender=gender,
        dob=dob,
        looked_after=looked_after,
        responsible=responsible,
        host=team.authority,
        home=home,
        home_short=home_short,
        placement_type=kind,
        person=person,
        nickname=nickname,
        residential=residential,
        carers=carers,
        family=family,
        social_worker=social_worker,
        school=rng.choice(team.schools),
    )
    child.placements = _placements(b, child, team)
    if residential is not None:
        residential.residents.append(child)
    return child


def _occupancy(world: World, home: ResidentialHome) -> int:
    return len(home.residents)


def _placements(b: _Builder, child: Child, team: Team) -> list[Placement]:
    rng = b.rng
    host_la = "" if not child.out_of_area else child.host.name
    host_force = "" if child.responsible.force == child.host.force else child.host.force
    current_start = b.start - dt.timedelta(days=rng.randint(60, 900))
    if child.placement_type == "family":
        current_start = max(
            child.dob + dt.timedelta(days=365 * 3),
            b.start - dt.timedelta(days=rng.randint(900, 4000)),
        )
    rows: list[Placement] = []
    if child.looked_after and rng.random() < 0.5:
        previous_start = current_start - dt.timedelta(days=rng.randint(120, 700))
        if child.responsible.in_gm:
            row = b.address(
                team.authority.districts
                if not child.out_of_area
                else world_districts(child.responsible)
            )
            address = f"{row.address}, {town_of(row.district)} {row.postcode}"
            previous_host = "" if not child.out_of_area else child.responsible.name
        else:
            address = child.responsible.withheld_address
            previous_host = ""
        rows.append(
            Placement(
                f"PL-{child.id[2:]}-01",
                "foster",
                address,
                previous_start,
                current_start - dt.timedelta(days=1),
                child.responsible.name,
                "" if previous_host == child.responsible.name else previous_host,
                "",
            )
        )
    rows.append(
        Placement(
            f"PL-{child.id[2:]}-{len(rows) + 1:02d}",
            child.placement_type,
            child.home.full,
            current_start,
            None,
            child.responsible.name,
            host_la,
            host_force,
        )
    )
    return rows


def world_districts(authority: Authority) -> tuple[str, ...]:
    return authority.districts or ("BL1",)


def _make_friends(b: _Builder, world: World) -> None:
    """Give children friends: other children in the same home or area, and local teenagers.

    Non-case peers are shared by several children in an area, the ordinary links a graph must
    show without reading them as exploitation.
    """
    rng = b.rng
    by_host: dict[str, list[Child]] = {}
    for child in world.children:
        by_host.setdefault(child.host.name, []).append(child)
    for team in world.teams:
        local = by_host.get(team.authority.name, [])
        peers = []
        for _ in range(max(2, len(local) // 2)):
            gender = rng.choice("FM")
            first, last = b.names.child(gender)
            peers.append(
                Person(
                    id=b.ids.next("P-PEER"),
                    first=first,
                    last=last,
                    gender=gender,
                    person_role="PEER",
                    age=str(rng.randint(13, 17)),
                )
            )
        world.peers += peers
        by_school: dict[str, list[Child]] = {}
        for child in local:
            if child.school:
                by_school.setdefault(child.school[0].id, []).append(child)
        for child in local:
            housemates = [
                c.person
                for c in (child.residential.residents if child.residential else [])
                if c is not child
            ]
            school = by_school.get(child.school[0].id, []) if child.school else []
            classmates = [
                c.person for c in rng.sample(school, min(3, len(school))) if c is not child
            ]
            friends = housemates[:2] + classmates[:1]
            friends += rng.sample(peers, min(len(peers), rng.randint(1, 2)))
            child.friends = list(dict.fromkeys(friends))


def _make_network(b: _Builder, world: World, number: int) -> Network | None:
    rng = b.rng
    by_host = b.children_by_host(world)
    ordered = sorted(world.teams, key=lambda t: -len(by_host.get(t.authority.name, ())))
    team = ordered[(number - 1) % len(ordered)]
    name = team.authority.name
    near = NEIGHBOURS.get(name, ())
    local = [c for c in by_host.get(name, ()) if c.network is None]
    nearby = [c for n in near for c in by_host.get(n, ()) if c.network is None]
    local.sort(key=lambda c: (not c.looked_after, c.age_on(b.start) < 13))
    candidates = local + nearby
    if len(candidates) < 6:
        candidates += [
            c
            for c in world.children
            if c.network is None and c.host.name != name and c.host.name not in near
        ]
    if len(candidates) < 2:
        return None
    size = min(len(candidates), rng.randint(3, 6))
    head = candidates[: max(size + 2, 4)]
    pool = rng.sample(head, size)

    gender = "M" if rng.random() < 0.85 else "F"
    first, last = b.names.adult(gender)
    nick = name_nickname(first, last)
    street = b.names.street_name()
    age = rng.randint(19, 34)
    adult = Person(
        id=b.ids.next("P-ADULT"),
        first=first,
        last=last,
        gender=gender,
        person_role="ADULT_OF_CONCERN",
        age=f"{age}",
        dob=b.start - dt.timedelta(days=365 * age + rng.randint(10, 350)),
        nicknames=(nick, street),
        features=rng.choice(FEATURES if gender == "M" else FEATURES_F),
    )
    decoy_first = b.decoy_names.pop() if b.decoy_names else b.names.first_only("M")
    _, driver_last = b.names.child_with_first(decoy_first)
    driver = Person(
        id=b.ids.next("P-ADULT"),
        first=decoy_first,
        last=driver_last,
        gender="M",
        person_role="ADULT_OF_CONCERN",
        age=rng.choice(("early 20s", "mid 20s", "late 20s")),
        features=rng.choice(FEATURES),
    )
    peer_first, peer_last = b.names.child_with_first(decoy_first)
    decoy_peer = Person(
        id=b.ids.next("P-PEER"),
        first=peer_first,
        last=peer_last,
        gender="M",
        person_role="PEER",
        age=str(rng.choice((15, 16))),
    )
    world.peers.append(decoy_peer)

    districts = team.authority.districts
    house_row = b.address(districts, prefer=("Court", "Close", "Street", "Road", "Walk"))
    house = b.place_at(house_row, id=b.ids.next("L-HOUSE"), kind="flat")
    make, model, slang = rng.choice(VEHICLE_MODELS)
    registration = plate(rng)
    while registration in b.used_plates:
        registration = plate(rng)
    b.used_plates.add(registration)
    vehicle = Vehicle(
        id=b.ids.next("V"),
        make=make,
        model=model,
        slang=slang,
        colour=rng.choice(COLOURS),
        plate=registration,
    )
    if not world.phone_pool:
        return None
    phone = Phone(id=b.ids.next("PH"), e164=world.phone_pool.pop())
    handle_text = handle_for(rng, rng.choice((nick, street)), house_row.district, b.used_handles)
    b.used_handles.add(handle_text)
    handle = Handle(
        id=b.ids.next("H"),
        handle=handle_text,
        platform="Snapchat" if rng.random() < 0.7 else "Instagram",
    )
    hotel_row = b.address(districts[::-1])
    hotel_name = b.fresh_name(b.hotel_names, lambda: f"{b.names.surname()} Lodge Hotel")
    hotel = Place(
        id=b.ids.next("L-HOTEL"),
        kind="hotel",
        name=hotel_name,
        street_line=hotel_row.street,
        town=town_of(hotel_row.district),
        latitude=hotel_row.latitude,
        longitude=hotel_row.longitude,
        short=hotel_name.replace(" Hotel", ""),
    )
    network = Network(
        id=f"N-{number}",
        team=team,
        adult=adult,
        driver=driver,
        decoy_peer=decoy_peer,
        house=house,
        vehicle=vehicle,
        phone=phone,
        handle=handle,
        hotel=hotel,
        pool=pool,
        housing=Org(id=b.ids.next("ORG-HOUSING"), name=rng.choice(HOUSING_PROVIDERS)),
    )
    things = {
        "house": house,
        "adult": adult,
        "vehicle": vehicle,
        "phone": phone,
        "handle": handle,
        "hotel": hotel,
    }
    for kind in PATTERN_KINDS:
        members = rng.sample(pool, rng.randint(2, min(4, len(pool))))
        network.patterns.append(Pattern(kind, things[kind], network, members))
    for child in pool:
        if not any(child in p.children for p in network.patterns):
            open_patterns = [p for p in network.patterns if len(p.children) < 5]
            rng.choice(open_patterns or network.patterns).children.append(child)
    # The driver is a second adult of concern, seen by the children the car is seen by.
    driver_pattern = Pattern("adult", driver, network, list(network.pattern("vehicle").children))
    network.patterns.append(driver_pattern)
    for pattern in network.patterns:
        pattern.children.sort(key=lambda c: c.id)

    adult_pattern = network.pattern("adult")
    aliases = [nick, street, first]
    for i, child in enumerate(adult_pattern.children):
        child.alias_for[adult.id] = aliases[i % 2] if i < 2 else rng.choice(aliases)
    for child in pool:
        child.network = network
        child.exposures = [p for p in network.patterns if child in p.children]
        child.alias_for.setdefault(adult.id, rng.choice((nick, street)))
    # The peer who shares the driver's first name is a friend of one or two pool children.
    for child in rng.sample(pool, min(2, len(pool))):
        child.friends.insert(0, decoy_peer)
    network.housing_officer = b.professional("tenancy enforcement officer")
    network.hotel_manager = b.professional(f"duty manager, {hotel_name}")
    world.professionals += [network.housing_officer, network.hotel_manager]
    return network
