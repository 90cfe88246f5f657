"""Units, profiles and pieces: what resolution clusters, and what it knows about each.

The unit is one entity as one document names it (``entity_id`` @ ``document_id``), not the
entity: ingest keys a person on the name written, so "Kyle" the 16-year-old peer in one note
and "Kyle" the adult driver in another share the entity ``Person:kyle``. Clustering units lets
resolution keep them apart without rewriting any id.

Units whose key settles identity on its own (a plate, a phone, a full name, an address) are
first grouped by entity into *pieces*; units with a weak key (a bare first name, a car known
only as "silver Merc") are grouped only within one child's records. Either grouping is split
where the units' profiles conflict (a peer and an adult of concern, ages ten years apart, two
flat numbers). Pieces are what blocking and comparison see.

A *profile* is the union of what the units say: names, roles, ages and dates of birth for a
person; number, street, postcode and name for a place; plate, make and colour for a vehicle.
Profiles merge as clusters grow, and a merge that would make a profile contradict itself is
refused: that is how one strong link cannot chain two different people together.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz.distance import JaroWinkler

from graph.resolve import keys
from graph.store.records import named_key
from graph.types import vrm

#: Entity types resolution reads. Children are identified by child_id and never resolved.
TYPES = ("Person", "Location", "Vehicle", "Phone", "OnlineAccount", "Organisation")
#: Types that are compared by similarity; the others join on their key alone.
FUZZY_TYPES = frozenset({"Person", "Location", "Vehicle"})
ROLE_UNKNOWN = frozenset({"", "UNKNOWN", None})


@dataclass
class Unit:
    """One entity as one document names it."""

    index: int
    entity_id: str
    document_id: str
    type: str
    key: str
    label: str
    child_id: str | None
    kind: str | None
    date: str | None
    texts: list[str]
    aliases: list[str]
    roles: set[str]
    attributes: dict[str, Any]
    linked: list[tuple[str, str, str]]  # (relation type, other entity id, direction)


# -- profiles ----------------------------------------------------------------------------

def _similar(a: str, b: str, threshold: float = 0.9) -> bool:
    return a == b or JaroWinkler.similarity(a, b) >= threshold


@dataclass
class PersonProfile:
    full: set[tuple[str, str]] = field(default_factory=set)         # (first, last)
    initialled: set[tuple[str, str]] = field(default_factory=set)   # ("l", "fairclough")
    singles: set[str] = field(default_factory=set)    # one-word names as written
    nicknames: set[str] = field(default_factory=set)  # one-word names a full name was given
    surnames: set[str] = field(default_factory=set)   # "Mr ASHWORTH"
    roles: set[str] = field(default_factory=set)
    ages: set[tuple[int, int]] = field(default_factory=set)
    dobs: set[str] = field(default_factory=set)
    genders: set[str] = field(default_factory=set)
    jobs: set[str] = field(default_factory=set)
    workplaces: set[str] = field(default_factory=set)  # "burke house" of "key worker, ..."
    folded: set[str] = field(default_factory=set)
    _names: tuple[set[str], set[str]] | None = field(default=None, repr=False,
                                                     compare=False)

    def merge(self, other: PersonProfile) -> None:
        for name in _PERSON_SETS:
            getattr(self, name).update(getattr(other, name))
        self._names = None

    def _derived(self) -> tuple[set[str], set[str]]:
        if self._names is None:
            firsts = {f for f, _ in self.full} | {f for f, _ in self.initialled if len(f) > 1}
            lasts = {last for _, last in self.full} | self.surnames | {
                last for _, last in self.initialled if len(last) > 1}
            self._names = (firsts, lasts)
        return self._names

    def first_names(self) -> set[str]:
        return self._derived()[0]

    def last_names(self) -> set[str]:
        return self._derived()[1]

    def conflict(self, other: PersonProfile) -> str | None:
        """Why these two cannot be one person, or ``None``."""
        roles = self.roles | other.roles
        if "PROFESSIONAL" in roles and roles - {"PROFESSIONAL"}:
            return "a professional and someone who is not"
        if {"ADULT_OF_CONCERN", "PEER"} <= roles:
            return "a peer and an adult of concern"
        for a in self.ages:
            for b in other.ages:
                if keys.ages_conflict(a, b):
                    return f"ages {a[0]}-{a[1]} and {b[0]}-{b[1]}"
        if self.dobs and other.dobs and not self.dobs & other.dobs:
            return "different dates of birth"
        for a in self.full | self.initialled:
            for b in other.full | other.initialled:
                if not names_compatible(a, b):
                    return f"names {' '.join(a)} and {' '.join(b)}"
        mine, theirs = self.last_names(), other.last_names()
        if self.surnames and theirs and not any(
                keys.one_typo(s, t) for s in self.surnames for t in theirs):
            return "different surnames"
        if other.surnames and mine and not any(
                keys.one_typo(s, t) for s in other.surnames for t in mine):
            return "different surnames"
        return None


_PERSON_SETS = ("full", "initialled", "singles", "nicknames", "surnames", "roles", "ages",
                "dobs", "genders", "jobs", "workplaces", "folded")


def _part_compatible(a: str, b: str) -> bool:
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return keys.one_typo(a, b)


def names_compatible(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Two (first, last) names may be one person: each part equal, one typo apart, or an
    initial of the other ("L Fairclough" / "Lee Fairclough"; not "Kyle M" / "Kyle
    Pennington", nor "Glenn Hunt" / "Glenn Hunter")."""
    return _part_compatible(a[0], b[0]) and _part_compatible(a[1], b[1])


@dataclass
class PlaceProfile:
    numbered: set[tuple[str, str]] = field(default_factory=set)   # (number, street)
    streets: set[str] = field(default_factory=set)
    stems: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    postcodes: set[str] = field(default_factory=set)
    towns: set[str] = field(default_factory=set)
    flats: set[str] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)
    folded: set[str] = field(default_factory=set)
    dwelling: bool = False
    plain_street: bool = False
    broad: bool = False

    def merge(self, other: PlaceProfile) -> None:
        for name in ("numbered", "streets", "stems", "names", "postcodes", "towns", "flats",
                     "kinds", "folded"):
            getattr(self, name).update(getattr(other, name))
        self.dwelling |= other.dwelling
        self.plain_street |= other.plain_street
        self.broad |= other.broad

    def conflict(self, other: PlaceProfile) -> str | None:
        if self.broad != other.broad:
            return "an area and a place in it"
        if self.broad and other.broad and not (self.names & other.names
                                               or self.streets & other.streets):
            return "different areas"
        for n1, s1 in self.numbered:
            for n2, s2 in other.numbered:
                if n1 != n2 or not _similar(s1, s2, 0.88):
                    return f"addresses {n1} {s1} and {n2} {s2}"
        if self.postcodes and other.postcodes and not self.postcodes & other.postcodes:
            return "different postcodes"
        if self.flats and other.flats and not self.flats & other.flats:
            return "different flat numbers"
        if (self.plain_street and other.numbered) or (other.plain_street and self.numbered):
            return "a street and an address on it"
        if (self.plain_street and other.dwelling) or (other.plain_street and self.dwelling):
            # "seen on Cheviot Close" is the street; "a flat on Chveiot Close" a home on it,
            # which may be the one numbered address there and must stay free to join it
            return "a street and a dwelling on it"
        if self.towns and other.towns and not self.towns & other.towns:
            return "different towns"
        return None


@dataclass
class VehicleProfile:
    plates: set[str] = field(default_factory=set)
    partials: set[str] = field(default_factory=set)
    makes: set[str] = field(default_factory=set)
    colours: set[str] = field(default_factory=set)
    models: set[str] = field(default_factory=set)
    folded: set[str] = field(default_factory=set)

    def merge(self, other: VehicleProfile) -> None:
        for name in ("plates", "partials", "makes", "colours", "models", "folded"):
            getattr(self, name).update(getattr(other, name))

    def conflict(self, other: VehicleProfile) -> str | None:
        plates = self.plates | other.plates
        if len(plates) > 1:
            return "different registrations"
        for partial in self.partials | other.partials:
            if any(not keys.plates_compatible(partial, p) for p in plates):
                return f"partial {partial} does not fit {', '.join(sorted(plates))}"
        partials = sorted(self.partials | other.partials)
        for i, a in enumerate(partials):
            if any(not keys.plates_compatible(a, b) for b in partials[i + 1:]):
                return "partial registrations that differ"
        if self.makes and other.makes and not self.makes & other.makes:
            return "different makes"
        if self.colours and other.colours and not self.colours & other.colours:
            return "different colours"
        return None


@dataclass
class KeyProfile:
    """Phones, handles and organisations: one key, one thing; only judgements join two."""

    keys: set[str] = field(default_factory=set)

    def merge(self, other: KeyProfile) -> None:
        self.keys |= other.keys

    def conflict(self, other: KeyProfile) -> str | None:
        return None


Profile = PersonProfile | PlaceProfile | VehicleProfile | KeyProfile


def _nickname_values(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [v for v in value if isinstance(v, str)]
    return []


def person_profile(unit: Unit) -> PersonProfile:
    """What one unit says about a person. A one-word name counts as a *nickname* only
    when the same document also gives a full name it is not part of: that is a document
    stating an alias ("Dean ASHWORTH, known as Deano"), which a bare "Kyle" is not."""
    profile = PersonProfile()
    written = [*unit.texts, *unit.aliases, *_nickname_values(unit.attributes.get("nickname"))]
    forms = [f for w in written for f in keys.person_forms(w)]
    for form in forms:
        if form.kind == "full":
            profile.full.add((form.first, form.last))
        elif form.kind == "initialled":
            profile.initialled.add((form.first, form.last))
        elif form.kind == "surname":
            profile.surnames.add(form.first)
        else:
            profile.singles.add(form.first)
    named = {t for f in forms if f.kind != "single" for t in f.tokens}
    if len({f.text for f in forms}) > 1:
        # the document gives this person two or more names: each one-word name that is not
        # part of a full name is an alias it states ("Zee", known as "Johnno")
        profile.nicknames = {s for s in profile.singles if s not in named}
    profile.roles = {r for r in unit.roles if r not in ROLE_UNKNOWN}
    age = keys.age_range(unit.attributes.get("age"))
    if age:
        profile.ages.add(age)
    born = keys.dob(unit.attributes.get("dob"))
    if born:
        profile.dobs.add(born)
    sex = keys.gender(unit.attributes.get("gender"))
    if sex:
        profile.genders.add(sex)
    job = unit.attributes.get("job")
    if isinstance(job, str) and job.strip():
        profile.jobs.add(keys.fold(job))
        profile.workplaces.update(filter(None, [keys.workplace(job)]))
    profile.folded = {keys.fold(w) for w in written if w}
    return profile


def place_profile(unit: Unit) -> PlaceProfile:
    profile = PlaceProfile()
    kind = str(unit.attributes.get("kind") or "").lower()
    if kind:
        profile.kinds.add(kind)
    profile.broad = kind in keys.BROAD_KINDS
    forms = [keys.place_form(w) for w in [*unit.texts, *unit.aliases] if w]
    key_form = keys.place_form(unit.key)
    for form in [key_form, *forms]:
        if form.number and form.street:
            profile.numbered.add((form.number, form.street))
        if form.street:
            profile.streets.add(form.street)
            if form.stem:
                profile.stems.add(form.stem)
        if form.name:
            profile.names.add(form.name)
        if form.postcode:
            profile.postcodes.add(form.postcode)
        if form.flat:
            profile.flats.add(form.flat)
        profile.dwelling |= form.dwelling
        if form.folded:
            profile.folded.add(form.folded)
    postcode = unit.attributes.get("postcode")
    if isinstance(postcode, str) and postcode:
        profile.postcodes.add(postcode.upper())
    town = unit.attributes.get("town")
    if isinstance(town, str) and town and not profile.broad:
        profile.towns.add(keys.fold(town))
    profile.dwelling |= kind in keys.DWELLING_KINDS
    if profile.broad:
        profile.names.add(unit.key)
    # "the Irwell View": extraction names a building whose last word also ends streets
    # ("View", "Court"); the name it gives is a place's name, to meet "Irwell View Hotel"
    name = unit.attributes.get("name")
    if isinstance(name, str) and name.strip() and kind not in {"street", "road"}:
        profile.names.add(keys.fold(name))
    # Only a mention written as a street ("seen on Caunce Street") is a plain street; one
    # without a kind (an episodes file's "found at") may be a place on it, so it is not.
    profile.plain_street = bool(kind in {"street", "road"} and profile.streets
                                and not profile.numbered and not profile.dwelling)
    return profile


def vehicle_profile(unit: Unit) -> VehicleProfile:
    profile = VehicleProfile()
    for written in [*unit.texts, *unit.aliases] or [unit.label]:
        form = keys.vehicle_form(written, unit.key, unit.attributes)
        if form.plate:
            profile.plates.add(form.plate)
        if form.partial:
            profile.partials.add(form.partial)
        if form.make:
            profile.makes.add(form.make)
        if form.colour:
            profile.colours.add(form.colour)
        if form.model:
            profile.models.add(form.model)
        profile.folded.add(form.folded)
    return profile


def profile_of(unit: Unit) -> Profile:
    if unit.type == "Person":
        return person_profile(unit)
    if unit.type == "Location":
        return place_profile(unit)
    if unit.type == "Vehicle":
        return vehicle_profile(unit)
    return KeyProfile({unit.key})


def copy_profile(profile: Profile) -> Profile:
    clone = type(profile)()
    clone.merge(profile)  # type: ignore[arg-type]
    return clone


# -- loading and pieces ------------------------------------------------------------------

def load_units(rows: Iterable[dict[str, Any]]) -> list[Unit]:
    """Units from ``Store.resolution_units`` rows, in a stable order (entity, document)."""
    out: list[Unit] = []
    for row in sorted(rows, key=lambda r: (r["entity_id"], r["document_id"])):
        texts: list[str] = []
        aliases: list[str] = []
        roles: set[str] = set()
        attributes: dict[str, Any] = {}
        for mention in row.get("mentions") or []:
            if mention.get("text"):
                texts.append(mention["text"])
            aliases.extend(a for a in mention.get("aliases") or [] if isinstance(a, str))
            if mention.get("role"):
                roles.add(mention["role"])
            for k, v in (mention.get("attributes") or {}).items():
                if v not in (None, "", [], {}):
                    attributes.setdefault(k, v)
        if not texts:
            texts = [row.get("label") or row["key"]]
        props = row.get("props") or {}
        for k in ("postcode", "town", "kind", "make", "colour", "model"):
            if props.get(k) not in (None, "") and k not in attributes and not row.get(
                    "mentions"):
                attributes[k] = props[k]
        key = named_key(row["key"]) if row["type"] == "Person" else row["key"]
        out.append(Unit(len(out), row["entity_id"], row["document_id"], row["type"],
                        key, row.get("label") or key, row.get("child_id"),
                        row.get("kind"), row.get("date"), texts, aliases, roles, attributes,
                        [(link["type"], link["other_id"], link.get("direction", "out"))
                         for link in row.get("linked") or []]))
    return out


@dataclass
class Piece:
    """Units of one entity that are one thing before any comparison (same strong key, or
    same weak key in one child's records), with their merged profile."""

    index: int
    type: str
    entity_id: str
    units: list[int]
    profile: Profile
    strong: bool
    children: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)
    note: str = ""  # why these units are a piece apart from the entity's other units


def is_strong(unit: Unit) -> bool:
    """Does the entity key alone say which real thing this is?

    Full plates, phones, handles, addresses, named places and names with a first and last
    name are strong. A bare first name or nickname, a partial plate ("MF67*": thousands of
    cars were registered in Manchester in 2017) and a car known only by its description
    are not: they join within one child's records and need evidence across children.
    """
    if unit.type == "Person":
        return len(unit.key.split()) >= 2
    if unit.type == "Vehicle":
        try:
            return not vrm.is_partial(vrm.clean(unit.key, allow_partial=True))
        except Exception:  # noqa: BLE001 - any key that is not a plate is a description
            return False
    return True


#: (child, first name) -> each full name with that first name in the child's records, with
#: what those records say of its holder (roles, ages, dates of birth): enough to tell
#: whether a bare first name there could be that person at all. Under the child
#: :data:`ANYWHERE`, the same for every record, a child's or not.
Owners = dict[tuple[str, str], dict[tuple[str, str], "PersonProfile"]]
#: The "child" of :data:`Owners` that stands for all the records.
ANYWHERE = ""
#: First name -> child id -> the child's (first, last) name, from the children's register.
Register = dict[str, dict[str, tuple[str, str]]]


def _holder(profile: PersonProfile) -> PersonProfile:
    """What identifies a name's holder apart from the name (it may not conflict with a
    bare first name by its names, only by who the person is)."""
    return PersonProfile(roles=set(profile.roles), ages=set(profile.ages),
                         dobs=set(profile.dobs))


def first_name_owners(units: list[Unit], profiles: list[Profile]) -> Owners:
    """(child, first name) -> the full names with that first name in the child's records,
    each with its holder's roles, ages and dates of birth; (:data:`ANYWHERE`, first name)
    -> the same over all the records."""
    owners: Owners = {}
    for unit in units:
        profile = profiles[unit.index]
        if not isinstance(profile, PersonProfile):
            continue
        for first, last in profile.full | {n for n in profile.initialled if len(n[0]) > 1}:
            for child in {unit.child_id or ANYWHERE, ANYWHERE}:
                slot = owners.setdefault((child, first), {})
                if (first, last) in slot:
                    slot[(first, last)].merge(_holder(profile))
                else:
                    slot[(first, last)] = _holder(profile)
    return owners


def children_register(rows: Iterable[dict[str, Any]]) -> Register:
    """The children's register (``Store.entities("Child")`` rows) by first name: a peer
    known only as "Jodie" may be any child of the area called Jodie."""
    register: Register = {}
    for row in rows:
        props = row.get("props") or {}
        child_id = str(props.get("child_id") or row.get("key") or "")
        for form in keys.person_forms(str(props.get("name") or row.get("label") or "")):
            if form.kind == "full" and child_id:
                register.setdefault(form.first, {})[child_id] = (form.first, form.last)
    return register


#: A child of the register is, in another child's records, a peer.
_REGISTERED_CHILD = PersonProfile(roles={"PEER"})


def could_be(owners: Owners, register: Register, child: str, first: str,
             *mentions: PersonProfile) -> set[tuple[str, str]]:
    """The full names a bare ``first`` name in ``child``'s records could belong to: the
    people of that first name the child's records name whom none of ``mentions`` rules out
    (a peer "Liam Greenwood", 15, is not the adult of concern "Liam", mid 20s), and, when
    the mention could be a child, the other children of the register with that first
    name."""
    found = {name for name, holder in owners.get((child, first), {}).items()
             if not any(holder.conflict(m) for m in mentions)}
    if not any(_REGISTERED_CHILD.conflict(m) for m in mentions):
        found |= {name for other, name in register.get(first, {}).items() if other != child}
    return found


#: A first name that the records give three or more different surnames is common: alone,
#: even within one child's records, it does not say who is meant.
COMMON_FIRST_NAME = 3


def common_first_names(profiles: Iterable[Profile]) -> set[str]:
    """First names the data itself shows to be shared by :data:`COMMON_FIRST_NAME` or more
    people with different surnames. A bare "Kayleigh" among 2,000 children's records is
    not an identifier, however often it recurs in one child's notes; "Deano" may be."""
    surnames: dict[str, set[str]] = {}
    for profile in profiles:
        if isinstance(profile, PersonProfile):
            for first, last in profile.full:
                surnames.setdefault(first, set()).add(last)
    return {first for first, lasts in surnames.items() if len(lasts) >= COMMON_FIRST_NAME}


def ambiguous(names: set[tuple[str, str]]) -> bool:
    """True when ``names`` hold two people who cannot be one (two surnames)."""
    ordered = sorted(names)
    return any(not names_compatible(a, b) for i, a in enumerate(ordered)
               for b in ordered[i + 1:])


def build_pieces(units: list[Unit], profiles: list[Profile],
                 separate: set[frozenset[int]] | None = None,
                 register: Register | None = None) -> list[Piece]:
    """Group units into pieces; ``separate`` holds unit pairs an analyst judged different,
    which never share a piece; ``register`` is the children's register by first name."""
    separate = separate or set()
    judged = {u for pair in separate for u in pair}
    owners = first_name_owners(units, profiles)
    common = common_first_names(profiles)
    groups: dict[tuple[Any, ...], list[int]] = {}
    for unit in units:
        strong = is_strong(unit)
        if unit.type == "Location":
            profile = profiles[unit.index]
            assert isinstance(profile, PlaceProfile)
            group: tuple[Any, ...] = (unit.entity_id, profile.plain_street)
        elif strong:
            group = (unit.entity_id,)
        elif unit.child_id and not (unit.type == "Person" and (unit.key in common or ambiguous(
                could_be(owners, register or {}, unit.child_id, unit.key,
                         profiles[unit.index])))):  # type: ignore[arg-type]
            group = (unit.entity_id, unit.child_id)
        else:
            # no child; or this child's records know two people of this first name, or the
            # records know many: a bare "Katie" could be any of them, so each mention
            # stands alone until evidence joins it
            group = (unit.entity_id, unit.document_id)
        groups.setdefault(group, []).append(unit.index)
    pieces: list[Piece] = []
    for members in groups.values():
        first = units[members[0]]
        strong = is_strong(first)
        local: list[Piece] = []
        for index in sorted(members, key=lambda i: (units[i].date or "", units[i].document_id)):
            unit = units[index]
            why = ""
            for piece in local:
                conflict = piece.profile.conflict(profiles[index])  # type: ignore[arg-type]
                if conflict is None and index in judged and any(
                        frozenset((index, other)) in separate for other in piece.units):
                    conflict = "judged not the same"
                if conflict is None:
                    piece.units.append(index)
                    piece.profile.merge(profiles[index])  # type: ignore[arg-type]
                    break
                why = why or conflict
            else:
                note = (f"kept apart from other records of {unit.key!r}: {why}" if why
                        else "" if strong else
                        f"{unit.key!r} alone is not a key: joined only within one child's "
                        "records, or with corroboration")
                piece = Piece(len(pieces) + len(local), unit.type, unit.entity_id, [index],
                              copy_profile(profiles[index]), strong, note=note)
                local.append(piece)
            if unit.child_id:
                piece.children.add(unit.child_id)
            piece.documents.add(unit.document_id)
        pieces.extend(local)
    for i, piece in enumerate(pieces):
        piece.index = i
    return pieces
