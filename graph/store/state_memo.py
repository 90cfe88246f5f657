"""Answers remembered for one state of a store, forgotten as soon as the store changes.

Why: a partner's view is cut down to the places they may see
(:func:`rhigraph.governance.reads.partner_allowed`), and working that set out counts every
partner link in the history (seconds on a store of 100,000 documents). A dashboard page asks
for it several times, with the same filters, between two writes. Remembering it is safe only
if a write (an ingest, a deletion, an erasure, a resolution run) can never be followed by the
answer from before it, so each answer is kept under the store's ``data_version`` token
(:meth:`graph.store.sqlite.SQLiteStore.data_version`), read *before* the answer is computed:
an answer computed while a write lands is kept under the older token and is never served
again. A store without such a token (Neo4j) is not remembered for: every call computes.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

#: Answers kept per store state: enough for the filter combinations of a meeting, and for
#: what the dashboard prepares for every role, now and for the next judging clock
#: (:func:`dashboard.data.prepare_views_at`), with room for the views people then open.
MAX_ANSWERS = 128


class _Answers:
    """One store's answers, all computed at the same state (``token``)."""

    def __init__(self) -> None:
        self.token: Hashable = None
        self.values: OrderedDict[Hashable, Any] = OrderedDict()


_lock = threading.Lock()
_stores: weakref.WeakKeyDictionary[Any, _Answers] = weakref.WeakKeyDictionary()


def remember(store: Any, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or the answer it gave for ``key`` while the store was in its present
    state. The answer is shared: callers must not change it (give back frozen values)."""
    version = getattr(store, "data_version", None)
    if not callable(version):
        return compute()
    token = version()
    with _lock:
        answers = _stores.setdefault(store, _Answers())
        if answers.token == token and key in answers.values:
            answers.values.move_to_end(key)
            return answers.values[key]
    value = compute()
    if version() != token:  # the store moved on while computing: the answer may be older
        return value
    with _lock:
        answers = _stores.setdefault(store, _Answers())
        if answers.token != token:
            answers.token, answers.values = token, OrderedDict()
        answers.values[key] = value
        while len(answers.values) > MAX_ANSWERS:
            answers.values.popitem(last=False)
    return value
