"""Return home interview notes in three house styles: labelled form, narrative, terse bullets.

Areas write RHIs differently, and the extractor has to cope with all of them, so the same
episode story can come out as a labelled form with section headings (like the Bolton
samples), a free narrative (like the Wigan ones) or a practitioner's terse bullets. Every
sentence comes from :mod:`~rhigraph.scenario.phrases` templates filled with mentions, so the
realism (nicknames, lower-case names, misspelt streets, partial plates, negations, carers'
accounts) is annotated as it is written.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from typing import Any

from . import phrases as P
from . import surfaces as S
from .document import CHILD, Blank, Block, Document, Field, Heading, Line, Relation
from .model import Episode, Pattern, Person, Place, Thing
from .template import Mention, Segs, Span, capitalise_first, fill, join, plain, raised, unraised
from .world import World

STYLES = ("labelled", "narrative", "terse")
#: Codes a reflection asserts as the worker's judgement ("a clear CSE risk", "the episode was
#: about low mood"): tagged even where the narrative raised them, as in the sample notes.
JUDGEMENTS = frozenset({"CSE", "CCE", "OLDER_ADULTS", "MENTAL_HEALTH", "FAMILY_CONFLICT"})
_STYLE_WEIGHTS = {
    # Each area has a house style; the others still turn up (agency staff, templates changing).
    0: (70, 20, 10),
    1: (20, 65, 15),
    2: (25, 25, 50),
}
_LABELS = (
    {"name": "Name", "dob": "DOB", "ref": "Child ref", "address": "Address", "mp": "MP ref",
     "reported": "Reported missing", "returned": "Returned", "from": "Missing from",
     "found": "Found at", "risk": "Police risk", "date": "RHI date", "worker": "Interviewer",
     "agency": "Agency", "child": "CHILD", "services": "SERVICES INVOLVED",
     "episode": "MISSING EPISODE"},
    {"name": "Young person", "dob": "DOB", "ref": "ID", "address": "Address", "mp": "MP ref",
     "reported": "Reported missing", "returned": "Found", "from": "Missing from",
     "found": "Found at", "risk": "Police risk", "date": "Date of interview",
     "worker": "Worker", "agency": "Agency", "child": "YOUNG PERSON",
     "services": "KNOWN TO SERVICES", "episode": "MISSING EPISODE"},
    {"name": "Child", "dob": "Date of birth", "ref": "Child ID", "address": "Placement",
     "mp": "Police ref", "reported": "Reported missing", "returned": "Returned / found",
     "from": "Missing from", "found": "Found at", "risk": "Risk level (police)",
     "date": "Date of RHI", "worker": "Worker", "agency": "Service", "child": "DETAILS",
     "services": "SERVICES", "episode": "EPISODE"},
)  # fmt: skip
_SECTIONS = (
    ("REASONS FOR GOING MISSING", "EXPERIENCES WHILE MISSING", "RISK AND PROTECTIVE FACTORS",
     "CHILD'S COMMENTS", "PRACTITIONER REFLECTION", "ACTIONS", "MANAGER'S RESPONSE"),
    ("Reasons for going missing", "Experiences while missing", "Risk and protective factors",
     "Voice of the child", "Practitioner reflection", "Actions", "Manager's response"),
    ("Why did you go missing?", "What happened while you were missing?", "Risks / protective",
     "Child's comments", "Worker's analysis", "Recommendations", "Manager oversight"),
)  # fmt: skip
RISK_WORDS = {
    "high": "High",
    "medium": "Medium",
    "low": "Low",
    "no apparent risk": "No apparent risk",
}
TERSE_RISK = {"high": "high", "medium": "med", "low": "low", "no apparent risk": "NAR"}


def day(moment: dt.datetime | dt.date) -> str:
    """UK day-first date, ``05/01/2026``."""
    return f"{moment.day:02d}/{moment.month:02d}/{moment.year}"


def stamp(moment: dt.datetime) -> str:
    """UK day-first date and time, ``05/01/2026 16:30``."""
    return f"{day(moment)} {moment.hour:02d}:{moment.minute:02d}"


def iso(moment: dt.datetime | None) -> str | None:
    """ISO minute precision for gold ``fields``, ``2026-01-05T16:30``."""
    return f"{moment.date().isoformat()}T{moment.hour:02d}:{moment.minute:02d}" if moment else None


def clock(moment: dt.datetime) -> str:
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    return f"{hour}{suffix}" if moment.minute == 0 else f"{hour}.{moment.minute:02d}{suffix}"


class _Slots(dict):
    """Template context whose costlier values are made on first use (most go unused)."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.makers: dict[str, Any] = {}

    def lazy(self, name: str, make: Any) -> None:
        self.makers[name] = make

    def __missing__(self, key: str) -> Any:
        make = self.makers.get(key)
        if make is None:
            raise KeyError(key)
        value = self[key] = make()
        return value


class NoteWriter:
    """Writes one RHI note document per completed interview."""

    def __init__(self, world: World, rng: random.Random) -> None:
        self.world = world
        self.rng = rng
        self.team_style = {
            t.authority.name: i % len(_STYLE_WEIGHTS) for i, t in enumerate(world.teams)
        }
        self.team_labels = {
            t.authority.name: _LABELS[i % len(_LABELS)] for i, t in enumerate(world.teams)
        }
        self.forms_cache: dict[str, dict[str, list[str]]] = {}

    def write(self, episode: Episode) -> Document:
        """The note of ``episode``'s interview (its ``id`` is set by the caller)."""
        child = episode.child
        weights = _STYLE_WEIGHTS[self.team_style[child.host.name]]
        style = self.rng.choices(STYLES, weights)[0]
        note = _Note(self.world, episode, self.rng, self.forms_cache)
        blocks = {"labelled": note.labelled, "narrative": note.narrative, "terse": note.terse}[
            style
        ](self.team_labels[child.host.name])
        assert episode.completed is not None
        return Document(
            id="",
            kind="rhi_note",
            child_id=child.id,
            date=episode.completed.date(),
            fields=note.fields,
            blocks=blocks,
            relations=note.relations,
            style=style,
            folder="notes",
            episode_id=episode.id,
            nil_return=note.nil,
        )


class _Note:
    """The working state of one note: context slots, relations, header facts."""

    def __init__(
        self,
        world: World,
        episode: Episode,
        rng: random.Random,
        forms_cache: dict[str, dict[str, list[str]]],
    ) -> None:
        self.world = world
        self.forms_cache = forms_cache
        self.episode = episode
        self.child = episode.child
        self.rng = rng
        self.team = world.team(episode.child.host)
        self.plan = episode.plan
        # The driver's pattern is also of kind "adult"; "adult" here means the main adult.
        self.kinds: dict[str, Pattern] = {}
        main_adult = self._network_adult()
        for p in self.plan.exposures:
            driver = p.kind == "adult" and p.thing is not main_adult
            self.kinds["driver" if driver else p.kind] = p
        self.nil = not self.plan.exposures  # nothing of concern came up: a nil return
        self.relations: list[Relation] = []
        self.worker = rng.choice(self.team.rhi_workers)
        self.manager = rng.choice(self.team.managers)
        self.ctx = self._context()
        self.fields: dict[str, Any] = {}

    # -- context --------------------------------------------------------------------------

    def _network_adult(self) -> Person | None:
        return self.child.network.adult if self.child.network else None

    def rel(self, kind: str, source: Thing | str, target: Thing | None) -> None:
        if target is not None:
            self.relations.append((kind, source, target))

    def _context(self) -> _Slots:
        rng, child, plan = self.rng, self.child, self.plan
        name = child.nickname if child.nickname and rng.random() < 0.5 else child.first
        ctx = _Slots(child.pronouns)
        ctx["Name"] = name
        ctx["name"] = name.lower() if rng.random() < 0.3 else name
        ctx["age"] = str(child.age_on(self.episode.reported.date()))
        ctx["time"] = clock(self.episode.reported)
        ctx["time_back"] = clock(self.episode.returned) if self.episode.returned else "later"
        ctx["amount"] = rng.choice(("£10", "£20", "£50", "a tenner", "£5"))
        ctx["gift"] = rng.choice(P.GIFTS)
        ctx["topic"] = rng.choice(P.TOPICS)
        ctx["month"] = rng.choice(("Christmas", "the summer", "October", "half term"))
        ctx["n"] = rng.choice(("3 or 4", "two", "a few", "5 or 6"))
        ctx["team"] = S.org(self.team.mfh)
        ctx["team_short"] = S.org(self.team.mfh, short=True)
        ctx["cst"] = S.org(self.team.cst, short=rng.random() < 0.5)
        ctx["gmp"] = S.org(self.world.org("GMP"), short=True)
        ctx["sw"] = S.person(child.social_worker) if child.social_worker else "the social worker"
        ctx["worker"] = S.person(self.worker)
        ctx["manager"] = S.person(self.manager)
        ctx["manager_short"] = S.person(
            self.manager, f"{self.manager.first[0]}. {self.manager.last}"
        )
        # Home: named children's homes are annotated; "home" and "placement" are not places.
        if child.residential is not None:
            home_name = child.home.name or "the home"
            short = home_name.split()[0] if rng.random() < 0.4 else home_name
            ctx["home"] = S.place(child.home, short)
            ctx["carers"] = "staff"
            kw = rng.choice(child.residential.key_workers)
            ctx["kw"] = S.person(kw, kw.first)
            night = child.residential.night_staff[0]
            ctx["staff"] = S.person(night, night.first)
            ctx["staff_job"] = "night support worker"
        elif child.carers:
            ctx["home"] = "the placement" if rng.random() < 0.5 else "home"
            ctx["carers"] = "the carers"
            carer = child.carers[0]
            ctx["kw"] = S.person(carer)
            ctx["staff"] = S.person(carer)
            ctx["staff_job"] = "foster carer"
        else:
            ctx["home"] = "home"
            ctx["carers"] = "mum"
            mum = child.family[0]
            ctx["kw"] = S.person(mum)
            ctx["staff"] = S.person(mum)
            ctx["staff_job"] = "mum"
        ctx["mum"] = S.person(child.family[0]) if child.family else ctx["kw"]
        # Companions and places.
        peers = plan.peers
        ctx.lazy("peer", lambda: S.peer(peers[0], rng, first_time=True) if peers else "a friend")
        ctx.lazy(
            "peer2",
            lambda: S.peer(peers[1], rng, first_time=True) if len(peers) > 1 else "another lad",
        )
        ctx["they"] = "They" if peers else child.pronouns["He"]
        ctx["they_lc"] = ctx["they"].lower()
        ctx["were"] = "were" if peers else "was"
        ctx["them"] = "them" if peers else child.pronouns["him"]
        places = plan.places
        ctx.lazy("place", lambda: self._place(places[0]) if places else "town")
        ctx.lazy("place2", lambda: self._place(places[1]) if len(places) > 1 else "the park")
        found = plan.found
        if found is not None:
            ctx.lazy("found", lambda: self._found_mention(found))
        officer = rng.choice(self.team.police)
        ctx.lazy("pc", lambda: S.person(officer, f"PC {officer.last}"))
        if plan.collected_by is not None:
            collector = plan.collected_by
            short = collector.person_role == "PROFESSIONAL" and "night" in (collector.job or "")
            ctx["collector"] = S.person(collector, collector.first if short else None)
            ctx["collector_first"] = collector.first
            ctx["collector_job"] = collector.job or collector.relationship or "carer"
        if plan.destination:
            ctx["dest"] = S.place(self.world.town(plan.destination), plan.destination)
        self._pattern_context(ctx)
        return ctx

    def _place(self, place: Place) -> Mention:
        if place.short and self.rng.random() < 0.3:
            return S.place(place, place.short)
        return S.place(place)

    def house_forms(self, house: Place) -> dict[str, list[str]]:
        """The wordings of one flat; worked out once per flat so its typos stay consistent."""
        forms = self.forms_cache.get(house.id)
        if forms is None:
            forms = self.forms_cache[house.id] = S.house_forms(house, self.rng)
        return forms

    def _found_mention(self, place: Place) -> Mention:
        if place.kind == "flat":
            forms = self.house_forms(place)
            return S.place(place, self.rng.choice(forms["address"][:3]))
        if place.kind == "hotel":
            return S.hotel(place, self.rng)
        return self._place(place)

    def _pattern_context(self, ctx: _Slots) -> None:
        """Slots for the child's network, made only when a template uses them."""
        rng, child = self.rng, self.child
        network = child.network
        self.car_level = S.NO_PLATE
        if network is None:
            return
        adult, driver = network.adult, network.driver
        alias = child.alias_for.get(adult.id, adult.nicknames[0])
        ctx.lazy("adult", lambda: S.adult(adult, alias))
        ctx.lazy("adult_lc", lambda: S.adult(adult, alias.lower() if rng.random() < 0.6 else alias))
        ctx.lazy("adult_full", lambda: S.adult(adult, adult.full))
        male = adult.gender == "M"
        ctx["ahe"], ctx["ahim"], ctx["ahis"] = (
            ("he", "him", "his") if male else ("she", "her", "her")
        )
        ctx.lazy(
            "aage",
            lambda: rng.choice(
                ("about 25", "in his 20s", "older, maybe 30", "about 22")
                if male
                else ("about 25", "in her 20s")
            ),
        )
        ctx.lazy(
            "driver",
            lambda: S.adult(driver, driver.first if rng.random() < 0.85 else driver.first.lower()),
        )
        ctx.lazy("driver_saved", lambda: S.adult(driver, f"{driver.first} {driver.last[0]}"))
        ctx["dage"] = driver.age or "about 25"
        house = network.house
        ctx.lazy("house_flat", lambda: S.place(house, rng.choice(self.house_forms(house)["flat"])))
        ctx.lazy(
            "house_addr", lambda: S.place(house, rng.choice(self.house_forms(house)["address"]))
        )
        ctx.lazy(
            "house_named", lambda: S.place(house, rng.choice(self.house_forms(house)["named"]))
        )
        ctx["street"] = house.street
        vehicles = network.pattern("vehicle").children
        position = vehicles.index(child) if child in vehicles else 2
        self.car_level = (
            (S.FULL_PLATE, S.PARTIAL_PLATE)[position]
            if position < 2
            else (rng.choice((S.FULL_PLATE, S.PARTIAL_PLATE, S.NO_PLATE)))
        )
        ctx.lazy("car", lambda: S.vehicle(network.vehicle, self.car_level, rng))
        ctx.lazy("car_vague", lambda: S.vehicle(network.vehicle, S.NO_PLATE, rng))
        phones = network.pattern("phone").children
        style = ("national", "international", "compact")[
            (phones.index(child) if child in phones else 0) % 3
        ]
        ctx.lazy("phone", lambda: S.phone(network.phone, style))
        ctx.lazy("handle", lambda: S.handle(network.handle, rng))
        ctx.lazy("handle_at", lambda: S.handle(network.handle, rng, at=True))
        ctx["platform"] = network.handle.platform
        ctx.lazy("platform_slang", lambda: S.platform_slang(network.handle, rng))
        ctx.lazy("hotel", lambda: S.hotel(network.hotel, rng))
        ctx.lazy("hotel_in", lambda: S.hotel(network.hotel, rng, with_town=True))

    # -- sentences ------------------------------------------------------------------------

    def say(self, options: tuple[str, ...] | list[str]) -> Segs:
        return capitalise_first(fill(self.rng.choice(options), self.ctx))

    def _reason(self) -> list[Segs]:
        plan, child = self.plan, self.child
        reason = plan.reason
        if reason == "pulled" and "adult" not in self.kinds:
            reason = "friends"
        if reason == "conflict":
            if child.residential is not None:
                bank = P.REASON_STAFF
            elif child.carers:
                bank = P.REASON_FOSTER
            else:
                bank = P.REASON_FAMILY
        elif reason == "pulled":
            bank = P.REASON_PULLED_F if child.gender == "F" else P.REASON_PULLED_M
            self.rel("CONTACTED_BY", CHILD, self.kinds["adult"].thing)
        elif reason == "family" and child.looked_after:
            bank = P.REASON_MISSES_FAMILY
        elif reason == "low_mood":
            bank = P.REASON_LOW_MOOD
        else:
            bank = P.REASON_FRIENDS
        return [self.say(bank)]

    def _experiences(self) -> list[Segs]:
        plan, child, rng = self.plan, self.child, self.rng
        out: list[Segs] = []
        if plan.from_school and child.school:
            self.ctx["school"] = S.org(child.school[0])
            out.append(self.say(P.FROM_SCHOOL))
        if plan.peers:
            out.append(self.say(P.OPEN_WITH_PEER))
            self.rel("WITH", CHILD, plan.peers[0])
            if len(plan.peers) > 1:
                out.append(self.say(P.SECOND_PEER))
                self.rel("WITH", CHILD, plan.peers[1])
        else:
            out.append(self.say(P.OPEN_ALONE))
        if plan.places:
            out.append(self.say(P.PLACES_TWO if len(plan.places) > 1 else P.PLACES_ONE))
            for place in plan.places:
                self.rel("AT", CHILD, place)
        out += self._exposure_sentences()
        out += self._negations()
        if rng.random() < 0.5 or self.nil:
            out.append(self._third_party())
        out.append(self._found())
        return out

    def _exposure_sentences(self) -> list[Segs]:
        kinds, child, rng = self.kinds, self.child, self.rng
        network = child.network
        out: list[Segs] = []
        if network is None:
            return out
        adult = kinds.get("adult")
        female = child.gender == "F"
        if adult:
            out.append(self.say(P.ADULT_INTRO))
            self.rel("WITH", CHILD, network.adult)
        if "house" in kinds:
            out.append(self.say(P.HOUSE_WITH_ADULT if adult else P.HOUSE_NO_ADULT))
            self.rel("AT", CHILD, network.house)
            if adult:
                self.rel("LIVES_AT", network.adult, network.house)
            out.append(self.say(P.HOUSE_CSE if female else P.HOUSE_CCE))
            if rng.random() < 0.5:
                out.append(self.say(P.HOUSE_ADDRESS))
        if adult:
            out.append(self.say(P.ADULT_GIFTS))
            if rng.random() < 0.6:
                out.append(self.say(P.ADULT_COERCION))
        if "vehicle" in kinds or "driver" in kinds:
            level = self.car_level
            bank = {S.FULL_PLATE: P.CAR_FULL, S.PARTIAL_PLATE: P.CAR_PARTIAL}.get(
                level, P.CAR_VAGUE
            )
            out.append(self.say(bank))
            self.rel("TRANSPORTED_BY", CHILD, network.vehicle)
            self.rel("TRANSPORTED_BY", CHILD, network.driver)
            self.rel("USES", network.driver, network.vehicle)
            out.append(self.say(P.DRIVER_WITH_ADULT if adult else P.DRIVER_ALONE))
            if adult:
                self.rel("ASSOCIATE_OF", network.driver, network.adult)
            if self.plan.destination:
                out.append(self.say(P.DESTINATION))
                self.rel("AT", CHILD, self.ctx["dest"].thing)
        if "phone" in kinds:
            out.append(self.say(P.PHONE_WITH_ADULT if adult else P.PHONE_ALONE))
            self.rel("CONTACTED_BY", CHILD, network.phone)
            if adult:
                self.rel("USES", network.adult, network.phone)
        if "handle" in kinds:
            out.append(self.say(P.HANDLE_WITH_ADULT if adult else P.HANDLE_ALONE))
            self.rel("CONTACTED_BY", CHILD, network.handle)
            if adult:
                self.rel("USES", network.adult, network.handle)
        if "hotel" in kinds:
            out.append(self.say(P.HOTEL_WITH_ADULT if adult else P.HOTEL_ALONE))
            self.rel("AT", CHILD, network.hotel)
        return out

    def _positive_codes(self) -> set[str]:
        codes: set[str] = set()
        for key in ("adult", "house", "hotel", "vehicle", "driver", "phone", "handle"):
            if key in self.kinds:
                codes |= P.CODES_BY_KIND[key]
        return codes

    def _negations(self) -> list[Segs]:
        positive = self._positive_codes()
        options = [code for code in P.NEGATIONS if code not in positive]
        if self.child.gender == "M" and "CSE" in options and self.rng.random() < 0.5:
            options.remove("CSE")
        count = 2 if self.nil else self.rng.choice((1, 1, 2))
        picked = self.rng.sample(options, min(count, len(options)))
        return [self.say(P.NEGATIONS[code]) for code in picked]

    def _third_party(self) -> Segs:
        child = self.child
        if self.nil:
            if child.residential is not None:
                return self.say(P.THIRD_PARTY_NIL_STAFF)
            return self.say(P.THIRD_PARTY_NIL_FAMILY)
        if child.residential is not None:
            if "vehicle" in self.kinds or "driver" in self.kinds:
                self.rel("TRANSPORTED_BY", CHILD, child.network.vehicle if child.network else None)
                return self.say(P.THIRD_PARTY_STAFF_CAR)
            return self.say(P.THIRD_PARTY_STAFF)
        if child.carers:
            return self.say(P.THIRD_PARTY_FOSTER)
        return self.say(P.THIRD_PARTY_FAMILY)

    def _found(self) -> Segs:
        plan = self.plan
        if plan.found is None:
            return self.say(P.FOUND_OWN_ACCORD)
        self.rel("AT", CHILD, plan.found)
        if plan.collected_by is not None:
            self.rel("TRANSPORTED_BY", CHILD, plan.collected_by)
            return self.say(P.FOUND_COLLECTED)
        if plan.found.kind == "flat":
            return self.say(P.FOUND_FLAT)
        return self.say(P.FOUND_HOTEL if plan.found.kind == "hotel" else P.FOUND_POLICE)

    def _risks(self) -> tuple[Segs, Segs]:
        positive = self._positive_codes()
        items: list[Segs] = []
        for code, phrase in P.RISK_PHRASES:
            if code in positive or (code == "REPEAT" and self.rng.random() < 0.5):
                items.append(fill(phrase, self.ctx))
        if "house" in self.kinds:
            items.append(fill(P.RISK_OVERNIGHT, self.ctx))
        risk = join(items, "; ") if items else ["none identified"]
        protective = [fill(t, self.ctx) for t in self.rng.sample(P.PROTECTIVE, 2)]
        return risk, join(protective, "; ")

    def _comment(self) -> Segs:
        bank = P.COMMENTS_NIL if self.nil or "adult" not in self.kinds else P.COMMENTS_CONCERN
        return self.say(bank)

    def _reflection(self) -> Segs:
        if self.nil or not self.plan.exposures:
            text = P.REASON_TEXT.get(self.plan.reason, "wanting to see friends")
            code = P.REASON_CODES.get(self.plan.reason)
            self.ctx["reason_text"] = [Span((code,), False, (text,))] if code else text
            return self.say(P.REFLECTION_NIL)
        if self.child.gender == "F" and "adult" in self.kinds:
            return self.say(P.REFLECTION_CSE_HOUSE if "house" in self.kinds else P.REFLECTION_CSE)
        if self.child.gender == "F":
            return self.say(P.REFLECTION_GENERIC)
        return self.say(P.REFLECTION_CCE)

    def _actions(self) -> list[Segs]:
        if self.nil or not self.plan.exposures:
            return [self.say(P.ACTIONS_NIL), self.say(P.ACTIONS_NIL_2)]
        out: list[Segs] = []
        if "adult" in self.kinds and "house" in self.kinds:
            out.append(self.say(P.ACTION_ISF_ADULT_HOUSE))
        elif "adult" in self.kinds:
            out.append(self.say(P.ACTION_ISF_ADULT))
        elif "phone" in self.kinds:
            out.append(self.say(P.ACTION_ISF_PHONE))
        else:
            out.append(self.say(P.ACTION_ISF_GENERIC))
        out.append(self.say(P.ACTION_REFER))
        out.append(self.say(P.ACTION_SW))
        out.append(self.say(P.ACTION_SAFETY))
        return out

    def _manager(self) -> Segs:
        return self.say(P.MANAGER_NIL if self.nil else P.MANAGER_CONCERN)

    # -- header facts -----------------------------------------------------------------------

    def _set_fields(
        self,
        *,
        missing_from: str,
        found_at: str,
        risk: str | None,
        interviewer: str,
        agency: str | None,
        extra: dict[str, str] | None = None,
    ) -> None:
        e = self.episode
        self.fields = {
            "episode_id": e.id,
            "reported_missing_at": iso(e.reported),
            "returned_at": iso(e.returned),
            "interview_at": iso(e.completed),
            "missing_from": missing_from,
            "found_at": found_at,
            "police_risk": risk,
            "interviewer": interviewer,
            "agency": agency,
            "nil_return": self.nil,
        }
        if extra:
            self.fields.update(extra)

    def _found_field(self) -> Segs:
        plan = self.plan
        if plan.found is None:
            if self.child.residential is not None:
                return [self.ctx["home"], " (returned of own accord)"]
            return ["returned home"]
        if plan.found.kind == "hotel":  # found at a hotel is itself an indicator
            return [Span(("HOTEL",), False, (self.ctx["found"],))]
        return [self.ctx["found"]]

    def _missing_from_field(self) -> Segs:
        if self.plan.from_school and self.child.school:
            return [S.org(self.child.school[0])]
        home = self.ctx["home"]
        return [home] if isinstance(home, Mention) else [home.replace("the ", "")]

    def _services(self) -> Segs:
        child = self.child
        if child.looked_after:
            since = child.placements[-1].start.strftime("%m/%Y")
            kind = {
                "foster": "foster placement",
                "supported_accommodation": "supported accommodation",
            }.get(child.placement_type, "residential placement")
            segs: Segs = [
                f"LAC ({child.responsible.name}), {kind} since {since}. Social worker: ",
                self.ctx["sw"],
                ".",
            ]
        elif child.network is not None:
            segs = [f"CIN ({child.responsible.name}) - social worker ", self.ctx["sw"], "."]
        else:
            segs = [
                self.rng.choice(
                    ("None open.", "Early Help closed last year.", "Not open to social care.")
                )
            ]
        if child.network is not None and self.rng.random() < 0.6:
            segs += [" Open to ", self.ctx["cst"], "."]
        if child.out_of_area and not child.responsible.in_gm:
            segs += [
                " Home force ",
                S.org(self._home_force()),
                "; host force ",
                self.ctx["gmp"],
                ".",
            ]
        return segs

    def _home_force(self):
        return self.world.orgs.get(self.child.responsible.force, self.world.org("GMP"))

    # -- styles -----------------------------------------------------------------------------

    def labelled(self, labels: dict[str, str]) -> list[Block]:
        e, child, ctx = self.episode, self.child, self.ctx
        assert e.completed is not None and e.returned is not None
        sections = _SECTIONS[0 if labels is _LABELS[0] else self.rng.randrange(len(_SECTIONS))]
        title = "RETURN HOME INTERVIEW"
        if self.nil:
            title += " - NIL RETURN"
        elif child.out_of_area and not child.responsible.in_gm:
            title += " - OUT OF AREA PLACEMENT"
        blocks: list[Block] = [Heading(title), Blank(), Heading(labels["child"])]
        blocks.append(Field(labels["name"], (child.caps,)))
        blocks.append(Field(labels["dob"], (day(child.dob),)))
        blocks.append(Field(labels["ref"], (child.id,)))
        address: Segs = [S.place(child.home, child.home.full)]
        if child.family and self.rng.random() < 0.4:
            address.append(" (lives with mum)")
        blocks.append(Field(labels["address"], tuple(address)))
        extra: dict[str, str] = {}
        if child.out_of_area:
            responsible = self._council(child.responsible.name)
            host = S.org(self.team.council)
            blocks.append(Field("Responsible LA", (responsible,)))
            blocks.append(Field("Host LA", (host,)))
            extra = {"responsible_la": child.responsible.name, "host_la": child.host.name}
        blocks += [Blank(), Heading(labels["services"]), Line(tuple(self._services())), Blank()]
        missing_from = self._missing_from_field()
        found = self._found_field()
        risk_text = RISK_WORDS[e.risk]
        date_value: Segs = [stamp(e.completed)]
        if not e.within_72h and self.rng.random() < 0.6:
            assert e.offered is not None
            date_value.append(f" - outside 72 hrs (offered {e.offered.strftime('%d/%m')})")
        agency = [ctx["team"]]
        blocks += [
            Heading(labels["episode"]),
            Field(labels["mp"], (e.id,)),
            Field(labels["reported"], (stamp(e.reported),)),
            Field(labels["returned"], (stamp(e.returned),)),
            Field(labels["from"], tuple(missing_from)),
            Field(labels["found"], tuple(found)),
            Field(labels["risk"], (risk_text,)),
            Field(labels["date"], tuple(date_value)),
            Field(labels["worker"], (ctx["worker"],)),
            Field(labels["agency"], tuple(agency)),
            Blank(),
        ]
        self.rel("LIVES_AT", CHILD, child.home)
        self._set_fields(
            missing_from=_text(missing_from),
            found_at=_text(found),
            risk=e.risk,
            interviewer=self.worker.full,
            agency=self.team.mfh.name,
            extra=extra,
        )
        risk, protective = self._risks()
        body: list[tuple[str, list[Segs]]] = [
            (sections[0], self._reason()),
            (sections[1], self._experiences()),
            (sections[2], [["Risk: ", *risk, "."], ["Protective: ", *protective, "."]]),
            (sections[3], [self._comment()]),
            (sections[4], [self._reflection()]),
            (sections[5], [[f"{i}. ", *a] for i, a in enumerate(self._actions(), 1)]),
            (sections[6], [self._manager()]),
        ]
        so_far: set[tuple[str, bool]] = set()
        for n, (heading, paragraphs) in enumerate(body):
            if n in (2, 4):  # the risk list and the reflection restate the narrative
                keep = JUDGEMENTS if n == 4 else frozenset()
                paragraphs = [unraised(p, so_far, keep) for p in paragraphs]
            for p in paragraphs:
                raised(p, so_far)
            blocks.append(Heading(heading))
            if heading == sections[1] or heading == sections[0]:
                blocks.append(Line(tuple(join(paragraphs))))
            else:
                blocks += [Line(tuple(p)) for p in paragraphs]
            blocks.append(Blank())
        return blocks[:-1]

    def _council(self, name: str) -> Mention:
        for team in self.world.teams:
            if team.authority.name == name:
                return S.org(team.council)
        return S.org(self.world.org(name))

    def narrative(self, labels: dict[str, str]) -> list[Block]:
        e, child, ctx, rng = self.episode, self.child, self.ctx, self.rng
        assert e.completed is not None and e.returned is not None
        title: Segs = [ctx["team"], " - Return Home Interview"]
        if self.nil:
            title = [f"{stamp(e.completed)} - RHI (nil return) - {child.full} {child.id} - {e.id}"]
        reporter = {"family": "mum", "foster": "foster carer"}.get(child.placement_type, "staff")
        missing_from = self._missing_from_field()
        found = self._found_field()
        home_words: Segs = list(missing_from)
        if child.placement_type == "family" and not self.plan.from_school:
            home_words = ["home, ", S.place(child.home, child.home.full)]
            missing_from = ["home"]
        police = (
            " by police" if self.plan.found is not None and self.plan.collected_by is None else ""
        )
        header: list[Block] = [Line(tuple(title))]
        if not self.nil:
            header.append(Line((f"{child.caps}  {child.id}  DOB {day(child.dob)}",)))
        venue = self._venue()
        if self.plan.found is None:
            back: Segs = [f". Back {stamp(e.returned)}: ", *found, "."]
        else:
            back = [f". Found {stamp(e.returned)} at ", *found, f"{police}."]
        header += [
            Line(
                (
                    f"Episode {e.id}. Reported missing by {reporter} {stamp(e.reported)} from ",
                    *home_words,
                    *back,
                )
            ),
            Line((f"RHI {stamp(e.completed)} ", *venue, ". Worker: ", ctx["worker"], ".")),
            Blank(),
        ]
        if child.out_of_area and not child.responsible.in_gm:
            header.insert(
                2,
                Line(
                    (
                        "Placed by ",
                        self._council(child.responsible.name),
                        " (out of area) - social worker ",
                        ctx["sw"],
                        ".",
                    )
                ),
            )
        self.rel("LIVES_AT", CHILD, child.home)
        self._set_fields(
            missing_from=_text(missing_from),
            found_at=_text(found),
            risk=None,
            interviewer=self.worker.full,
            agency=self.team.mfh.name,
        )
        experiences = self._experiences()
        half = max(1, len(experiences) // 2)
        paragraphs = [join(self._reason() + experiences[:half]), join(experiences[half:])]
        lines: list[Block] = [Line(tuple(p)) for p in paragraphs if p]
        if not self.nil and rng.random() < 0.7:
            lines.append(Line(tuple(self._comment())))
        lines.append(Blank())
        so_far = raised([seg for line in lines if isinstance(line, Line) for seg in line.segs])
        lines.append(Line(("Worker view: ", *unraised(self._reflection(), so_far, JUDGEMENTS))))
        lines.append(Line(("Actions: ", *join(self._actions(), " "))))
        if rng.random() < 0.5:
            lines.append(Line(tuple(self._manager())))
        return header + lines

    def _venue(self) -> Segs:
        child = self.child
        if child.school and self.rng.random() < 0.3:
            self.ctx["school"] = S.org(child.school[0])
            return ["at ", self.ctx["school"]]
        if child.residential is not None:
            return ["at ", self.ctx["home"]]
        return ["at home" if self.rng.random() < 0.7 else "at home, carer present"]

    def terse(self, labels: dict[str, str]) -> list[Block]:
        e, child, ctx = self.episode, self.child, self.ctx
        assert e.completed is not None and e.returned is not None
        name = f"{child.first} {child.last}".lower() if self.rng.random() < 0.6 else child.caps
        head = f"RHI {e.completed.strftime('%d/%m/%y')} - {name} ({child.id}) - {e.id}"
        if self.nil:
            head += " - NIL RETURN"
        venue = self._venue()
        blocks: list[Block] = [
            Line((head,)),
            Line(
                (
                    f"dob {child.dob.strftime('%d/%m/%y')}. seen ",
                    *venue,
                    ". worker: ",
                    S.person(self.worker, self.worker.initial),
                    " (",
                    ctx["team_short"],
                    ")",
                )
            ),
            Line(
                (
                    f"missing {e.reported.strftime('%d/%m %H:%M')} - back "
                    f"{e.returned.strftime('%d/%m %H:%M')}. police risk: {TERSE_RISK[e.risk]}",
                )
            ),
        ]
        found = self._found_field()
        missing_from = self._missing_from_field()
        self.rel("LIVES_AT", CHILD, child.home)
        self._set_fields(
            missing_from=_text(missing_from),
            found_at=_text(found),
            risk=e.risk,
            interviewer=self.worker.initial,
            agency=self.team.mfh.short,
        )
        bullets = self._reason() + self._experiences()
        blocks += [Line(("- ", *_tersify(b))) for b in bullets]
        risk, protective = self._risks()
        risk = unraised(risk, raised([seg for b in bullets for seg in b]))
        blocks.append(Line(("Risks: ", *risk)))
        blocks.append(Line(("Protective: ", *protective)))
        actions = self._actions()
        blocks.append(Line(("Plan: ", *join([_tersify(a) for a in actions], "; "))))
        return blocks


def _text(segs: Segs) -> str:
    return plain(segs)


_TERSE_SWAPS = (
    (re.compile(r" at (?=about|\d|[A-Z])"), " @ "), (re.compile(r"\babout (?=\d)"), "approx "),
    (re.compile(r" with "), " w/ "), (re.compile(r" and "), " & "),
    (re.compile(r"^Police "), "police "), (re.compile(r" because "), " cos "),
)  # fmt: skip


def _tersify(segs: Segs) -> Segs:
    """Make a sentence read like a practitioner's shorthand (only plain text is rewritten)."""
    out: Segs = []
    for i, seg in enumerate(segs):
        if isinstance(seg, str):
            for pattern, short in _TERSE_SWAPS:
                seg = pattern.sub(short, seg)
            if i == len(segs) - 1 and seg.endswith("."):
                seg = seg[:-1]
            if i == 0 and seg[:1].isupper() and seg[1:2].islower():
                seg = seg[0].lower() + seg[1:]
        out.append(seg)
    return out


__all__ = ["NoteWriter", "STYLES", "day", "stamp", "iso"]
