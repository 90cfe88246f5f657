"""Escalation: children whose missing episodes or exploitation indicators are rising.

A child missing once a month who is now missing every week, or whose notes now mention
older adults and money where they did not before, needs a strategy discussion before the
next episode, not after it. The comparison is the latest period against the average of the
periods before it, so one bad week after a quiet quarter shows, and a child who has always
gone missing often does not crowd the list.

A function over ``Store.child_periods`` rows (per child and period: ``episodes``,
``high_risk``, ``indicators``, ``codes``); the aggregation runs in the store.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from graph.analysis.rows import NOT_CONCERN, ranked

#: What each rise adds to a child's escalation score.
WEIGHTS: Mapping[str, float] = {
    "episodes": 2.0,      # per episode above the earlier average
    "high_risk": 1.0,     # per high-risk episode above the earlier average
    "indicators": 0.5,    # per indicator above the earlier average
    "new_codes": 1.0,     # per exploitation indicator code not seen in earlier periods
}


def boundaries(end: str, *, periods: int = 4, days: int = 28) -> list[str]:
    """ISO dates splitting the ``periods`` periods of ``days`` that end on ``end``
    (inclusive), oldest first: ``periods + 1`` dates, the last the day after ``end``.

    >>> boundaries("2026-03-01", periods=2, days=7)
    ['2026-02-16', '2026-02-23', '2026-03-02']
    """
    last = dt.date.fromisoformat(end[:10]) + dt.timedelta(days=1)
    return [(last - dt.timedelta(days=days * (periods - i))).isoformat()
            for i in range(periods + 1)]


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def rising(rows: Iterable[Mapping[str, Any]], *, periods: int,
           weights: Mapping[str, float] = WEIGHTS) -> list[dict[str, Any]]:
    """Children whose latest period is worse than the average of the earlier ones, most
    escalated first (then most episodes in the latest period).

    Parameters
    ----------
    rows : ``Store.child_periods`` rows; period ``periods - 1`` is the latest.
    periods : how many periods the rows were counted in.

    Returns
    -------
    Rows with ``rank``, ``entity_id`` (``Child:<id>``), ``child_id``, ``episodes``,
    ``high_risk`` and ``indicators`` (one count per period, oldest first),
    ``episode_change`` and ``indicator_change`` (latest minus earlier average),
    ``new_codes`` (exploitation indicator codes first written in the latest period),
    ``recent_codes``, ``score`` and ``why``.

    Examples
    --------
    >>> rows = [
    ...     {"child_id": "C1", "period": 0, "episodes": 1, "indicators": 0, "codes": []},
    ...     {"child_id": "C1", "period": 2, "episodes": 3, "high_risk": 1,
    ...      "indicators": 4, "codes": ["CSE", "GIFTS_MONEY"]},
    ...     {"child_id": "C2", "period": 0, "episodes": 3, "indicators": 2, "codes": ["CCE"]},
    ...     {"child_id": "C2", "period": 2, "episodes": 1, "indicators": 0, "codes": []},
    ... ]
    >>> [(r["child_id"], r["episodes"], r["new_codes"]) for r in rising(rows, periods=3)]
    [('C1', [1, 0, 3], ['CSE', 'GIFTS_MONEY'])]
    """
    series: dict[str, dict[str, list[Any]]] = defaultdict(lambda: {
        "episodes": [0] * periods, "high_risk": [0] * periods,
        "indicators": [0] * periods, "codes": [set() for _ in range(periods)]})
    for row in rows:
        period = int(row["period"])
        if not 0 <= period < periods:
            continue
        child = series[row["child_id"]]
        for key in ("episodes", "high_risk", "indicators"):
            child[key][period] += int(row.get(key) or 0)
        child["codes"][period] |= set(row.get("codes") or ())
    out = []
    for child_id, child in series.items():
        change = {key: child[key][-1] - _mean(child[key][:-1])
                  for key in ("episodes", "high_risk", "indicators")}
        earlier = set().union(*child["codes"][:-1]) if periods > 1 else set()
        new_codes = sorted(child["codes"][-1] - earlier - NOT_CONCERN)
        score = (sum(weights[k] * max(0.0, change[k]) for k in change)
                 + weights["new_codes"] * len(new_codes))
        if score <= 0 or (change["episodes"] <= 0 and change["indicators"] <= 0
                          and not new_codes):
            continue
        item = {
            "entity_id": f"Child:{child_id}", "child_id": child_id,
            "episodes": child["episodes"], "high_risk": child["high_risk"],
            "indicators": child["indicators"],
            "episode_change": round(change["episodes"], 2),
            "indicator_change": round(change["indicators"], 2),
            "new_codes": new_codes, "recent_codes": sorted(child["codes"][-1]),
            "score": round(score, 2),
        }
        item["why"] = why(item)
        out.append(item)
    return ranked(out, key=lambda r: (-r["score"], -r["episodes"][-1], r["child_id"]))


def why(row: Mapping[str, Any]) -> str:
    """One line on what is rising.

    >>> why({"episodes": [1, 3], "episode_change": 2.0, "indicator_change": 0,
    ...      "new_codes": ["CSE"]})
    'episodes 1 → 3; first CSE'
    """
    parts = []
    if row["episode_change"] > 0:
        parts.append("episodes " + " → ".join(str(n) for n in row["episodes"]))
    if row["indicator_change"] > 0:
        parts.append(f"indicators up {row['indicator_change']:g}")
    if row["new_codes"]:
        parts.append("first " + ", ".join(row["new_codes"]))
    return "; ".join(parts)
