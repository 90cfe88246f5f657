"""Telephone numbers, keyed in E.164 with Google's libphonenumber (``phonenumbers``).

Numbers in the Ofcom drama ranges (07700 900xxx) are *possible* but not *valid* numbers; all
sample and generated data uses them, and real notes contain mistyped digits, so the check is
``is_possible_number``: a key must still be a well-formed UK or international number.
"""

from __future__ import annotations

import re

import phonenumbers

from graph.exc import InvalidValue

#: Candidate phone numbers inside prose: UK national or +44 forms, spaced or not. The
#: library's own ``PhoneNumberMatcher`` rejects the drama ranges, so candidates come from
#: here and are confirmed by :func:`clean`.
IN_TEXT = re.compile(r"(?<![\w+])(?:\+44\s?\(?0?\)?\s?|0)\d(?:[\s-]?\d){8,9}(?!\w)")


def clean(value: str, region: str = "GB") -> str:
    """Return the number in E.164, or raise :class:`InvalidValue`.

    >>> clean("07700 900417")
    '+447700900417'
    >>> clean("+44 (0)7700 900417")
    '+447700900417'
    """
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException as err:
        raise InvalidValue("not a telephone number") from err
    # IS_POSSIBLE only: "local only" numbers (a few digits) are fragments, not phones.
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason != phonenumbers.ValidationResult.IS_POSSIBLE:
        raise InvalidValue("not a possible telephone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display(key: str) -> str:
    """Human form of an E.164 key, the way analysts write it (``07700 900417``)."""
    number = phonenumbers.parse(key, "GB")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
