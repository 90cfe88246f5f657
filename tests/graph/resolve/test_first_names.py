"""A bare first name: whom it could be, in the child's records and in the children's register.

Real SQLite files; notes written through ingest's own mapping, the register (children's
names) through ordinary ingest of an episodes file. Each rule has its decoy: the case where
the same first name must NOT join, because two people it could be exist.
"""

from __future__ import annotations

from pathlib import Path

from graph.resolve import resolve, run
from graph.resolve.units import TYPES
from graph.store import SQLiteStore
from ingest.pipeline import ingest_paths
from tests.graph.resolve.conftest import person, phone, place, write_doc
from tests.graph.resolve.test_rules import same

HEADER = ("episode_id,child_id,child_name,dob,gender,reported_missing_at,returned_at,"
          "missing_from,found_at,risk_level,looked_after,responsible_la\n")


def register(store: SQLiteStore, folder: Path, children: dict[str, str]) -> None:
    """Ingest an episodes file naming ``children`` (child id -> name): the register."""
    rows = [f"MP-{i:04d},{child},{name},01/02/2011,F,02/01/2026 19:45,03/01/2026 11:20,"
            f"Home,Town centre,medium,Y,Bolton\n"
            for i, (child, name) in enumerate(sorted(children.items()))]
    path = folder / "episodes.csv"
    path.write_text(HEADER + "".join(rows), "utf-8")
    ingest_paths(store, [path])


def adult_liam_notes(store: SQLiteStore, other_liam: dict) -> None:
    """Child C-1's notes: an adult of concern "Liam" (mid 20s, once "Liam H") in three
    notes, and ``other_liam`` named beside him in the first."""
    adult = {"age": "mid 20s", "gender": "male"}
    write_doc(store, "n1", "C-1", [other_liam, person("Liam", "ADULT_OF_CONCERN", **adult)],
              date="2026-01-08")
    write_doc(store, "n2", "C-1", [person("Liam", "ADULT_OF_CONCERN", "Liam H", **adult)],
              date="2026-01-24")
    write_doc(store, "n3", "C-1", [person("Liam", "ADULT_OF_CONCERN", **adult)],
              date="2026-03-16")


def test_a_peer_of_the_same_first_name_does_not_make_the_adult_ambiguous(
        store: SQLiteStore) -> None:
    # the peer Liam Greenwood, 15, cannot be the adult of concern "Liam", mid 20s: the
    # only Liam the adult mentions could be is "Liam H", so they are one person
    adult_liam_notes(store, person("Liam Greenwood", "PEER", age="15"))
    resolve(store)
    assert same(store, ("Person:liam", "n1"), ("Person:liam h", "n2"))
    assert same(store, ("Person:liam", "n1"), ("Person:liam", "n3"))
    assert not same(store, ("Person:liam greenwood", "n1"), ("Person:liam", "n1"))
    joined = [r for r in store.entity_clusters() if r["entity_id"] == "Person:liam"]
    assert all(r["reasons"] for r in joined)


def test_decoy_two_adults_the_bare_name_could_be_keep_it_apart(store: SQLiteStore) -> None:
    # an adult "Liam Ross" as well as "Liam H": a bare adult "Liam" could be either
    adult_liam_notes(store, person("Liam Ross", "ADULT_OF_CONCERN", age="about 30"))
    resolve(store)
    assert not same(store, ("Person:liam", "n1"), ("Person:liam", "n3"))
    assert not same(store, ("Person:liam ross", "n1"), ("Person:liam", "n3"))


def jodie_records(store: SQLiteStore) -> None:
    """Child C-1's form names "Jodie THOMAS", a looked-after girl; a later note names a
    bare "jodie" who left with C-1, at the same flat and with the same man as the form."""
    flat = place("flat on Mossfield Court", "18 mossfield court", kind="flat")
    write_doc(store, "isf", "C-1", [person("Jodie THOMAS", "PEER"),
                                    person("Dean Ashworth", "ADULT_OF_CONCERN"), flat],
              kind="intel_form", date="2026-01-20")
    write_doc(store, "n1", "C-1", [person("jodie", "PEER"),
                                   person("Dean Ashworth", "ADULT_OF_CONCERN"), flat],
              date="2026-02-04")


def test_a_bare_peer_name_joins_the_one_registered_child_of_that_name(
        store: SQLiteStore, tmp_path: Path) -> None:
    register(store, tmp_path, {"C-1": "Reece Lowe", "C-7": "Jodie Thomas"})
    jodie_records(store)
    resolve(store)
    assert same(store, ("Person:jodie thomas", "isf"), ("Person:jodie", "n1"))


def test_decoy_two_registered_children_of_that_name_keep_a_bare_peer_name_apart(
        store: SQLiteStore, tmp_path: Path) -> None:
    # the area has two girls called Jodie: "jodie" may be Jodie Brady, not Jodie Thomas,
    # however much else the records share. It goes to the analysts, with its reasons.
    register(store, tmp_path, {"C-1": "Reece Lowe", "C-7": "Jodie Thomas",
                               "C-8": "Jodie Brady"})
    jodie_records(store)
    resolve(store)
    assert not same(store, ("Person:jodie thomas", "isf"), ("Person:jodie", "n1"))
    candidates = [c for c in store.resolution_candidates()
                  if {c["left_id"], c["right_id"]} == {"Person:jodie", "Person:jodie thomas"}]
    assert len(candidates) == 1
    assert any("two people with this first name" in r for r in candidates[0]["reasons"])


def shannon_notes(store: SQLiteStore, folder: Path, second_date: str) -> None:
    """Kayla's note and Millie's note each name the other girl, the same flat and man, and
    "a girl called Shannon"; Millie's is dated ``second_date``."""
    register(store, folder, {"C-1": "Kayla Brennan", "C-2": "Amelia Cartwright"})
    flat = place("flat on Mossfield Court", "18 mossfield court", kind="flat")
    dean = person("Dean Ashworth", "ADULT_OF_CONCERN")
    write_doc(store, "n1", "C-1", [person("Millie", "PEER", "Amelia Cartwright"),
                                   person("Shannon", "PEER"), dean, flat], date="2026-01-05")
    write_doc(store, "n2", "C-2", [person("Kayla", "PEER", "Kayla Brennan"),
                                   person("Shannon", "PEER", age="about 16"), dean, flat],
              date=second_date)


def test_a_bare_name_two_children_missing_together_both_give_is_one_person(
        store: SQLiteStore, tmp_path: Path) -> None:
    shannon_notes(store, tmp_path, "2026-01-05")
    resolve(store)
    assert same(store, ("Person:shannon", "n1"), ("Person:shannon", "n2"))
    # one entity key, whole again: the store keeps no row for it, so read the join's reasons
    # from the run itself
    result = run(store.resolution_units(TYPES), children=store.entities("Child"))
    shannons = [p.index for p in result.pieces if p.entity_id == "Person:shannon"]
    reasons = [r for p in shannons for r in result.clustering.joined_by[p].reasons]
    assert any("missing together" in reason for reason in reasons)


def test_decoy_the_same_bare_name_on_another_occasion_stays_apart(
        store: SQLiteStore, tmp_path: Path) -> None:
    # two months later: the children knowing each other does not make this the same girl
    shannon_notes(store, tmp_path, "2026-03-10")
    resolve(store)
    assert not same(store, ("Person:shannon", "n1"), ("Person:shannon", "n2"))


def kayleigh_records(store: SQLiteStore) -> None:
    """Child C-1's form names the peer "Kayleigh MORTON"; a later note names "Kay"."""
    write_doc(store, "isf", "C-1", [person("Kayleigh MORTON", "PEER")], kind="intel_form",
              date="2026-01-19")
    write_doc(store, "n1", "C-1", [person("Kay", "PEER")], date="2026-03-03")


def test_a_nickname_made_from_the_one_peer_of_that_name_joins_her(
        store: SQLiteStore, tmp_path: Path) -> None:
    register(store, tmp_path, {"C-1": "Reece Lowe"})
    kayleigh_records(store)
    resolve(store)
    assert same(store, ("Person:kayleigh morton", "isf"), ("Person:kay", "n1"))


def test_decoy_a_nickname_made_from_a_name_two_registered_children_share_stays_apart(
        store: SQLiteStore, tmp_path: Path) -> None:
    # the area also has Kayleigh Stokes, a looked-after girl: "Kay" may be her, as a bare
    # "Kayleigh" may be
    register(store, tmp_path, {"C-1": "Reece Lowe", "C-7": "Kayleigh Stokes"})
    kayleigh_records(store)
    resolve(store)
    assert not same(store, ("Person:kayleigh morton", "isf"), ("Person:kay", "n1"))


def keith_records(store: SQLiteStore, keith: dict, *, worker: bool = True) -> None:
    """A form about child C-1 names the adult of concern Keith BRAY; a social worker Keith
    Chamberlain works with child C-9 (unless not ``worker``); child C-5's note names
    ``keith`` and nothing else either record has (no phone, car or place in common)."""
    write_doc(store, "isf", "C-1", [person("Keith BRAY", "ADULT_OF_CONCERN", "Mr BRAY",
                                           dob="1994-02-25", gender="male")],
              kind="intel_form", date="2026-01-12")
    if worker:
        write_doc(store, "n9", "C-9", [person("Keith Chamberlain", "PROFESSIONAL",
                                              job="social worker")], date="2026-01-20")
    write_doc(store, "n5", "C-5", [keith], date="2026-01-31")


def test_the_only_adult_of_that_first_name_the_records_know_joins_an_adult_of_an_age(
        store: SQLiteStore) -> None:
    # "Cameron described Keith as 'older, maybe 30'": an adult of concern, of an age; the
    # only Keith of all the records who could be him is Keith BRAY (the social worker
    # cannot be an adult of concern)
    keith_records(store, person("Keith", "ADULT_OF_CONCERN", age="maybe 30", gender="male"))
    resolve(store)
    assert same(store, ("Person:keith", "n5"), ("Person:keith bray", "isf"))
    assert not same(store, ("Person:keith", "n5"), ("Person:keith chamberlain", "n9"))
    result = run(store.resolution_units(TYPES), children=store.entities("Child"))
    keith = next(p.index for p in result.pieces if p.entity_id == "Person:keith")
    edge = result.clustering.joined_by.get(keith) or next(
        result.clustering.joined_by[p.index] for p in result.pieces
        if p.entity_id == "Person:keith bray")
    assert any("only person of that first name" in reason for reason in edge.reasons)


def test_decoy_a_bare_adult_name_with_no_age_stays_apart_but_goes_to_review(
        store: SQLiteStore) -> None:
    # nothing said of who this Keith is: a first name across children is not enough to
    # join, but the only adult Keith of the records is worth an analyst's look
    keith_records(store, person("Keith", "ADULT_OF_CONCERN", gender="male"))
    resolve(store)
    assert not same(store, ("Person:keith", "n5"), ("Person:keith bray", "isf"))
    pairs = [{c["left_id"], c["right_id"]} for c in store.resolution_candidates(None)]
    assert {"Person:keith", "Person:keith bray"} in pairs


def test_decoy_a_second_adult_of_that_name_anywhere_keeps_it_apart(store: SQLiteStore) -> None:
    # another child's form names a second adult Keith: the bare name could be either man
    # (two surnames only, so that the name is not common here and this rule decides)
    keith_records(store, person("Keith", "ADULT_OF_CONCERN", age="maybe 30", gender="male"),
                  worker=False)
    write_doc(store, "isf2", "C-7", [person("Keith LOWE", "ADULT_OF_CONCERN", age="32")],
              kind="intel_form", date="2026-02-02")
    resolve(store)
    assert not same(store, ("Person:keith", "n5"), ("Person:keith bray", "isf"))
    assert not same(store, ("Person:keith", "n5"), ("Person:keith lowe", "isf2"))


def test_two_people_of_one_name_in_one_note_stay_two(store: SQLiteStore) -> None:
    # "Ryan went out w/ Liam after tea ... Liam picked him up in a grey Vauxhall": extraction
    # keeps the peer and the driver apart; the store must not join them again under one
    # key, and the driver joins his own other record
    peer, adult = person("Liam", "PEER"), person("Liam", "ADULT_OF_CONCERN", age="late 20s")
    write_doc(store, "n1", "C-1", [peer, adult], [("WITH", "CHILD", 0),
                                                  ("TRANSPORTED_BY", "CHILD", 1)],
              date="2026-01-09")
    write_doc(store, "n2", "C-1", [person("Liam Dyer", "ADULT_OF_CONCERN", age="late 20s")],
              date="2026-01-20")
    write_doc(store, "n3", "C-1", [person("Liam Griffin", "PEER", age="16")],
              date="2026-02-02")
    ids = {r["entity_id"] for r in store.resolution_units(TYPES) if r["document_id"] == "n1"}
    assert {"Person:liam", "Person:liam #2"} <= ids
    resolve(store)
    assert not same(store, ("Person:liam", "n1"), ("Person:liam #2", "n1"))
    assert same(store, ("Person:liam #2", "n1"), ("Person:liam dyer", "n2"))
    assert not same(store, ("Person:liam", "n1"), ("Person:liam dyer", "n2"))


def test_two_people_of_one_name_in_one_note_never_chain_into_one(store: SQLiteStore) -> None:
    # "Brandon" and "another Brandon" in one note, each with his phone; a later note's
    # Brandon has both numbers. He may join either, but never both into one person
    brandon = person("Brandon", "ADULT_OF_CONCERN")
    write_doc(store, "n1", "C-1", [brandon, phone("07700 900111", "+447700900111"), brandon,
                                   phone("07700 900222", "+447700900222")],
              [("USES", 0, 1), ("USES", 2, 3)], date="2026-01-09")
    write_doc(store, "n2", "C-1", [brandon, phone("07700 900111", "+447700900111"),
                                   phone("07700 900222", "+447700900222")],
              [("USES", 0, 1), ("USES", 0, 2)], date="2026-01-20")
    resolve(store)
    assert not same(store, ("Person:brandon", "n1"), ("Person:brandon #2", "n1"))


def test_decoy_a_nickname_of_the_bare_name_itself_does_not_single_her_out(
        store: SQLiteStore, tmp_path: Path) -> None:
    # two registered girls called Bethany; one child's note names a bare "Bethany" (known as
    # "Beth"), another child's form "Bethany POLLARD", also "Beth": "Beth" is only Bethany
    # made short, so the register's two Bethanys still keep the bare name apart
    register(store, tmp_path, {"C-21": "Bethany Fuller", "C-43": "Bethany Pollard"})
    write_doc(store, "n1", "C-27", [person("Bethany", "PEER", nickname=["Beth"])],
              [("WITH", "CHILD", 0)], date="2026-02-02")
    write_doc(store, "isf", "C-37", [person("Bethany POLLARD", "PEER", "Bethany",
                                            nickname=["Beth"])],
              kind="intel_form", date="2026-02-10")
    resolve(store)
    assert not same(store, ("Person:bethany", "n1"), ("Person:bethany pollard", "isf"))
