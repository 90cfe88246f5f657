"""ONLINE_HANDLE: Snapchat, Instagram, TikTok ... handles, keyed by ``graph.types.handle``.

Notes write handles as "@deano.bl1", "sc: deano.bl1", "deano.bl1 (Snapchat)", "snapchat name
deano.bl1", "insta - deano.bl1", "on snap (deano.bl1)", "someone on snap called moneyman.bl"
or "zee_wigan_ on Snapchat". A word only counts as a handle when a platform is named next to
it or it carries an "@"; a word beside a platform name must also look like a handle (a digit,
dot or underscore, or lower case), so "messaging Ash on Snapchat" is not a handle.

>>> from nlp.components.handles import find
>>> [(m.text, m.normalised, m.attrs["platform"])
...  for m in find("she follows deano on snap (deano.bl1).")]
[('deano.bl1', 'deano.bl1', 'Snapchat')]
>>> [m.normalised for m in find("sc: Zee_Wigan_ and @tt.kid99, not Ash on Snapchat")]
['zee_wigan_', 'tt.kid99']
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc

from graph.exc import InvalidValue
from graph.types import handle as handle_type
from nlp.components.base import Mention, add, text_of, words_alternation

DISPLAY = {"snapchat": "Snapchat", "instagram": "Instagram", "tiktok": "TikTok",
           "facebook": "Facebook", "whatsapp": "WhatsApp", "telegram": "Telegram", "x": "X"}
_PLATFORM_WORDS = [w for w in handle_type.PLATFORMS if len(w) > 1 or w == "x"]
_PLATFORM = rf"(?i:{words_alternation([w for w in _PLATFORM_WORDS if w != 'x'])}|twitter)"
_H = r"@?[A-Za-z0-9][A-Za-z0-9._\-]{1,39}"
_GLUE = (r"(?i:\s*(?:user\s*name|username|name|handle|account|acc|id|profile|page)?"
         r"\s*(?:is|was|called|named|=|:|-|–)?\s*)")
_RULES = (
    # sc: x / snapchat name x / on snap called x / insta - x / snap (x)
    re.compile(rf"(?<![\w@])(?P<platform>{_PLATFORM})(?![\w]){_GLUE}\(?[\"“']?(?P<handle>{_H})"),
    # x (Snapchat) / x on Snapchat
    re.compile(rf"(?<![\w@.])(?P<handle>{_H})\s*(?:\(\s*|\s+on\s+)(?P<platform>{_PLATFORM})\b"),
    # Online handle: x / Online: x / Handle: x
    re.compile(rf"(?im:^\s*(?:online(?:\s+handles?|\s+accounts?)?|handles?|social media)\s*:\s*)"
               rf"(?P<handle>{_H})"),
    # @x anywhere (not an e-mail address)
    re.compile(r"(?<![\w.@])(?P<handle>@[A-Za-z0-9_][A-Za-z0-9._]{1,29})"),
)
_NOT_HANDLES = frozenset(
    [
        "on", "in", "at", "is", "was", "the", "a", "an", "his", "her", "him", "their", "name",
        "called", "handle", "account", "and", "or", "to", "for", "from", "with", "me", "my",
        "messages", "messaging", "message", "messaged", "contact", "contacted", "online", "page"
    ]
)


def _looks_like_handle(raw: str, strict: bool) -> bool:
    """A handle has an "@", a digit, a dot or an underscore; lower case will do with a cue."""
    body = raw.lstrip("@")
    strong = raw.startswith("@") or any(c.isdigit() or c in "._" for c in body)
    return strong or (not strict and body.islower())


def _platform_near(text: str, start: int, end: int) -> str | None:
    window = text[max(0, start - 60):min(len(text), end + 40)]
    m = re.search(rf"(?<![\w@]){_PLATFORM}(?!\w)", window)
    if not m:
        return None
    return DISPLAY.get(handle_type.PLATFORMS.get(m.group(0).lower(), ""))


def find(text: str) -> Iterator[Mention]:
    """Yield ONLINE_HANDLE mentions; a handle seen by two rules is yielded once."""
    seen: set[int] = set()
    for i, rule in enumerate(_RULES):
        for m in rule.finditer(text):
            start, end = m.span("handle")
            while end > start and text[end - 1] in ".-":
                end -= 1  # sentence full stop, not part of the handle
            raw = text[start:end]
            if start in seen or raw.lstrip("@").lower() in _NOT_HANDLES:
                continue
            if i in (0, 1):
                between = text[m.end("platform"):start] if i == 0 else text[end:m.start("platform")]
                cued = bool(re.search(r"[:(=@\-–]|called|named|name|is|was", between))
                if not _looks_like_handle(raw, strict=not cued):
                    continue
            if i == 3 and re.match(r"\d", raw[1:]):
                continue  # "@10pm"
            try:
                key = handle_type.clean(raw)
            except InvalidValue:
                continue
            platform = None
            if "platform" in rule.groupindex:
                platform = DISPLAY.get(handle_type.PLATFORMS.get(m.group("platform").lower(), ""))
            platform = platform or _platform_near(text, start, end)
            seen.add(start)
            yield Mention("ONLINE_HANDLE", start, end, raw, key, {"platform": platform}, 90,
                          "handle")


@Language.factory("rhigraph_handles")
def make_handles(nlp: Language, name: str) -> Handles:
    return Handles()


class Handles:
    """Adds ONLINE_HANDLE mentions (see the module docstring)."""

    def __call__(self, doc: Doc) -> Doc:
        for mention in find(text_of(doc)):
            add(doc, mention)
        return doc
