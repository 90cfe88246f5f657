"""The subject child: never an entity, named in the header, by reference, or for short.

A note is about one child, who is ``"CHILD"`` in relations and never a PERSON entity. The
child goes by the names ingest passes (``doc._.rhi_subjects``), the note's own header labels
("Young person: Kayla BRENNAN"), the name before the child's reference ("Amelia "Millie"
CARTWRIGHT (C-1003, 14)" where a field says "Child ID: C-1003"), a nickname in quotes, and
the short forms notes use ("Nat" for Natalie, "Joe" for Joseph).

>>> is_subject("Nat", {"natalie", "natalie ward"}), is_subject("Nathan Ward", {"natalie"})
(True, False)
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

from spacy.tokens import Doc

from nlp.components.base import text_of
from nlp.components.layout import Layout, layout
from nlp.components.names import (
    CHILD_REF,
    DIMINUTIVES,
    FN,
    SN,
    SUBJECT_LABELS,
    plausible,
    tokens,
)


def _header_subjects(doc: Doc) -> list[str]:
    """Names the note itself gives the subject child: header labels and the ref line."""
    text = text_of(doc)
    lay = layout(doc)
    found: list[str] = []
    kind = doc._.rhi_kind
    for field in lay.fields:
        label = field.label.strip()
        section = lay.section(field.start)
        if label in SUBJECT_LABELS and section not in {"subject"} and not (
                kind == "intel_form" and label == "name"):
            m = re.match(rf"\s*(?P<name>{FN}(?:[ ][\"“(]{FN}[\"”)])?(?:[ ]{SN}){{0,2}})",
                         text[field.start:field.end])
            if m:
                found.append(m.group("name"))
    found.extend(_named_by_child_id(text, lay))
    head = text[:600]
    for ref in CHILD_REF.finditer(head):
        line_start = head.rfind("\n", 0, ref.start()) + 1
        line_end = head.find("\n", ref.end())
        line_end = len(head) if line_end < 0 else line_end
        names = [m for m in re.finditer(
            rf"(?P<name>{FN}(?:[ ][\"“(]{FN}[\"”)])?(?:[ ]{SN}){{1,2}})", head[line_start:line_end])
            if plausible(m.group("name"))]
        before = [m for m in names if line_start + m.end() <= ref.start()]
        after = [m for m in names if line_start + m.start() >= ref.end()]
        pick = before[-1] if before else (after[0] if after else None)
        if pick:
            found.append(pick.group("name"))
    return found


_ID_LABELS = re.compile(r"^(?:child\s+)?(?:id|ref|reference|la ref|child ref)\b")
_NAME_BEFORE_REF = re.compile(
    rf"(?P<name>{FN}(?:[ ][\"“(]{FN}[\"”)])?(?:[ ]{SN}){{1,2}})[ ]?\(?[ ]?$")


def _named_by_child_id(text: str, lay: Layout) -> list[str]:
    """'Amelia "Millie" CARTWRIGHT (C-1003, 14)' where a field says "Child ID: C-1003".

    A form names its child by reference in a header field and by name wherever the narrative
    gives that reference; other children's references name peers instead.
    """
    ids = set()
    for field in lay.fields:
        if _ID_LABELS.match(field.label):
            ids.update(CHILD_REF.findall(text[field.start:field.end]))
    names = []
    for child_id in ids:
        for m in re.finditer(rf"\b{re.escape(child_id)}\b", text):
            before = text[max(0, m.start() - 80):m.start()]
            named = _NAME_BEFORE_REF.search(before)
            if named and plausible(named.group("name")):
                names.append(named.group("name"))
    return names


def subject_forms(doc: Doc) -> frozenset[str]:
    """Lower-case first names, nicknames and full names the subject child goes by."""
    if doc._.rhi_subject_forms is not None:
        return doc._.rhi_subject_forms
    forms: set[str] = set()
    for raw in list(doc._.rhi_subjects or ()) + _header_subjects(doc):
        nick = re.search(r"[\"“(]([A-Za-z]+)[\"”)]", raw)
        if nick:
            forms.add(nick.group(1).lower())
            raw = raw.replace(nick.group(0), " ")
        toks = tokens(raw)
        if toks:
            forms.add(toks[0])
            forms.add(" ".join(toks))
            forms.add(f"{toks[0]} {toks[-1]}")
            forms.update(DIMINUTIVES.get(toks[0], ()))
    # 'Amelia "Millie" CARTWRIGHT' in the text makes "millie" the subject too
    text = text_of(doc)
    for m in re.finditer(rf"(?P<first>{FN})[ ][\"“(](?P<nick>{FN})[\"”)][ ](?P<last>{SN})", text):
        full = f"{m.group('first')} {m.group('last')}".lower()
        if full in forms:
            forms.add(m.group("nick").lower())
    doc._.rhi_subject_forms = frozenset(forms)
    return doc._.rhi_subject_forms


def is_subject(value: str, forms: Iterable[str]) -> bool:
    """True when ``value`` names the subject child (first name or nickname first)."""
    forms = frozenset(forms)
    nick = re.search(r"[\"“(]([A-Za-z]+)[\"”)]", value)
    if nick and nick.group(1).lower() in forms:
        return True
    toks = tokens(value)
    if not toks or not forms:
        return False
    if toks[0] in forms:
        return len(toks) == 1 or " ".join(toks) in forms or f"{toks[0]} {toks[-1]}" in forms
    if len(toks) == 1:
        return any(" " not in f and short_form(toks[0], f) for f in forms)
    return any(short_form(toks[0], f.split()[0]) and f.split()[-1] == toks[-1]
               for f in forms if " " in f)


def short_form(short: str, name: str) -> bool:
    """Whether ``short`` is a shortening of the first name ``name`` that notes use for a child.

    >>> short_form("nat", "natalie"), short_form("george", "georgia"), short_form("sam", "sian")
    (True, True, False)
    """
    if len(short) < 3 or short == name:
        return short == name
    if name.startswith(short):
        return True
    common = len(os.path.commonprefix([short, name]))
    return common >= 4 and max(len(short), len(name)) - common <= 2
