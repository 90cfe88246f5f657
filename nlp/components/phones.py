"""PHONE: UK and +44 numbers in prose, keyed in E.164 by ``graph.types.phone``.

Candidates come from ``graph.types.phone.IN_TEXT`` and are kept only when
``graph.types.phone.clean`` accepts them. That check is *possible* rather than *valid*
numbers, so the Ofcom drama range (07700 900xxx) that all sample data uses is kept.

>>> from nlp.components.phones import find
>>> [(t, n) for _, _, t, n in find("Zee rings them from 07700 900417 (the line).")]
[('07700 900417', '+447700900417')]
>>> [n for *_, n in find("text from +44 7700 900417, and 0161-496-0000")]
['+447700900417', '+441614960000']
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc

from graph.exc import InvalidValue
from graph.types import phone as phone_type
from nlp.components.base import Mention, add, text_of

PRIORITY = 100


def find(text: str) -> Iterator[tuple[int, int, str, str]]:
    """Yield ``(start, end, text, e164)`` for each phone number in ``text``."""
    for m in phone_type.IN_TEXT.finditer(text):
        start, end = m.span()
        raw = m.group(0)
        try:
            key = phone_type.clean(raw)
        except InvalidValue:
            continue
        yield start, end, raw, key


@Language.factory("rhigraph_phones")
def make_phones(nlp: Language, name: str) -> Phones:
    return Phones()


class Phones:
    """Adds a PHONE mention for every number ``graph.types.phone`` accepts."""

    def __call__(self, doc: Doc) -> Doc:
        for start, end, raw, key in find(text_of(doc)):
            add(doc, Mention("PHONE", start, end, raw, key, {}, PRIORITY, "phone"))
        return doc
