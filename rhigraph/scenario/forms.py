"""Information-sharing forms (ISFs): the partner intelligence that ties aliases together.

Notes name an adult by whatever the child calls him; forms are where a social worker, a
school or a housing officer writes the full name next to the nicknames, phone, car and
handle. Each network gets a form about one of its children, often a school's hearsay form
about another, and one form with no child at all (a housing officer about the flat, or a
hotel about its car park), graded on the 3x5x2 model. The same content is laid out as text,
Word or PDF, or written as section 4 JSON.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from . import surfaces as S
from .document import CHILD, Document, Relation
from .form_layout import FormContent, Subject, json_blocks, json_payload, layout_blocks
from .model import Child, Episode, Network, Org
from .template import Segs, capitalise_first, fill, plain
from .world import World


class FormWriter:
    """Writes the ISFs of each network, numbered per local authority."""

    def __init__(self, world: World, rng: random.Random) -> None:
        self.world = world
        self.rng = rng
        self.counters: dict[tuple[str, int], int] = {}

    def _reference(self, code: str, day: dt.date) -> str:
        key = (code, day.year)
        self.counters[key] = self.counters.get(key, self.rng.randint(2, 12)) + self.rng.randint(
            1, 7
        )
        return f"ISF-{code}-{day.year}-{self.counters[key]:04d}"

    def forms(self, network: Network, interviews: dict[str, list[Episode]]) -> list[Document]:
        """The forms about one network, given each child's completed interviews."""
        rng = self.rng
        out: list[Document] = []
        pool = [c for c in network.pool if interviews.get(c.id)]
        if not pool:
            return out
        pool.sort(key=lambda c: (-len(c.exposures), c.id))
        main = pool[0]
        others = pool[1:]
        out.append(self._document(self._main_form(network, main, others, interviews)))
        school_child = next((c for c in others if c.school is not None), None)
        if school_child is not None and rng.random() < 0.7:
            out.append(self._document(self._school_form(network, school_child, interviews)))
        if int(network.id.split("-")[1]) % 2:
            out.append(self._document(self._housing_form(network)))
        else:
            out.append(self._document(self._hotel_form(network)))
        return out

    # -- shared pieces ------------------------------------------------------------------------

    def _adult_subject(self, network: Network, *, named: bool, child: Child | None) -> Subject:
        adult = network.adult
        rng = self.rng
        nick, street = adult.nicknames
        if named:
            name: Segs = [S.adult(adult, adult.caps)]
        else:
            alias = child.alias_for.get(adult.id, nick) if child else nick
            name = ['"', S.adult(adult, alias), '" (real name not known)']
        forms = S.house_forms(network.house, rng)
        address_text = network.house.full if named else rng.choice(forms["address"][1:3])
        return Subject(
            name=name,
            dob=adult.dob.strftime("%d/%m/%Y") if named and adult.dob else None,
            age=None if named else rng.choice(("early 20s", "mid 20s", "about 25")),
            address=[S.place(network.house, address_text)],
            phone=[S.phone(network.phone, rng.choice(("national", "international", "compact")))],
            nicknames=[[S.adult(adult, nick)], [S.adult(adult, street)]],
            handle=[S.handle(network.handle, rng, at=False), f" ({network.handle.platform})"],
            features=(
                f"{'white male' if adult.gender == 'M' else 'white female'}, {adult.features}"
            ),
        )

    def _driver_subject(self, network: Network, *, plate_known: bool) -> Subject:
        driver = network.driver
        level = S.FULL_PLATE if plate_known else S.PARTIAL_PLATE
        return Subject(
            name=[
                '"',
                S.adult(driver, driver.first),
                '" - surname not known (saved in phone as "',
                S.adult(driver, f"{driver.first} {driver.last[0]}"),
                '")',
            ],
            age=driver.age,
            vehicle=[S.vehicle(network.vehicle, level, self.rng)],
            features=driver.features,
        )

    def _adult_relations(self, network: Network, content: FormContent) -> None:
        r = content.relations
        r.append(("LIVES_AT", network.adult, network.house))
        r.append(("USES", network.adult, network.phone))
        r.append(("USES", network.adult, network.handle))
        r.append(("USES", network.driver, network.vehicle))
        r.append(("ASSOCIATE_OF", network.driver, network.adult))

    def _first_interview(self, child: Child, interviews: dict[str, list[Episode]]) -> Episode:
        return interviews[child.id][0]

    # -- the forms ----------------------------------------------------------------------------

    def _main_form(
        self,
        network: Network,
        child: Child,
        others: list[Child],
        interviews: dict[str, list[Episode]],
    ) -> FormContent:
        rng, world = self.rng, self.world
        first = self._first_interview(child, interviews)
        assert first.completed is not None
        day = (first.completed + dt.timedelta(days=rng.randint(0, 2))).date()
        team = world.team(child.host)
        if child.residential is not None and rng.random() < 0.5:
            submitter = child.residential.manager
            role = "Registered Manager"
            agency = Org(
                id=f"ORG-{child.residential.place.id[2:]}",
                name=child.residential.place.name or "children's home",
            )
        elif child.social_worker and child.responsible.in_gm and rng.random() < 0.7:
            submitter = child.social_worker
            role = "Social Worker"
            agency = world.team(child.responsible).csc
        else:
            submitter = rng.choice(team.rhi_workers)
            role = "Return Home Interview Worker"
            agency = team.mfh
        kinds = {p.kind for p in child.exposures}
        female = child.gender == "F"
        categories = ["CSE", "missing"] if female else ["CCE", "drugs", "missing"]
        if "house" in kinds and female:
            categories.append("drugs")
        if not female and rng.random() < 0.4:
            categories.insert(1, "gangs")
        named = rng.random() < 0.65
        subjects = [self._adult_subject(network, named=named, child=child)]
        if "vehicle" in kinds:
            subjects.append(self._driver_subject(network, plate_known=rng.random() < 0.7))
        adult = network.adult
        ctx: dict[str, Any] = {
            "child": child.caps,
            "cid": child.id,
            "age": str(child.age_on(day)),
            "status": "looked after" if child.looked_after else "living at home",
            "adult": S.adult(adult, child.alias_for.get(adult.id, adult.nicknames[0])),
            "adult_caps": S.adult(adult, adult.caps),
            "mr": S.adult(adult, f"{'Mr' if adult.gender == 'M' else 'Ms'} {adult.last.upper()}"),
            "house": S.place(network.house, network.house.full),
            "house_short": S.place(network.house, network.house.street_line),
            "he": child.pronouns["he"],
            "his": child.pronouns["his"],
            "date": first.reported.strftime("%d/%m/%Y"),
            "gmp": S.org(world.org("GMP"), short=True),
        }
        ctx["ahim"] = "him" if adult.gender == "M" else "her"
        narrative: list[Segs] = []
        content_relations: list[Relation] = [("WITH", CHILD, adult)]
        if "house" in kinds:
            narrative.append(
                fill(
                    "{child} ({cid}, {age}, {status}) has described going to {house} during a "
                    "missing episode on {date}.",
                    ctx,
                )
            )
            content_relations.append(("AT", CHILD, network.house))
        else:
            narrative.append(
                fill(
                    "{child} ({cid}, {age}, {status}) has described meeting an older male "
                    '"{adult}" during a missing episode on {date}.',
                    ctx,
                )
            )
        other = next((c for c in others if c.network is network), None)
        if other is not None:
            alias_other = other.alias_for.get(adult.id, adult.nicknames[1])
            ctx["other"] = S.person(other.person, other.caps)
            ctx["other_first"] = S.person(other.person, other.first)
            ctx["other_id"] = other.id
            ctx["adult_other"] = S.adult(adult, alias_other)
            ctx["first"] = child.first
            if alias_other == ctx["adult"].text:
                template = (
                    "{other} ({other_id}) has also been going missing and mentions the "
                    'same man; both children call {ahim} "{adult}".'
                )
            else:
                template = (
                    "{other} ({other_id}) has also been going missing and mentions the "
                    'same man. {first} calls {ahim} "{adult}"; {other_first} calls {ahim} '
                    '"{adult_other}".'
                )
            narrative.append(fill(template, ctx))
            content_relations += [
                ("WITH", other.person, adult),
                ("ASSOCIATE_OF", CHILD, other.person),
            ]
        if named:
            narrative.append(
                fill(
                    "Police information shared at the strategy meeting shows the tenant is "
                    "{adult_caps}; {mr} is known to {gmp}.",
                    ctx,
                )
            )
        else:
            narrative.append(
                fill('The real name is not known; {child} only knows {ahim} as "{adult}".', ctx)
            )
        if "hotel" in kinds:
            ctx["hotel"] = S.hotel(network.hotel, rng, with_town=True)
            narrative.append(
                fill("[[HOTEL,TRANSPORTED:{child} has also been taken to the {hotel}]].", ctx)
            )
            content_relations.append(("AT", CHILD, network.hotel))
        where = " at the flat" if "house" in kinds else ""
        if female:
            narrative.append(
                capitalise_first(
                    fill(
                        "[[ALCOHOL,DRUGS,GIFTS_MONEY:{he} describes being given vodka, cannabis "
                        "and cash]] and [[CSE:sharing a bed with other girls" + where + "]].",
                        ctx,
                    )
                )
            )
        else:
            narrative.append(
                capitalise_first(
                    fill(
                        '[[CCE:{he} describes "holding" and taking bags to other addresses]] and '
                        "[[GIFTS_MONEY:being paid in cash and new clothes]].",
                        ctx,
                    )
                )
            )
        if "vehicle" in kinds:
            ctx["car"] = S.vehicle(network.vehicle, S.NO_PLATE, rng)
            ctx["driver"] = S.adult(network.driver, network.driver.first)
            narrative.append(
                capitalise_first(
                    fill("[[TRANSPORTED:{he} is regularly picked up by {driver} in a {car}]].", ctx)
                )
            )
            content_relations += [
                ("TRANSPORTED_BY", CHILD, network.vehicle),
                ("TRANSPORTED_BY", CHILD, network.driver),
            ]
        staff = (
            child.carers[0]
            if child.carers
            else (child.residential.night_staff[0] if child.residential else None)
        )
        source: Segs = [
            f"Direct account from {child.first} in a return home interview on "
            f"{first.completed.strftime('%d/%m/%Y')}"
        ]
        if staff is not None:
            source += ["; observations by ", S.person(staff), f" ({staff.job})"]
        source.append(".")
        content = FormContent(
            reference=self._reference(team.authority.code, day),
            date=day,
            child=child,
            submitted_by=[S.person(submitter), f", {role}"],
            submitter=submitter,
            agency=agency,
            categories=categories,
            subjects=subjects,
            narrative=narrative,
            source=source,
            third_party="partly" if named else "no",
            third_party_detail=(
                ["partly - the tenancy information is third party"] if named else ["No"]
            ),
            coercion=capitalise_first(
                fill(
                    rng.choice(
                        (
                            '[[COERCION_CONTROL:{child} was told "you owe me now" by {adult}]].',
                            "[[COERCION_CONTROL:{adult} took {his} phone so {he} could not contact "
                            "staff]].",
                        )
                    ),
                    ctx,
                )
            ),
            payments=fill(
                "[[GIFTS_MONEY,DRUGS:Cash, vapes, cannabis, takeaway food, taxi fares]].", {}
            ),
            grading=(rng.choice("AB"), rng.choice("12"), "P"),
            relations=content_relations,
        )
        self._adult_relations(network, content)
        return content

    def _school_form(
        self, network: Network, child: Child, interviews: dict[str, list[Episode]]
    ) -> FormContent:
        rng, world = self.rng, self.world
        assert child.school is not None
        school, dsl = child.school
        first = self._first_interview(child, interviews)
        day = (first.reported + dt.timedelta(days=rng.randint(1, 5))).date()
        team = world.team(child.host)
        adult = network.adult
        alias = child.alias_for.get(adult.id, adult.nicknames[1])
        subject = Subject(
            name=['"', S.adult(adult, alias), '" (real name not known)'],
            age="early 20s",
            phone=[S.phone(network.phone, "national"), ' (pupils call this "the line")'],
            handle=[S.handle(network.handle, rng, at=False), f" on {network.handle.platform}"],
            vehicle=[S.vehicle(network.vehicle, S.NO_PLATE, rng), ", registration not known"],
            features=adult.features,
        )
        ctx = {
            "child": child.first,
            "childcaps": child.caps,
            "adult": S.adult(adult, alias),
            "car": S.vehicle(network.vehicle, S.NO_PLATE, rng),
            "school": S.org(school),
            "he": child.pronouns["he"],
        }
        narrative = [
            fill(
                'Two pupils told their form tutor that {childcaps} is "[[CCE:running for '
                '{adult}]]" and that {adult} "gives lads phones and then '
                '[[COERCION_CONTROL:makes them owe him]]".',
                ctx,
            ),
            fill(
                "[[TRANSPORTED:Staff have twice seen {child} being picked up from the school "
                "gates by a {car}]] (no registration taken).",
                ctx,
            ),
        ]
        content = FormContent(
            reference=self._reference(team.authority.code, day),
            date=day,
            child=child,
            submitted_by=[S.person(dsl), ", Designated Safeguarding Lead"],
            submitter=dsl,
            agency=school,
            categories=["CCE", "gangs", "drugs", "missing"],
            subjects=[subject],
            narrative=narrative,
            source=[
                "Two pupils (names held by the school) - hearsay. Staff directly saw the "
                "car pick-ups."
            ],
            third_party="yes",
            third_party_detail=["Yes"],
            coercion=["alleged debt owed to ", S.adult(adult, alias), "."],
            payments=fill("[[GIFTS_MONEY:phones, cash, clothing]].", {}),
            grading=("C", "3", "P"),
            relations=[
                ("WITH", CHILD, adult),
                ("TRANSPORTED_BY", CHILD, network.vehicle),
                ("USES", adult, network.phone),
                ("USES", adult, network.handle),
                ("CONTACTED_BY", CHILD, network.phone),
            ],
        )
        return content

    def _housing_form(self, network: Network) -> FormContent:
        rng = self.rng
        officer = network.housing_officer
        assert officer is not None and network.housing is not None
        day = self.world.start + dt.timedelta(days=rng.randint(5, 30))
        adult = network.adult
        subject = Subject(
            name=[S.adult(adult, adult.caps)],
            dob=adult.dob.strftime("%d/%m/%Y") if adult.dob else None,
            address=[
                S.place(network.house, network.house.full),
                " (ground floor flat, sole tenant)",
            ],
            phone=[S.phone(network.phone, "national"), " (tenancy file)"],
            features=adult.features,
        )
        ctx = {
            "no": S.place(network.house, f"no. {network.house.number}"),
            "mr": S.adult(adult, f"{'Mr' if adult.gender == 'M' else 'Ms'} {adult.last.upper()}"),
            "nick": S.adult(adult, adult.nicknames[0]),
        }
        narrative = [
            fill(
                "Since early in the year we have had complaints from other residents about "
                "{no}: young people coming and going at all hours, [[CSE:girls who "
                '"look 13 or 14" arriving in taxis late at night]] and [[DRUGS:a strong smell of '
                "cannabis on the stairwell]].",
                ctx,
            ),
            fill(
                "I visited last week. {mr} was not in. A man who would not give his name "
                'answered the door and said "{nick}\'s not here".',
                ctx,
            ),
        ]
        return FormContent(
            reference=self._reference(network.team.authority.code, day),
            date=day,
            child=None,
            submitted_by=[S.person(officer), ", Tenancy Enforcement Officer"],
            submitter=officer,
            agency=network.housing,
            categories=["CSE", "drugs"],
            subjects=[subject],
            narrative=narrative,
            source=["Residents (third party) and my own visit (first hand)."],
            third_party="yes",
            third_party_detail=["Yes (resident reports)"],
            coercion=["not known"],
            payments=["not known"],
            grading=("B", "3", "C"),
            relations=[("LIVES_AT", adult, network.house), ("USES", adult, network.phone)],
        )

    def _hotel_form(self, network: Network) -> FormContent:
        rng = self.rng
        hotel = network.hotel
        day = self.world.start + dt.timedelta(days=rng.randint(10, 40))
        manager = network.hotel_manager
        assert manager is not None
        hotel_org = Org(id=f"ORG-{hotel.id[2:]}", name=hotel.name or "hotel")
        adult = network.adult
        subject = Subject(
            name=[S.adult(adult, adult.caps), " (name the room was booked under)"],
            phone=[S.phone(network.phone, "international"), " (booking)"],
            vehicle=[S.vehicle(network.vehicle, S.FULL_PLATE, rng), " (car park CCTV)"],
        )
        ctx = {
            "car": S.vehicle(network.vehicle, S.NO_PLATE, rng),
            "hotel": S.place(hotel, f"{hotel.name}, {hotel.address}"),
        }
        narrative = [
            fill(
                "[[HOTEL,CSE:At the {hotel}: room booked for one adult; night staff saw three "
                "girls who looked about 14 go up to the room]] after midnight. They arrived in a "
                "{car} and "
                "[[GIFTS_MONEY:the room was paid in cash]].",
                ctx,
            ),
        ]
        return FormContent(
            reference=self._reference(network.team.authority.code, day),
            date=day,
            child=None,
            submitted_by=[S.person(manager), ", Duty Manager"],
            submitter=manager,
            agency=hotel_org,
            categories=["CSE"],
            subjects=[subject],
            narrative=narrative,
            source=["Direct observation by night staff; CCTV of the car park."],
            third_party="no",
            third_party_detail=["No"],
            coercion=["not known"],
            payments=["Room paid in cash."],
            grading=("A", "1", "C"),
            relations=[
                ("USES", adult, network.phone),
                ("USES", adult, network.vehicle),
                ("AT", adult, hotel),
            ],
        )

    # -- layout -------------------------------------------------------------------------------

    def _document(self, content: FormContent) -> Document:
        layout = self.rng.randrange(3)
        blocks = layout_blocks(content, layout, self.world)
        child = content.child
        se, ia, hc = content.grading
        doc_id = "isf_" + content.reference.removeprefix("ISF-")
        return Document(
            id=doc_id,
            kind="intel_form",
            child_id=child.id if child else None,
            date=content.date,
            fields={
                "reference": content.reference,
                "submitted_by": plain(content.submitted_by),
                "agency": content.agency.name,
                "categories": list(content.categories),
                "third_party": content.third_party,
                "source_evaluation": se,
                "intelligence_assessment": ia,
                "handling_code": hc,
            },
            blocks=blocks,
            relations=content.relations,
            style="form",
            folder="forms",
            json_payload=json_payload(content),
            json_blocks=json_blocks(content),
        )
