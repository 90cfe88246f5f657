"""Blocking: which pairs of pieces are worth comparing, so cost grows about linearly.

Each piece gets a few block keys from its profile: name tokens, their first three letters
and initials (nicknames are made that way) for people; street stems
(first three letters, and the sorted set of letters, which survives transposed and doubled
letters: "Mossfeild", "Lacnaster"), place-name words and postcodes for places; the plate's
first four characters, make and colour together and each alone for vehicles; and, for
every type, each wording as written, so that one record's alias meets another record's
text. Only pieces sharing a key are compared.

A key shared by very many pieces (a common first name, a colour) would make its block
quadratic. Such a block is not compared all against all: within it, pieces are compared only
with pieces of the same child and with their neighbours in sorted order (a sorted-neighbourhood
window), which keeps the pairs per piece bounded.
"""

from __future__ import annotations

from collections.abc import Iterator

from graph.resolve import keys
from graph.resolve.units import (
    FUZZY_TYPES,
    PersonProfile,
    Piece,
    PlaceProfile,
    VehicleProfile,
)

#: Blocks larger than this are compared within children and sorted windows only.
MAX_BLOCK = 40
#: Sorted-neighbourhood window within an oversized block.
WINDOW = 8


def block_keys(piece: Piece) -> set[str]:
    """The block keys of one piece."""
    profile = piece.profile
    out: set[str] = set()
    if isinstance(profile, PersonProfile):
        tokens = (profile.singles | profile.nicknames | profile.first_names()
                  | profile.last_names())
        out |= {"n:" + t for t in tokens if len(t) > 1}
        # Nicknames made from a name share its first three letters ("Johnno", "John"; "Ash",
        # "Ashworth") or are its initials ("KD", Kyle Dawson). So full names block on the
        # first three letters of each part, and one-word names that could be such a
        # nickname do too: those that are not first names in their own right, and short
        # ones that may be cut from a longer name ("Chris").
        known = keys.known_first_names()
        prefixed = {t for name in profile.full for t in name}
        prefixed |= {t for t in profile.singles | profile.nicknames
                     if t not in known or len(t) <= 5}
        out |= {"n3:" + t[:3] for t in prefixed if len(t) > 2}
        out |= {"ni:" + first[0] + last[0] for first, last in profile.full}
        out |= {"ni:" + t for t in profile.singles if len(t) == 2}
        # ... and a usual diminutive that does not start like its name ("Laurie") meets
        # the names it is made from ("Lawrence LLOYD")
        out |= {"n:" + full for t in profile.singles | profile.nicknames
                for full in keys.IRREGULAR_DIMINUTIVES.get(t, ())}
    elif isinstance(profile, PlaceProfile):
        for stem in profile.stems:
            word = stem.split()[0]
            out.add("s3:" + word[:3])
            if len(word) >= 4:
                out.add("sl:" + keys.letter_set(word))
        for name in profile.names:
            for word in keys.place_name_core(name):
                if len(word) > 2:
                    out.add("nm:" + word)
        out |= {"pc:" + p for p in profile.postcodes}
        out |= {"t:" + f for f in profile.folded if f}
    elif isinstance(profile, VehicleProfile):
        for plate in profile.plates | profile.partials:
            out.add("vp:" + plate.rstrip("*")[:4])
        for make in profile.makes or {""}:
            for colour in profile.colours or {""}:
                if make or colour:
                    out.add(f"vd:{make}|{colour}")
        out |= {"vm:" + m for m in profile.makes}
        # "a silver car" meets the plated silver Mercedes: a colour alone is compared (and
        # merges only with the same child and driver, see compare_vehicles)
        out |= {"vc:" + c for c in profile.colours}
        out |= {"t:" + f for f in profile.folded if f}
    return out


def _sort_key(piece: Piece) -> tuple[str, str]:
    return (piece.entity_id, min(piece.documents) if piece.documents else "")


def candidate_pairs(pieces: list[Piece]) -> Iterator[tuple[int, int]]:
    """Distinct pairs (lower index first) of pieces of one type sharing a block key."""
    blocks: dict[tuple[str, str], list[int]] = {}
    for piece in pieces:
        if piece.type not in FUZZY_TYPES:
            continue
        for key in block_keys(piece):
            blocks.setdefault((piece.type, key), []).append(piece.index)
    seen: set[tuple[int, int]] = set()
    for members in blocks.values():
        if len(members) < 2:
            continue
        for pair in _pairs(members, pieces):
            if pair in seen:
                continue
            a, b = pieces[pair[0]], pieces[pair[1]]
            if a.entity_id == b.entity_id and a.strong and b.strong:
                continue  # one strong key split on a conflict: never rejoined by similarity
            seen.add(pair)
            yield pair


def _pairs(members: list[int], pieces: list[Piece]) -> Iterator[tuple[int, int]]:
    if len(members) <= MAX_BLOCK:
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                yield (a, b) if a < b else (b, a)
        return
    by_child: dict[str, list[int]] = {}
    for index in members:
        for child in pieces[index].children:
            by_child.setdefault(child, []).append(index)
    for group in by_child.values():
        ordered = sorted(group, key=lambda i: _sort_key(pieces[i]))
        yield from _window(ordered)
    yield from _window(sorted(members, key=lambda i: _sort_key(pieces[i])))


def _window(ordered: list[int]) -> Iterator[tuple[int, int]]:
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:i + 1 + WINDOW]:
            yield (a, b) if a < b else (b, a)
