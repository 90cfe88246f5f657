"""Comparing two pieces: the evidence for and against their being one real thing.

Each ``compare_*`` returns :class:`~graph.resolve.score.Evidence` (weights with reasons) or
``None`` when the pair shares nothing that could make it one thing (no name, street or plate
agreement): blocking is generous, comparison is strict. Hard contradictions (a peer and an
adult of concern, two house numbers, two plates) are not scored at all; the profiles refuse
them (:meth:`~graph.resolve.units.PersonProfile.conflict` and friends), here and again at
every cluster merge.

Evidence from the surroundings comes through :class:`Context`: what each record links the
thing to (a phone a person uses, the car they drove, the address they live at), resolved to
the clusters of the previous round, so "Kyle" in two children's notes is corroborated when
both Kyles drove the car that resolved to one vehicle.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rapidfuzz.distance import JaroWinkler

from graph.resolve import keys
from graph.resolve import score as w
from graph.resolve.units import (
    ANYWHERE,
    Owners,
    PersonProfile,
    Piece,
    PlaceProfile,
    Register,
    Unit,
    VehicleProfile,
    ambiguous,
    common_first_names,
    could_be,
    first_name_owners,
    names_compatible,
)

#: Above this many records a piece is a hub; see :meth:`Context.named_with`.
HUB_DOCUMENTS = 40


@dataclass
class Context:
    """What comparisons may look up beyond the two pieces."""

    units: list[Unit]
    pieces: list[Piece]
    #: Each piece's cluster from the previous round (its own index in the first round).
    cluster_of_piece: list[int]
    #: Per piece: pieces of other things its records link it to (same document).
    linked: list[set[int]] = field(default_factory=list)
    #: Street (stem, letter set) -> clusters holding a numbered address on it.
    numbered_on_street: dict[str, set[int]] = field(default_factory=dict)
    #: Plate prefix (4 characters) -> full plates seen.
    plates_by_prefix: dict[str, set[str]] = field(default_factory=dict)
    #: Nickname -> full names (first, last) that records give it to.
    nickname_owners: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    #: Document -> pieces it names.
    in_document: dict[str, set[int]] = field(default_factory=dict)
    #: (child, first name) -> full names with that first name in the child's records; under
    #: ``ANYWHERE``, in any record.
    first_names: Owners = field(default_factory=dict)
    #: The children's register by first name (see ``units.children_register``).
    register: Register = field(default_factory=dict)
    #: Document -> registered children it names by full name (besides its own subject).
    children_named: dict[str, set[str]] = field(default_factory=dict)
    #: Document -> its date (ISO), and its subject child.
    dated: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    #: (workplace, first name) -> full names of practitioners the records place there.
    staff: dict[tuple[str, str], set[tuple[str, str]]] = field(default_factory=dict)
    #: First names the records give three or more surnames (see ``common_first_names``).
    common_first_names: set[str] = field(default_factory=set)
    #: Clusters (of the previous round) that identify someone or somewhere.
    identifying: set[int] = field(default_factory=set)
    _named_with: dict[int, set[int]] = field(default_factory=dict)
    _in_document_clusters: dict[str, set[int]] = field(default_factory=dict)

    def named_with(self, piece: Piece) -> set[int]:
        """Identifying clusters the piece's documents also name (itself excluded); nothing
        for a piece named in more than :data:`HUB_DOCUMENTS` records, which is a hub (a
        town, a police force, a busy worker) whose company says nothing about identity."""
        found = self._named_with.get(piece.index)
        if found is None:
            found = set()
            if len(piece.documents) <= HUB_DOCUMENTS:
                for document in piece.documents:
                    found |= self._document_names(document)
                found.discard(self.cluster_of_piece[piece.index])
            self._named_with[piece.index] = found
        return found

    def _document_names(self, document: str) -> set[int]:
        found = self._in_document_clusters.get(document)
        if found is None:
            clusters, identifying = self.cluster_of_piece, self.identifying
            found = {clusters[p] for p in self.in_document.get(document, ())
                     if clusters[p] in identifying}
            self._in_document_clusters[document] = found
        return found


def build_context(units: list[Unit], pieces: list[Piece],
                  cluster_of_piece: list[int] | None = None,
                  register: Register | None = None) -> Context:
    piece_of_unit = [0] * len(units)
    for piece in pieces:
        for u in piece.units:
            piece_of_unit[u] = piece.index
    index = {(u.entity_id, u.document_id): u.index for u in units}
    ctx = Context(units, pieces, cluster_of_piece or [p.index for p in pieces],
                  [set() for _ in pieces])
    ctx.first_names = first_name_owners(units, [ctx.pieces[piece_of_unit[u.index]].profile
                                               for u in units])
    ctx.common_first_names = common_first_names(p.profile for p in pieces)
    ctx.register = register or {}
    for unit in units:
        mine = piece_of_unit[unit.index]
        for _relation, other_id, _direction in unit.linked:
            other = index.get((other_id, unit.document_id))
            if other is not None and piece_of_unit[other] != mine:
                ctx.linked[mine].add(piece_of_unit[other])
    by_full_name = {name: child for owners in ctx.register.values()
                    for child, name in owners.items()}
    for unit in units:
        ctx.dated[unit.document_id] = (unit.date or "", unit.child_id)
        profile = ctx.pieces[piece_of_unit[unit.index]].profile
        if by_full_name and isinstance(profile, PersonProfile) and unit.type == "Person":
            named = {by_full_name[n] for n in profile.full if n in by_full_name}
            named.discard(unit.child_id)  # type: ignore[arg-type]
            if named:
                ctx.children_named.setdefault(unit.document_id, set()).update(named)
    for piece in pieces:
        for document in piece.documents:
            ctx.in_document.setdefault(document, set()).add(piece.index)
        if _counts_as_identifier(piece):
            ctx.identifying.add(ctx.cluster_of_piece[piece.index])
        profile = piece.profile
        if isinstance(profile, PlaceProfile):
            for _number, street in profile.numbered:
                stem, _suffix = keys.split_street(street)
                for key in _street_keys(stem):
                    ctx.numbered_on_street.setdefault(key, set()).add(
                        ctx.cluster_of_piece[piece.index])
        elif isinstance(profile, VehicleProfile):
            for plate in profile.plates:
                ctx.plates_by_prefix.setdefault(plate[:4], set()).add(plate)
        elif isinstance(profile, PersonProfile):
            for nickname in profile.nicknames:
                ctx.nickname_owners.setdefault(nickname, set()).update(profile.full)
            for place in profile.workplaces:
                for first, last in profile.full:
                    ctx.staff.setdefault((place, first), set()).add((first, last))
    return ctx


def _street_keys(stem: str | None) -> set[str]:
    if not stem:
        return set()
    word = stem.split()[0]
    return {"s:" + word, "l:" + keys.letter_set(word)}


def _either(a: str, b: str) -> str:
    """Two spellings of one thing, as a reason writes them: in sorted order, so that a pair
    is explained in the same words whichever of its records comes first."""
    return " / ".join(sorted((a, b)))


def _strongest_first(term: tuple[float, str]) -> tuple[float, str]:
    """Sort key for candidate reasons: the heaviest first, and among reasons as heavy, the
    same one every run (whatever order the records' names were read in)."""
    return -term[0], term[1]


def _similar(a: str, b: str, threshold: float = 0.88) -> bool:
    return a == b or JaroWinkler.similarity(a, b) >= threshold


@dataclass
class Partial:
    """A pair's intrinsic evidence, and how to finish it from a round's context."""

    evidence: w.Evidence
    finish: Callable[[Context, Piece, Piece, w.Evidence, tuple[bool, ...]], None]
    flags: tuple[bool, ...] = ()


# -- shared surroundings -------------------------------------------------------------------

def _counts_as_identifier(piece: Piece) -> bool:
    profile = piece.profile
    if isinstance(profile, PersonProfile):
        return "PROFESSIONAL" not in profile.roles
    if isinstance(profile, PlaceProfile):
        return bool(profile.numbered or profile.dwelling or _workplace(piece)) and not (
            profile.broad)
    if isinstance(profile, VehicleProfile):
        return bool(profile.plates or profile.partials)
    return piece.type in w.SHARED


def shared_links(ctx: Context, a: Piece, b: Piece, ev: w.Evidence) -> frozenset[str]:
    """Add evidence for things both records link to; return their types (empty: none).

    A linked thing counts when its cluster identifies something (``ctx.identifying``), not
    only when the piece itself does: "the grey Beemer" Rhys drives in one note, once the
    first round resolved it to the plated grey BMW MD20 GCR, is that car, and two Rhyses
    who both drive it share a car."""
    clusters, identifying = ctx.cluster_of_piece, ctx.identifying
    mine = {clusters[p]: p for p in ctx.linked[a.index] if clusters[p] in identifying}
    theirs = {clusters[p] for p in ctx.linked[b.index] if clusters[p] in identifying}
    total = 0.0
    found: list[str] = []
    types: set[str] = set()
    for cluster in sorted(set(mine) & theirs):
        piece = ctx.pieces[mine[cluster]]
        total += w.SHARED.get(piece.type, 0.0)
        types.add(piece.type)
        found.append(f"{piece.type.lower()} {ctx.pieces[cluster].entity_id.split(':', 1)[1]}")
    if total:
        ev.add(min(total, w.SHARED_CAP), "both linked to " + ", ".join(found[:3]))
    return frozenset(types) if total else frozenset()


def named_together(ctx: Context, a: Piece, b: Piece, ev: w.Evidence,
                   needed: bool = False, workplaces: bool = False) -> int:
    """Add evidence for identifying things both pieces' documents also name (the same
    trap house, the same adult of concern, the same phone); return how many. With
    ``workplaces``, only the named buildings a worker may work at count (a children's
    home), for two practitioners: the adults of concern and hotels of two children's
    notes say nothing of which key worker either note means.

    Skipped (returning 0) unless ``needed`` or it could move the pair across a threshold:
    a pair already merging, or one that cannot reach review even with the most this can
    add, is decided without it."""
    if not needed:
        low = w.probability(ev.log_odds)
        high = w.probability(ev.log_odds + w.NAMED_TOGETHER_CAP)
        if low >= w.MERGE or high < w.REVIEW:
            return 0
    linked = {ctx.cluster_of_piece[p] for p in ctx.linked[a.index] | ctx.linked[b.index]}
    both = (ctx.named_with(a) & ctx.named_with(b)) - linked
    both.discard(ctx.cluster_of_piece[a.index])
    both.discard(ctx.cluster_of_piece[b.index])
    if workplaces:
        both = {c for c in both if _workplace(ctx.pieces[c])}
    if both:
        ev.add(min(len(both) * w.NAMED_TOGETHER, w.NAMED_TOGETHER_CAP),
               f"their records also name {len(both)} of the same people or places")
    return len(both)


def _workplace(piece: Piece) -> bool:
    """A named place people work at: a children's home or another named building."""
    profile = piece.profile
    return isinstance(profile, PlaceProfile) and bool(profile.names) and bool(
        profile.kinds & keys.WORKPLACE_KINDS)


# -- people --------------------------------------------------------------------------------

def missing_together(ctx: Context, a: Piece, b: Piece) -> bool:
    """Do a record of ``a`` and a record of ``b``, each about a different child, tell of one
    absence: one names the other's child by the register's full name, and they are dated
    within :data:`~graph.resolve.score.TOGETHER_DAYS` days ("Millie (Amelia Cartwright)"
    in Kayla's note, "Kayla Brennan" in Millie's, both interviews on 5 January)."""
    if not ctx.children_named:
        return False
    for da in a.documents:
        date_a, child_a = ctx.dated.get(da, ("", None))
        for db in b.documents:
            date_b, child_b = ctx.dated.get(db, ("", None))
            if not (child_a and child_b and child_a != child_b and date_a and date_b):
                continue
            if (child_b in ctx.children_named.get(da, ()) or child_a in ctx.children_named.get(
                    db, ())) and keys.days_apart(date_a, date_b) <= w.TOGETHER_DAYS:
                return True
    return False


def derived_nicknames(short: PersonProfile, named: PersonProfile) -> set[str]:
    """One-word names of ``short`` that read as nicknames made from a full name of
    ``named`` (see :func:`keys.derived_nickname`)."""
    return {s for s in short.singles | short.nicknames for first, last in named.full
            if keys.derived_nickname(s, first, last)}


def distinctive_alias(ctx: Context, nick: str, holder: PersonProfile) -> bool:
    """Does an alias a record gives ``holder`` single them out in these records?

    "Deano" and "Zee" do: nobody is christened that. A first name does not as a rule: a
    record saying Bethany is "Beth" makes no other bare "Beth" more likely to be her. But a
    first name given as a street name ("Rico" for Joseph GEORGE), which is no form of the
    holder's own names and which the records and the children's register give nobody as
    a first name, is as distinctive here as "Deano": the only Rico these records know is
    the man a form says is called that.

    >>> ctx = Context([], [], [])
    >>> joseph = PersonProfile(full={("joseph", "george")})
    >>> distinctive_alias(ctx, "rico", joseph), distinctive_alias(ctx, "joey", joseph)
    (True, False)
    >>> ctx.first_names = {(ANYWHERE, "rico"): {("rico", "lowe"): PersonProfile()}}
    >>> distinctive_alias(ctx, "rico", joseph)
    False

    The holder's own names include a one-word name: a bare "Bethany" a record says is
    called "Beth" is singled out by "Beth" no more than by "Bethany".

    >>> bethany = PersonProfile(singles={"bethany", "beth"}, nicknames={"bethany", "beth"})
    >>> distinctive_alias(Context([], [], []), "beth", bethany)
    False
    """
    if nick in ctx.common_first_names:
        return False
    if nick not in keys.known_first_names():
        return True
    if (ANYWHERE, nick) in ctx.first_names or nick in ctx.register:
        return False
    own = holder.full | holder.initialled | {(name, "") for name in holder.singles - {nick}}
    return not any(keys.derived_nickname(nick, first, last) or nick[:2] in (first[:2], last[:2])
                   for first, last in own)


def ruled_out(ctx: Context, bare: Piece, mention: PersonProfile, named: PersonProfile,
              first: str) -> bool:
    """Do the records of the bare name's child say it is none of ``named``'s full names of
    that first name? They do when the child's records give such a full name to someone the
    mention cannot be: "Liam Jackson" a peer in one of Bethany's notes (and, read wrongly,
    an adult in another) is not the adult of concern "Liam" of her third note."""
    return any(holder.conflict(mention)
               for child in bare.children
               for full, holder in ctx.first_names.get((child, first), {}).items()
               if full in named.full)


def only_one_known(ctx: Context, bare: PersonProfile, named: PersonProfile,
                   first: str) -> bool:
    """Is ``named`` the only person of this first name, anywhere in the records, whom the
    bare adult of concern could be?

    "Keith" in one child's note may be Keith BRAY when Keith BRAY is the only Keith the
    records know but for a social worker (a professional cannot be an adult of concern).
    That alone puts the pair before an analyst; it joins them only when the note also says
    about how old this Keith is ("older, maybe 30", see :func:`adult_age_stated`): a peer
    misread as an adult, the wrong merge that matters, is rarely given an adult's age too.

    >>> ctx = Context([], [], [])
    >>> ctx.first_names = {(ANYWHERE, "keith"): {
    ...     ("keith", "bray"): PersonProfile(roles={"ADULT_OF_CONCERN"}),
    ...     ("keith", "chamberlain"): PersonProfile(roles={"PROFESSIONAL"})}}
    >>> said = PersonProfile(singles={"keith"}, roles={"ADULT_OF_CONCERN"}, ages={(28, 32)})
    >>> bray = PersonProfile(full={("keith", "bray")}, roles={"ADULT_OF_CONCERN"})
    >>> only_one_known(ctx, said, bray, "keith")
    True
    >>> ctx.first_names[(ANYWHERE, "keith")][("keith", "lowe")] = PersonProfile()
    >>> only_one_known(ctx, said, bray, "keith")
    False
    """
    if "ADULT_OF_CONCERN" not in bare.roles:
        return False
    holders = {name for name, holder in ctx.first_names.get((ANYWHERE, first), {}).items()
               if not holder.conflict(bare)}
    return bool(holders) and holders <= named.full and not ambiguous(holders)


def adult_age_stated(profile: PersonProfile) -> bool:
    """Does a record give this person an adult's age ("maybe 30", "early 20s")?

    >>> adult_age_stated(PersonProfile(ages={(28, 32)})), adult_age_stated(PersonProfile())
    (True, False)
    """
    return any(lo >= 18 for lo, _hi in profile.ages)


def compare_people(ctx: Context, a: Piece, b: Piece) -> Partial | None:
    pa, pb = a.profile, b.profile
    assert isinstance(pa, PersonProfile) and isinstance(pb, PersonProfile)
    if pa.conflict(pb):
        return None
    names: list[tuple[float, str]] = []
    full = pa.full & pb.full
    if full:
        names.append((w.SAME_FULL_NAME, "same full name " + " ".join(sorted(full)[0])))
    else:
        for x in sorted(pa.full):
            for y in sorted(pb.full):
                if names_compatible(x, y):
                    names.append((w.FULL_NAME_ALIKE,
                                  "names alike: " + _either(" ".join(x), " ".join(y))))
                    break
    for x in sorted(pa.initialled):
        for y in sorted(pb.full | pb.initialled):
            if x != y and names_compatible(x, y):
                names.append((w.INITIAL_AGREES, f"{' '.join(x)} fits {' '.join(y)}"))
    for x in sorted(pb.initialled):
        for y in sorted(pa.full):
            if names_compatible(x, y):
                names.append((w.INITIAL_AGREES, f"{' '.join(x)} fits {' '.join(y)}"))
    if pa.initialled & pb.initialled:
        names.append((w.INITIAL_AGREES, "same name with initial"))
    called_a = pa.singles | pa.nicknames | pa.first_names()
    called_b = pb.singles | pb.nicknames | pb.first_names()
    # An alias a record states is strong evidence only when the alias itself is
    # distinctive ("Deano", "Zee"): a record saying Bethany is "Beth" makes every other
    # bare "Beth" no more likely to be her than any Beth.
    stated = {n for n in pa.nicknames & called_b if distinctive_alias(ctx, n, pa)} | {
        n for n in pb.nicknames & called_a if distinctive_alias(ctx, n, pb)}
    ambiguous_nick = False
    for nick in sorted(stated):
        names.append((w.STATED_ALIAS, f'a record gives the alias "{nick}"'))
        ambiguous_nick = ambiguous_nick or ambiguous(ctx.nickname_owners.get(nick, set()))
    if pa.surnames & pb.last_names() or pb.surnames & pa.last_names():
        names.append((w.SURNAME_WITH_TITLE, "surname with title agrees"))
    derived = derived_nicknames(pa, pb) | derived_nicknames(pb, pa)
    if derived and not stated:
        names.append((w.DERIVED_NICKNAME, f'"{sorted(derived)[0]}" reads as a nickname of '
                                          "the name"))
    first_a, first_b = pa.singles & pb.first_names(), pb.singles & pa.first_names()
    ruled = {n for n in first_a if ruled_out(ctx, a, pa, pb, n)} | {
        n for n in first_b if ruled_out(ctx, b, pb, pa, n)}
    first = (first_a | first_b) - ruled
    if first and not stated:
        names.append((w.FIRST_NAME_ONLY, f"first name {sorted(first)[0]}"))
    bare = (pa.singles & pb.singles) - stated - first - ruled
    if bare and not full:
        names.append((w.SAME_BARE_NAME, f"same name {sorted(bare)[0]}"))
    surname = ((pa.singles - pa.nicknames) & {last for _, last in pb.full}) | (
        (pb.singles - pb.nicknames) & {last for _, last in pa.full})
    if surname and not first and not bare:
        names.append((w.SURNAME_ONLY, f"surname {sorted(surname)[0]}"))
    # "Kay" made from Kayleigh could be any Kayleigh the bare "Kayleigh" could be
    derived_from = {given for nick in derived for given, _ in pa.full | pb.full
                    if keys.derived_nickname(nick, given, "")}
    ambiguous_first = any(ambiguous(could_be(ctx.first_names, ctx.register, child, name,
                                             pa, pb))
                          for child in a.children | b.children
                          for name in first | bare | derived_from)
    if not names:
        return None
    professionals = pa.roles == pb.roles == {"PROFESSIONAL"}
    # the workplace both jobs name, unless its staff include two people of this first name
    at_work = sorted(place for place in pa.workplaces & pb.workplaces if professionals
                     and not any(ambiguous(ctx.staff.get((place, name), set()))
                                 for name in first | bare))
    names.sort(key=_strongest_first)
    ev = w.Evidence([names[0]])
    if len(names) > 1 and names[1][1] != names[0][1]:
        ev.add(w.SECOND_NAME_AGREEMENT, "also " + names[1][1])
    best = names[0][0]
    # Only a full name or an alias a record states names someone on its own; a near
    # spelling, an initial, a nickname read from a name or a first name needs something
    # else in common (the same child's records, a shared phone, car or address, a date of
    # birth), and a first name the records give many surnames needs more than the child.
    self_evident = best >= w.STATED_ALIAS and not (ambiguous_nick and best == w.STATED_ALIAS)
    weak = best <= w.FIRST_NAME_ONLY
    common = weak and bool((first | bare) & ctx.common_first_names) and not at_work
    if ambiguous_nick:
        ev.add(w.AMBIGUOUS_NAME, "that nickname is given to more than one named person")
    if ambiguous_first and (weak or best == w.DERIVED_NICKNAME):
        ev.add(w.AMBIGUOUS_NAME, "the child's records name two people with this first name")
        ev.ceiling = w.CANDIDATE_ONLY
    if common:
        ev.add(w.COMMON_NAME, f"{sorted(first | bare)[0]} is a common first name here")
    same_child = bool(a.children & b.children)
    if same_child:
        ev.add(w.SAME_CHILD, "same child's records")
    together = weak and not same_child and missing_together(ctx, a, b)
    if together:
        ev.add(w.MISSING_TOGETHER, "records of two children who were missing together")
    if pa.dobs & pb.dobs:
        ev.add(w.DOB_EQUAL, "same date of birth")
    if pa.ages and pb.ages:
        ev.add(w.AGE_COMPATIBLE, "ages agree")
    if pa.genders and pb.genders and not pa.genders & pb.genders:
        ev.add(w.GENDER_DIFFERS, "genders differ")
    roles = pa.roles & pb.roles
    if "ADULT_OF_CONCERN" in roles:
        ev.add(w.BOTH_ADULTS_OF_CONCERN, "both adults of concern")
    elif "PROFESSIONAL" in roles:
        ev.add(w.BOTH_PROFESSIONALS, "both professionals")
    elif roles:
        ev.add(w.BOTH_SAME_OTHER_ROLE, "both " + sorted(roles)[0].lower())
    if pa.jobs & pb.jobs:
        ev.add(w.SAME_JOB, "same job: " + sorted(pa.jobs & pb.jobs)[0])
    if at_work:
        ev.add(w.SAME_WORKPLACE, "both work at " + at_work[0])
    known = [bare_side for names_of, bare_side, named in ((first_a, pa, pb), (first_b, pb, pa))
             for n in names_of - ruled if only_one_known(ctx, bare_side, named, n)]
    unique = weak and not common and bool(known)
    if unique:
        ev.add(w.ONLY_ONE_KNOWN, "the only person of that first name the records know "
                                 "who could be this one")
    aged = unique and any(adult_age_stated(p) for p in known)
    corroborated = bool(pa.dobs & pb.dobs) or bool(at_work) or aged or (
        (same_child or together) and not common)
    return Partial(ev, _finish_people, (self_evident, weak, corroborated, same_child,
                                        professionals))


def _finish_people(ctx: Context, a: Piece, b: Piece, ev: w.Evidence,
                   flags: tuple[bool, ...]) -> None:
    self_evident, weak, corroborated, same_child, professionals = flags
    linked = shared_links(ctx, a, b, ev)
    together = named_together(ctx, a, b, ev, needed=professionals and not linked,
                              workplaces=professionals)
    if professionals and together:
        # A worker is named where they work: two key workers called Kelly in notes that
        # both name Holly Bank are one key worker. Professionals are never persons of
        # concern, so this does not pool anyone's exploitation evidence.
        linked = True
    if self_evident or corroborated or linked:
        return
    # Being named alongside the same people is not enough: a peer and an adult of concern
    # who share a first name move in the same circle.
    if weak and a.children and b.children and not same_child:
        ev.add(w.UNCORROBORATED_ACROSS_CHILDREN,
               "only a first name in common, in different children's records")
    ev.ceiling = w.CANDIDATE_ONLY


# -- places --------------------------------------------------------------------------------

def _street_match(pa: PlaceProfile, pb: PlaceProfile) -> tuple[float, str] | None:
    best: tuple[float, str] | None = None
    for sa in sorted(pa.streets):
        stem_a, suffix_a = keys.split_street(sa)
        for sb in sorted(pb.streets):
            stem_b, suffix_b = keys.split_street(sb)
            if not stem_a or not stem_b:
                continue
            suffixes_fit = not suffix_a or not suffix_b or suffix_a == suffix_b
            if sa == sb:
                found = (w.DWELLING_ON_STREET, f"same street {sa}")
            elif suffixes_fit and _similar(stem_a, stem_b):
                found = (w.STREET_SPELLED_DIFFERENTLY, "street " + _either(sa, sb))
            elif (not suffix_a or not suffix_b) and (
                    stem_a.split()[0] == stem_b.split()[0] and len(stem_a.split()[0]) > 4):
                found = (w.STREET_NAME_ONLY, f"street name {stem_a.split()[0]}")
            else:
                continue
            if best is None or found[0] > best[0]:
                best = found
    return best


def _numbered_on(ctx: Context, streets: set[str]) -> set[int]:
    clusters: set[int] = set()
    for street in streets:
        stem, _suffix = keys.split_street(street)
        for key in _street_keys(stem):
            clusters |= ctx.numbered_on_street.get(key, set())
    return clusters


def compare_places(ctx: Context, a: Piece, b: Piece) -> Partial | None:
    pa, pb = a.profile, b.profile
    assert isinstance(pa, PlaceProfile) and isinstance(pb, PlaceProfile)
    if pa.conflict(pb):
        return None
    found: list[tuple[float, str]] = []
    wording = {f for f in pa.folded & pb.folded
               if " " in f or any(c.isdigit() for c in f) or (len(f) > 4 and not pa.broad)}
    if wording:
        found.append((w.SAME_WORDING, f'same wording "{sorted(wording)[0]}"'))
    if pa.numbered and pb.numbered:
        if pa.numbered & pb.numbered:
            found.append((w.SAME_ADDRESS, "same address"))
        else:
            found.append((w.ADDRESS_SPELLED_DIFFERENTLY, "address spelled differently"))
    elif pa.numbered or pb.numbered:
        numbered, other = (pa, pb) if pa.numbered else (pb, pa)
        street = _street_match(numbered, other) if other.dwelling else None
        if street:
            found.append(street)
    elif pa.streets and pb.streets and not (pa.names or pb.names):
        street = _street_match(pa, pb)
        if street and pa.dwelling == pb.dwelling:
            found.append((w.SAME_STREET_SPELLING, street[1]))
    cores_a = {keys.place_name_core(n) for n in pa.names} - {frozenset()}
    cores_b = {keys.place_name_core(n) for n in pb.names} - {frozenset()}
    if cores_a & cores_b:
        found.append((w.SAME_PLACE_NAME, "same place name " + " ".join(sorted(
            sorted(cores_a & cores_b, key=sorted)[0]))))
    elif any(x < y or y < x for x in cores_a for y in cores_b):
        found.append((w.PLACE_NAME_CONTAINED, "one place name contains the other"))
    if not found:
        return None
    found.sort(key=_strongest_first)
    ev = w.Evidence([found[0]])
    if len(found) > 1:
        ev.add(w.SECOND_NAME_AGREEMENT, "also " + found[1][1])
    if pa.postcodes & pb.postcodes:
        ev.add(w.SAME_POSTCODE, "same postcode")
    if pa.towns & pb.towns:
        ev.add(w.SAME_TOWN, "same town")
    if a.children & b.children:
        ev.add(w.PLACE_SAME_CHILD, "same child's records")
    dwelling_to_address = bool(pa.numbered) != bool(pb.numbered)
    return Partial(ev, _finish_places, (dwelling_to_address,))


def _finish_places(ctx: Context, a: Piece, b: Piece, ev: w.Evidence,
                   flags: tuple[bool, ...]) -> None:
    (dwelling_to_address,) = flags
    if dwelling_to_address:
        pa, pb = a.profile, b.profile
        assert isinstance(pa, PlaceProfile) and isinstance(pb, PlaceProfile)
        on_street = _numbered_on(ctx, (pb if pa.numbered else pa).streets)
        if len(on_street) == 1:
            ev.add(w.ONLY_ADDRESS_ON_STREET, "the only numbered address known there")
        elif len(on_street) > 1:
            ev.add(w.SEVERAL_ADDRESSES_ON_STREET, "several numbered addresses there")
    shared_links(ctx, a, b, ev)
    named_together(ctx, a, b, ev)


# -- vehicles ------------------------------------------------------------------------------

def compare_vehicles(ctx: Context, a: Piece, b: Piece) -> Partial | None:
    pa, pb = a.profile, b.profile
    assert isinstance(pa, VehicleProfile) and isinstance(pb, VehicleProfile)
    if pa.conflict(pb):
        return None
    ev = w.Evidence()
    make = bool(pa.makes & pb.makes)
    colour = bool(pa.colours & pb.colours)
    plated_a, plated_b = bool(pa.plates or pa.partials), bool(pb.plates or pb.partials)
    if plated_a and plated_b:
        partials = pa.partials | pb.partials
        full = pa.plates | pb.plates
        if full and partials:
            ev.add(w.PARTIAL_FITS, "partial registration fits " + sorted(full)[0])
            fitting = {p for partial in partials
                       for p in ctx.plates_by_prefix.get(partial.rstrip("*")[:4], set())
                       if keys.plates_compatible(partial, p)}
            if len(fitting) == 1:
                ev.add(w.ONLY_PLATE_THAT_FITS, "the only known registration that fits")
            elif len(fitting) > 1:
                ev.add(w.SEVERAL_PLATES_FIT, f"{len(fitting)} known registrations fit")
        elif partials:
            ev.add(w.PARTIALS_AGREE, "partial registrations agree")
        else:
            return None  # two different full plates: the profiles already refused
        if not (make and colour):
            ev.ceiling = w.CANDIDATE_ONLY  # a partial plate alone is only ever a candidate
    elif make or colour:
        if make and colour:
            ev.add(w.DESCRIPTION_MATCH, "same make and colour")
        else:
            ev.add(w.DESCRIPTION_MATCH / 2, "same " + ("make" if make else "colour"))
    else:
        return None
    if make:
        ev.add(w.SAME_MAKE, "same make " + sorted(pa.makes & pb.makes)[0])
    if colour:
        ev.add(w.SAME_COLOUR, "same colour " + sorted(pa.colours & pb.colours)[0])
    if pa.models & pb.models:
        ev.add(w.SAME_MODEL, "same model")
    same_child = bool(a.children & b.children)
    if same_child:
        ev.add(w.VEHICLE_SAME_CHILD, "same child's records")
    described = not (plated_a and plated_b)
    return Partial(ev, _finish_vehicles, (described, make and colour, make or colour,
                                          same_child))


def _finish_vehicles(ctx: Context, a: Piece, b: Piece, ev: w.Evidence,
                     flags: tuple[bool, ...]) -> None:
    described, make_and_colour, alike, same_child = flags
    shared = shared_links(ctx, a, b, ev)
    needed = described and make_and_colour and not same_child and not shared
    linked = named_together(ctx, a, b, ev, needed=needed) >= 1 or bool(shared)
    # A description is one car only when make, colour and context agree; or, known by its
    # colour (or make) alone ("a silver car"), when two independent things agree besides:
    # the same child's records, and a driver or owner both records link to who resolved to
    # one person. Two silver cars in two children's notes, or in one child's notes with
    # different drivers, stay at most a candidate.
    by_context = alike and same_child and "Person" in shared
    if described and not ((make_and_colour and (same_child or linked)) or by_context):
        ev.ceiling = w.CANDIDATE_ONLY


COMPARE = {"Person": compare_people, "Location": compare_places, "Vehicle": compare_vehicles}


def intrinsic(ctx: Context, a: Piece, b: Piece) -> Partial | None:
    """What pieces ``a`` and ``b`` (of one type) say about each other on their own (names,
    streets, plates, children, roles), or ``None`` when nothing could make them one thing.
    It does not depend on the previous round's clusters, so it is computed once."""
    function = COMPARE.get(a.type)
    return function(ctx, a, b) if function else None


def complete(ctx: Context, a: Piece, b: Piece, partial: Partial) -> w.Evidence:
    """The pair's full evidence: its intrinsic part plus what surrounds both records in
    ``ctx`` (shared links, things named together, how many addresses a street has)."""
    ev = w.Evidence(list(partial.evidence.terms), partial.evidence.ceiling)
    partial.finish(ctx, a, b, ev, partial.flags)
    return ev


def compare(ctx: Context, a: Piece, b: Piece) -> w.Evidence | None:
    """Evidence that pieces ``a`` and ``b`` (of one type) are one thing, or ``None``."""
    partial = intrinsic(ctx, a, b)
    return complete(ctx, a, b, partial) if partial else None
