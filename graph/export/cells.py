"""The one spreadsheet-formula neutraliser, for every file a person may open in Excel.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab, carriage return or line feed,
which spreadsheets skip before such a character) is run as a formula when the file is
opened: ``=HYPERLINK("http://evil","click")`` in a nickname would become a live link in an
analyst's workbook. Such text gets a leading apostrophe, which spreadsheets show as text.

The rule is reversible (:func:`restore`), so rhigraph reads its own exports back exactly: a
value that already starts with apostrophes followed by a formula lead gets one more.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r", "\n")


def _risky(value: str) -> bool:
    return value.startswith(FORMULA_LEADS) or (
        value.startswith("'") and value.lstrip("'").startswith(FORMULA_LEADS))


def neutralise(value: Any) -> Any:
    """``value`` safe for a spreadsheet cell; numbers, booleans and ``None`` pass unchanged,
    lists and mappings become text first.

    >>> neutralise('=HYPERLINK("x")'), neutralise("+1"), neutralise("-2"), neutralise("@SUM")
    ('\\'=HYPERLINK("x")', "'+1", "'-2", "'@SUM")
    >>> neutralise("Moss Lane"), neutralise(-2), neutralise(["a", "=b"])
    ('Moss Lane', -2, "a; '=b")
    """
    if isinstance(value, list | tuple | set):
        value = "; ".join(str(neutralise(v)) for v in value)
    elif isinstance(value, Mapping):
        value = " ".join(str(v) for v in value.values() if v not in (None, ""))
    if isinstance(value, str) and _risky(value):
        return "'" + value
    return value


def restore(value: str) -> str:
    """The text before :func:`neutralise` (for reading rhigraph's own exports back).

    >>> restore("'=x"), restore("''=x"), restore("'quoted'")
    ('=x', "'=x", "'quoted'")
    """
    if value.startswith("'") and value.lstrip("'").startswith(FORMULA_LEADS):
        return value[1:]
    return value


def text(value: Any) -> str:
    """Cell text for CSV, GraphML and GEXF: empty for ``None``, ``true``/``false``, numbers as
    written, lists and mappings as JSON, and every string neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple | dict):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return neutralise(str(value))
