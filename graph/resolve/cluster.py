"""Clustering scored pairs into real things, under analysts' judgements and hard constraints.

Order of work, and why:

1. *Not the same* judgements become cannot-links first, so that no later step (another
   judgement, a confident score) can put those two records together: an analyst's "these are
   different people" is a hard constraint and splits any cluster that held both.
2. *The same* judgements are applied next, transitively (if A is B and B is C, A is C),
   overriding profile conflicts (the analyst has seen the records) but never a cannot-link.
3. Scored pairs at or above :data:`~graph.resolve.score.MERGE` are merged greedily, best
   first. A merge is refused when the two clusters' merged profile would contradict itself
   (two house numbers, a peer and an adult of concern), when it would put two different
   things one document names apart into one cluster, or when a cannot-link forbids it. This
   is what stops chaining: A~B and B~C are both strong, but if A and C conflict, whichever
   pair scores lower is left apart.
4. Pairs scoring between :data:`~graph.resolve.score.REVIEW` and the merge threshold, whose
   clusters could legally merge, become review candidates (one per cluster pair, the best).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from graph.resolve import keys
from graph.resolve import score as w
from graph.resolve.units import Piece, Profile, Unit, copy_profile
from graph.store.records import named_key


@dataclass(frozen=True)
class Edge:
    """A scored pair of pieces. Reasons are formatted only for the edges that end up in a
    merge or a candidate (most never do)."""

    score: float
    a: int
    b: int
    evidence: w.Evidence | None = None
    fixed: tuple[str, ...] = ()

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(self.evidence.reasons()) if self.evidence is not None else self.fixed


@dataclass(frozen=True)
class Judgement:
    """An active judgement, its two ends as (entity id, document id or '')."""

    id: int
    left: tuple[str, str]
    right: tuple[str, str]
    same: bool
    user: str
    at: str


@dataclass
class Clustering:
    """The outcome: each piece's cluster root, how it joined, and review candidates."""

    root_of_piece: list[int]
    joined_by: dict[int, Edge]
    candidates: list[Edge]
    refused: int = 0
    conflicts: list[str] = field(default_factory=list)


@dataclass
class Static:
    """What clustering needs of the units that no round changes, computed once."""

    tokens: dict[str, frozenset[str]]
    wordings: dict[tuple[str, str], frozenset[str]]
    forms: dict[tuple[str, str], frozenset[str]]
    piece_docs: list[dict[str, set[str]]]


def prepare(units: list[Unit], pieces: list[Piece]) -> Static:
    piece_docs = []
    for p in pieces:
        docs: dict[str, set[str]] = {}
        for u in p.units:
            docs.setdefault(units[u].document_id, set()).add(units[u].entity_id)
        piece_docs.append(docs)
    return Static(
        tokens={u.entity_id: frozenset(u.key.split()) for u in units},
        wordings={(u.entity_id, u.document_id): frozenset(
            keys.fold(t) for t in [*u.texts, *u.aliases]) for u in units},
        forms={(u.entity_id, u.document_id): frozenset(
            f.text for t in [*u.texts, *u.aliases] for f in keys.person_forms(t))
            for u in units if u.type == "Person"},
        piece_docs=piece_docs)


class _Forest:
    """Union-find over pieces, keeping each cluster's profile, documents and cannot-links.

    A cluster that never merged shares its piece's profile and documents; they are copied
    the first time it absorbs another (copy on write), so a run over 100,000 mentions does
    not copy 40,000 profiles it never changes.
    """

    def __init__(self, units: list[Unit], pieces: list[Piece], static: Static) -> None:
        self.units = units
        self.pieces = pieces
        self.parent = list(range(len(pieces)))
        self.members: dict[int, list[int]] = {p.index: [p.index] for p in pieces}
        self.profile: dict[int, Profile] = {p.index: p.profile for p in pieces}
        self.docs: dict[int, dict[str, set[str]]] = dict(enumerate(static.piece_docs))
        self.owned: set[int] = set()
        self.forbidden: dict[int, set[int]] = {}
        self.tokens = static.tokens
        self.wordings = static.wordings
        self.forms = static.forms

    def written_as_one(self, doc: str, x: str, y: str) -> bool:
        """Two entities one document names may still be one thing extraction wrote twice:
        one's stated alias is the other's wording (a form's subject "Dean ASHWORTH", aliases
        "Deano", and a separate "Deano"); for people, the same name once the comment around
        it is dropped ('"Kyle" - surname not known' and "Kyle"); for places and things, one
        key inside the other ("Wigan North Western" / "... station"). "Emily" and "Emily
        Booth" in one note are two people: the note would not name one person twice; nor
        are two people extraction kept apart under one name ("Liam" and "Liam #2")."""
        if x.startswith("Person:") and named_key(x) == named_key(y):
            return False
        if self.wordings.get((x, doc), frozenset()) & self.wordings.get((y, doc), frozenset()):
            return True
        if (x, doc) in self.forms:
            fx, fy = self.forms[(x, doc)], self.forms.get((y, doc), frozenset())
            return bool(fx & fy) or any(
                keys.derived_nickname(a, b.split()[0], b.split()[-1])
                for short, named in ((fx, fy), (fy, fx))
                for a in short if " " not in a for b in named if " " in b)
        return self.tokens[x] <= self.tokens[y] or self.tokens[y] <= self.tokens[x]

    def find(self, i: int) -> int:
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:
            self.parent[i], i = root, self.parent[i]
        return root

    def forbid(self, a: int, b: int) -> None:
        self.forbidden.setdefault(a, set()).add(b)
        self.forbidden.setdefault(b, set()).add(a)

    def blocked(self, ra: int, rb: int) -> bool:
        if not self.forbidden:
            return False
        small, large = sorted((ra, rb), key=lambda r: len(self.members[r]))
        large_set = set(self.members[large])
        return any(self.forbidden.get(p, set()) & large_set for p in self.members[small])

    def why_not(self, ra: int, rb: int) -> str | None:
        """Why clusters ``ra`` and ``rb`` may not merge, or ``None``."""
        if self.blocked(ra, rb):
            return "judged not the same"
        reason = self.profile[ra].conflict(self.profile[rb])  # type: ignore[arg-type]
        if reason:
            return reason
        docs_a, docs_b = self.docs[ra], self.docs[rb]
        if len(docs_a) > len(docs_b):
            docs_a, docs_b = docs_b, docs_a
        for doc, entities in docs_a.items():
            others = docs_b.get(doc)
            if not others:
                continue
            for x in entities:
                for y in others:
                    if x != y and not self.written_as_one(doc, x, y):
                        return "one record names them as two different things"
        return None

    def union(self, ra: int, rb: int) -> int:
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        if ra not in self.owned:
            self.profile[ra] = copy_profile(self.profile[ra])
            self.docs[ra] = {d: set(e) for d, e in self.docs[ra].items()}
            self.owned.add(ra)
        self.parent[rb] = ra
        self.members[ra].extend(self.members.pop(rb))
        self.profile[ra].merge(self.profile.pop(rb))  # type: ignore[arg-type]
        for doc, entities in self.docs.pop(rb).items():
            self.docs[ra].setdefault(doc, set()).update(entities)
        self.owned.discard(rb)
        return ra


def pieces_of(ref: tuple[str, str], pieces: list[Piece], units: list[Unit],
              by_entity: dict[str, list[int]]) -> list[int]:
    """Pieces a judgement end names: the piece holding that document's mention, or every
    piece of the entity when the document is ''."""
    entity, document = ref
    found = by_entity.get(entity, [])
    if not document:
        return found
    return [p for p in found if any(units[u].document_id == document
                                    for u in pieces[p].units)]


def cluster(units: list[Unit], pieces: list[Piece], edges: Iterable[Edge],
            judgements: Iterable[Judgement] = (), static: Static | None = None) -> Clustering:
    """Cluster ``pieces`` from scored ``edges`` under ``judgements`` (see module doc)."""
    forest = _Forest(units, pieces, static or prepare(units, pieces))
    by_entity: dict[str, list[int]] = {}
    for p in pieces:
        by_entity.setdefault(p.entity_id, []).append(p.index)
    joined: dict[int, Edge] = {}
    judged = sorted(judgements, key=lambda j: (j.at, j.id))
    conflicts: list[str] = []
    for j in judged:
        if not j.same:
            for a in pieces_of(j.left, pieces, units, by_entity):
                for b in pieces_of(j.right, pieces, units, by_entity):
                    forest.forbid(a, b)
    for j in judged:
        if not j.same:
            continue
        ends = pieces_of(j.left, pieces, units, by_entity) + pieces_of(
            j.right, pieces, units, by_entity)
        reason = (f"judged the same by {j.user} at {j.at}",)
        for a, b in zip(ends, ends[1:], strict=False):
            ra, rb = forest.find(a), forest.find(b)
            if ra == rb:
                continue
            if forest.blocked(ra, rb):
                conflicts.append(f"judgement {j.id} contradicts a 'not the same' judgement")
                continue
            forest.union(ra, rb)
            for p in (a, b):
                joined[p] = Edge(1.0, a, b, fixed=reason)
    ordered = sorted(edges, key=lambda e: (-e.score, e.a, e.b))
    refused = 0
    for edge in ordered:
        if edge.score < w.MERGE:
            break
        ra, rb = forest.find(edge.a), forest.find(edge.b)
        if ra != rb:
            if forest.why_not(ra, rb):
                refused += 1
                continue
            forest.union(ra, rb)
        for p in (edge.a, edge.b):
            if p not in joined or joined[p].score < edge.score:
                joined[p] = edge
    best: dict[tuple[int, int], Edge] = {}
    for edge in ordered:
        if edge.score < w.REVIEW:
            break
        ra, rb = forest.find(edge.a), forest.find(edge.b)
        if ra == rb or forest.why_not(ra, rb):
            continue
        pair = (min(ra, rb), max(ra, rb))
        if pair not in best:
            best[pair] = edge
    roots = [forest.find(p.index) for p in pieces]
    return Clustering(roots, joined, list(best.values()), refused, conflicts)


# -- cluster ids and store rows ------------------------------------------------------------

def _quality(entity_id: str, type_name: str) -> int:
    """How well an entity's key names its cluster (the better one is shown): a clean full
    name over an initialled one over one word over a key that is a practitioner's comment
    ("kyle surname not known ...")."""
    key = entity_id.split(":", 1)[1]
    words = key.split()
    if type_name == "Person":
        forms = keys.person_forms(key)
        if len(forms) != 1 or forms[0].text != key:
            return 0
        return {"full": 3, "initialled": 2}.get(forms[0].kind, 1)
    if type_name == "Location":
        return 3 if words and words[0][:1].isdigit() else 2 if len(words) > 1 else 1
    if type_name == "Vehicle":
        return 1 if " " in key else 2 if key.endswith("*") else 3
    return 1


@dataclass
class Output:
    """Rows for ``Store.replace_resolution`` and what each unit resolved to."""

    rows: list[dict[str, Any]]
    candidates: list[dict[str, Any]]
    cluster_of_unit: list[str]
    clusters: int


def output(units: list[Unit], pieces: list[Piece], result: Clustering) -> Output:
    """Cluster ids, canonical entities and the mapping rows.

    The cluster id is the id of its best-named member entity (a full name over a nickname,
    an address over a street, a full plate over a description; then most mentions). When
    an entity key was split between clusters and a second cluster would take the same id,
    it is ``<entity id>#<n>`` (its ``canonical_id`` still names the entity, for display).
    One row per entity says where most of its mentions went (document ''), and one row per
    mention that went elsewhere; an entity that stayed alone gets no row.
    """
    groups: dict[int, list[int]] = {}
    for piece in pieces:
        groups.setdefault(result.root_of_piece[piece.index], []).append(piece.index)
    ordered = sorted(groups.items(), key=lambda kv: (
        -sum(len(pieces[p].units) for p in kv[1]),
        min((units[u].entity_id, units[u].document_id) for p in kv[1] for u in pieces[p].units)))
    used: dict[str, int] = {}
    cluster_id: dict[int, str] = {}
    canonical: dict[int, str] = {}
    for root, members in ordered:
        counts: dict[str, int] = {}
        for p in members:
            counts[pieces[p].entity_id] = counts.get(pieces[p].entity_id, 0) + len(
                pieces[p].units)
        type_name = pieces[members[0]].type
        best = max(counts, key=lambda e: (_quality(e, type_name), counts[e], -len(e), e))
        n = used.get(best, 0) + 1
        used[best] = n
        cluster_id[root] = best if n == 1 else f"{best}#{n}"
        canonical[root] = best
    cluster_of_unit = [""] * len(units)
    for piece in pieces:
        for u in piece.units:
            cluster_of_unit[u] = cluster_id[result.root_of_piece[piece.index]]
    size = {root: len({pieces[p].entity_id for p in members}) for root, members in groups.items()}
    by_entity: dict[str, list[Piece]] = {}
    for piece in pieces:
        by_entity.setdefault(piece.entity_id, []).append(piece)
    rows: list[dict[str, Any]] = []
    for entity, own in sorted(by_entity.items()):
        per_cluster: dict[int, list[Piece]] = {}
        for piece in own:
            per_cluster.setdefault(result.root_of_piece[piece.index], []).append(piece)
        major = max(per_cluster, key=lambda r: (sum(len(p.units) for p in per_cluster[r]),
                                               cluster_id[r] == entity, -r))
        for root, split in per_cluster.items():
            cid = cluster_id[root]
            score, reasons = _why(entity, root, split, canonical, size, result)
            if root == major:
                if cid == entity and size[root] == 1 and len(per_cluster) == 1:
                    continue  # alone and whole: no row needed, the entity is its cluster
                rows.append({"entity_id": entity, "document_id": "", "cluster_id": cid,
                             "canonical_id": canonical[root], "score": score,
                             "reasons": reasons})
            else:
                for piece in split:
                    for u in piece.units:
                        rows.append({"entity_id": entity,
                                     "document_id": units[u].document_id,
                                     "cluster_id": cid, "canonical_id": canonical[root],
                                     "score": score, "reasons": reasons})
    candidates = []
    for edge in result.candidates:
        a, b = pieces[edge.a], pieces[edge.b]
        ua, ub = units[a.units[0]], units[b.units[0]]
        left, right = sorted([(ua, result.root_of_piece[a.index]),
                              (ub, result.root_of_piece[b.index])],
                             key=lambda t: (t[0].entity_id, t[0].document_id))
        candidates.append({
            "type": a.type, "left_id": left[0].entity_id, "left_document": left[0].document_id,
            "right_id": right[0].entity_id, "right_document": right[0].document_id,
            "left_cluster": cluster_id[left[1]], "right_cluster": cluster_id[right[1]],
            "score": edge.score, "reasons": list(edge.reasons)})
    return Output(rows, candidates, cluster_of_unit, len(groups))


def _why(entity: str, root: int, split: list[Piece], canonical: dict[int, str],
         size: dict[int, int], result: Clustering) -> tuple[float, list[str]]:
    if canonical[root] == entity and size[root] > 1:
        return 1.0, [f"canonical record of a cluster of {size[root]} entities"]
    edges = [result.joined_by[p.index] for p in split if p.index in result.joined_by]
    if edges:
        best = max(edges, key=lambda e: e.score)
        return best.score, list(best.reasons)
    notes = sorted({p.note for p in split if p.note})
    return 1.0, notes or ["kept apart from this entity's other records"]
