"""Missing-episode and placement spreadsheets (FORMATS.md sections 1 and 2) as typed rows.

A file whose header lacks a required column is rejected whole, because every row would be
wrong the same way. A bad *row* (an impossible date, a return before the report, a date in
the future, a missing or repeated reference) becomes a :class:`RowError` and the other rows
still load, so one typo in a 500-row police export does not block the rest. Row numbers are
those a user sees in Excel (header = row 1). Errors name the row and column, never the value.

Column mapping files
--------------------
Exports from other systems use other headers. A TOML file maps them onto the canonical
columns, one table per kind of file; headers compare case-insensitively and ignore spaces,
underscores and punctuation. Keys outside a table apply to both kinds::

    # mapping.toml
    [episodes]
    "MISPER Ref" = "episode_id"
    "LCS ID" = "child_id"
    "Date/Time Reported" = "reported_missing_at"
    "Date/Time Found" = "returned_at"
    "Risk" = "risk_level"

    [placements]
    "Placement Ref" = "placement_id"
    "Placement Start" = "start"

The same structure in YAML (``mapping.yaml``) is read when PyYAML is installed. Headers a
mapping does not mention are matched on their own name; columns matched by neither are kept
on each row under ``extra``.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from graph.exc import InvalidValue, ReadError
from ingest.readers import OVERFLOW
from ingest.readers.layout import clean, parse_when

#: Optional episode columns: when each body was told of the missing episode and of its RHI,
#: for a child placed out of area (read by :mod:`graph.meetings.notifications`). Police and
#: LA systems that record these export them; a blank cell means "not recorded".
NOTIFICATION_COLUMNS = (
    "responsible_la_notified_at", "host_la_notified_at", "home_force_notified_at",
    "responsible_la_rhi_notified_at", "host_la_rhi_notified_at", "home_force_rhi_notified_at",
)
EPISODE_COLUMNS = (
    "episode_id", "child_id", "child_name", "dob", "gender", "reported_missing_at",
    "returned_at", "missing_from", "found_at", "risk_level", "looked_after", "responsible_la",
    "host_la", "home_force", "host_force", "rhi_offered_at", "rhi_completed_at", "rhi_outcome",
) + NOTIFICATION_COLUMNS
EPISODE_REQUIRED = ("episode_id", "child_id", "reported_missing_at")
PLACEMENT_COLUMNS = (
    "child_id", "placement_id", "placement_type", "address", "start", "end", "responsible_la",
    "host_la", "host_force",
)
PLACEMENT_REQUIRED = ("child_id", "placement_id", "start")
COLUMNS = {"episodes": EPISODE_COLUMNS, "placements": PLACEMENT_COLUMNS}

RISK_LEVELS = ("no apparent risk", "low", "medium", "high")
RHI_OUTCOMES = (
    "completed", "declined_by_child", "declined_by_parent", "unable_to_contact",
    "missing_again", "in_custody", "moved_out_of_area", "not_offered",
)
PLACEMENT_TYPES = (
    "foster", "childrens_home_public", "childrens_home_private", "supported_accommodation",
    "secure", "family",
)

_RISK_ALIASES = {
    "no apparent risk": "no apparent risk", "no apparent": "no apparent risk",
    "nar": "no apparent risk", "no risk": "no apparent risk", "none": "no apparent risk",
    "absent": "no apparent risk", "low": "low", "l": "low", "medium": "medium", "med": "medium",
    "m": "medium", "high": "high", "h": "high",
}
#: Older police gradings that are accepted but noted on the row, because the mapping is
#: a judgement (the "absent" category was withdrawn in 2023).
_RISK_NOTED = {"absent", "no risk", "none"}
_OUTCOME_ALIASES = {
    "complete": "completed", "done": "completed", "child declined": "declined_by_child",
    "declined child": "declined_by_child", "refused": "declined_by_child",
    "parent declined": "declined_by_parent", "declined parent": "declined_by_parent",
    "declined by carer": "declined_by_parent", "carer declined": "declined_by_parent",
    "no contact": "unable_to_contact", "could not contact": "unable_to_contact",
    "not contactable": "unable_to_contact", "missing": "missing_again",
    "custody": "in_custody", "moved": "moved_out_of_area", "moved out of area":
    "moved_out_of_area", "not offered": "not_offered",
}
_YES = {"y", "yes", "true", "1", "lac", "looked after", "cla"}
_NO = {"n", "no", "false", "0"}


@dataclass
class RowError:
    """A row that was not loaded: its number as a spreadsheet user sees it, column, reason."""

    row: int
    field: str | None
    reason: str
    path: str = ""

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", column {self.field}" if self.field else "")
        return f"{self.path} ({where}): {self.reason}" if self.path else f"{where}: {self.reason}"


@dataclass
class EpisodeRow:
    """One missing episode (FORMATS.md section 1), typed."""

    row: int
    episode_id: str
    child_id: str
    reported_missing_at: dt.datetime
    child_name: str | None = None
    dob: dt.date | None = None
    gender: str | None = None
    returned_at: dt.datetime | None = None
    missing_from: str | None = None
    found_at: str | None = None
    risk_level: str | None = None
    looked_after: bool | None = None
    responsible_la: str | None = None
    host_la: str | None = None
    home_force: str | None = None
    host_force: str | None = None
    rhi_offered_at: dt.datetime | None = None
    rhi_completed_at: dt.datetime | None = None
    rhi_outcome: str | None = None
    notified: dict[str, dt.datetime] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


@dataclass
class PlacementRow:
    """One placement (FORMATS.md section 2), typed."""

    row: int
    child_id: str
    placement_id: str
    start: dt.date
    placement_type: str | None = None
    address: str | None = None
    end: dt.date | None = None
    responsible_la: str | None = None
    host_la: str | None = None
    host_force: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def fold_header(header: str) -> str:
    """Header comparison key: ``" Reported Missing At "`` -> ``"reported_missing_at"``."""
    return re.sub(r"[^a-z0-9]+", "_", header.casefold()).strip("_")


def load_mapping(path: Path, *, kind: str | None = None) -> dict[str, str]:
    """Read a column-mapping file (format in the module docstring).

    With ``kind`` ("episodes" or "placements") only that table and the top-level keys are
    returned; without it, all tables merged (a header mapped two ways is an error).
    """
    path = Path(path)
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise ReadError(name, f"mapping file cannot be read ({type(err).__name__})") from None
    document = _parse_mapping(raw, path)
    if kind is not None and kind not in COLUMNS:
        raise ReadError(name, f"unknown kind of file: expected one of {', '.join(COLUMNS)}")
    merged: dict[str, str] = {}
    tables = [("", {k: v for k, v in document.items() if not isinstance(v, dict)})]
    tables += [(k, v) for k, v in document.items() if isinstance(v, dict)]
    for table, entries in tables:
        if table and table not in COLUMNS:
            raise ReadError(name, f"unknown table: expected one of {', '.join(COLUMNS)}",
                            where=f"[{table}]")
        if kind is not None and table not in ("", kind):
            continue
        allowed = COLUMNS[table] if table else EPISODE_COLUMNS + PLACEMENT_COLUMNS
        for header, target in entries.items():
            where = f"[{table}] {header}" if table else header
            if not isinstance(target, str) or target.strip() not in allowed:
                raise ReadError(name, "maps to an unknown column: expected one of "
                                      + ", ".join(allowed), where=where)
            key = fold_header(header)
            if merged.get(key, target.strip()) != target.strip():
                raise ReadError(name, "header is mapped to two different columns", where=where)
            merged[key] = target.strip()
    return merged


def _parse_mapping(raw: bytes, path: Path) -> dict:
    name = str(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            import yaml  # type: ignore[import-untyped]
        except ImportError:
            raise ReadError(name, "YAML mapping files need PyYAML, which is not installed; "
                                  "write the mapping as TOML") from None
        try:
            document = yaml.safe_load(raw.decode("utf-8-sig"))
        except (yaml.YAMLError, UnicodeDecodeError):
            raise ReadError(name, "not valid YAML") from None
    else:
        try:
            document = tomllib.loads(raw.decode("utf-8-sig"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
            raise ReadError(name, f"not valid TOML: {err}") from None
    if not isinstance(document, dict):
        raise ReadError(name, "a mapping file must map headers to columns")
    return document


def parse_episodes(rows: list[dict[str, str]], *, mapping: dict[str, str] | None = None,
                   today: dt.date | None = None, path: str = "",
                   row_numbers: Sequence[int] | None = None,
                   ) -> tuple[list[EpisodeRow], list[RowError]]:
    """Type the rows of a missing-episodes file; bad rows become :class:`RowError`."""
    table = _Table(rows, "episodes", mapping, path, row_numbers, today)
    episodes: list[EpisodeRow] = []
    first_seen: dict[str, int] = {}
    for number, values, extra in table:
        row = _Row(number, values, table.today, path)
        episode_id, child_id = row.required("episode_id"), row.required("child_id")
        reported = row.moment("reported_missing_at", required=True)
        returned = row.moment("returned_at")
        dob = row.day("dob")
        offered, completed = row.moment("rhi_offered_at"), row.moment("rhi_completed_at")
        risk = row.vocabulary("risk_level", _RISK_ALIASES, RISK_LEVELS)
        outcome = row.vocabulary("rhi_outcome", _OUTCOME_ALIASES, RHI_OUTCOMES)
        looked_after = row.yes_no("looked_after")
        notified = {column: when for column in NOTIFICATION_COLUMNS
                    if (when := row.moment(column)) is not None}
        if reported and any(when < reported for when in notified.values()):
            row.warnings.append("a notification is dated before the child was reported missing")
        if reported and returned and returned < reported:
            row.fail("returned_at", "returned before reported missing")
        if episode_id:
            key = episode_id.casefold()
            if key in first_seen:
                row.fail("episode_id", f"duplicate episode_id: first seen at row "
                                       f"{first_seen[key]}")
            else:
                first_seen[key] = number
        if (values.get("risk_level") or "").casefold().strip() in _RISK_NOTED:
            row.warnings.append("risk_level: an older grading, recorded as no apparent risk")
        if returned and completed and completed < returned:
            row.warnings.append("rhi_completed_at: before the child returned")
        if outcome == "completed" and not completed:
            row.warnings.append("rhi_outcome: completed but rhi_completed_at is blank")
        if row.errors:
            table.errors.extend(row.errors)
            continue
        assert episode_id and child_id and reported
        episodes.append(EpisodeRow(
            row=number, episode_id=episode_id, child_id=child_id, reported_missing_at=reported,
            child_name=values.get("child_name"), dob=dob, gender=values.get("gender"),
            returned_at=returned, missing_from=values.get("missing_from"),
            found_at=values.get("found_at"), risk_level=risk, looked_after=looked_after,
            responsible_la=values.get("responsible_la"), host_la=values.get("host_la"),
            home_force=values.get("home_force"), host_force=values.get("host_force"),
            rhi_offered_at=offered, rhi_completed_at=completed, rhi_outcome=outcome,
            notified=notified, extra=extra, warnings=row.warnings,
        ))
    return episodes, table.errors


def parse_placements(rows: list[dict[str, str]], *, mapping: dict[str, str] | None = None,
                     today: dt.date | None = None, path: str = "",
                     row_numbers: Sequence[int] | None = None,
                     ) -> tuple[list[PlacementRow], list[RowError]]:
    """Type the rows of a placements file; bad rows become :class:`RowError`."""
    table = _Table(rows, "placements", mapping, path, row_numbers, today)
    placements: list[PlacementRow] = []
    first_seen: dict[str, int] = {}
    for number, values, extra in table:
        row = _Row(number, values, table.today, path)
        child_id, placement_id = row.required("child_id"), row.required("placement_id")
        start, end = row.day("start", required=True), row.day("end")
        kind = row.placement_type()
        if start and end and end < start:
            row.fail("end", "placement ends before it starts")
        if placement_id:
            key = placement_id.casefold()
            if key in first_seen:
                row.fail("placement_id", f"duplicate placement_id: first seen at row "
                                         f"{first_seen[key]}")
            else:
                first_seen[key] = number
        if row.errors:
            table.errors.extend(row.errors)
            continue
        assert child_id and placement_id and start
        placements.append(PlacementRow(
            row=number, child_id=child_id, placement_id=placement_id, start=start,
            placement_type=kind, address=values.get("address"), end=end,
            responsible_la=values.get("responsible_la"), host_la=values.get("host_la"),
            host_force=values.get("host_force"), extra=extra, warnings=row.warnings,
        ))
    return placements, table.errors


def canonical_risk(value: str | None) -> str | None:
    """Police risk grading in canonical lower case, or ``None`` if not recognised.

    >>> canonical_risk("Medium"), canonical_risk("No Apparent Risk"), canonical_risk("absent")
    ('medium', 'no apparent risk', 'no apparent risk')
    """
    return _RISK_ALIASES.get(" ".join((value or "").casefold().replace("_", " ").split()))


class _Table:
    """Resolves headers to columns and yields ``(row number, values, extra)`` per row."""

    def __init__(self, rows: list[dict[str, str]], kind: str, mapping: dict[str, str] | None,
                 path: str, row_numbers: Sequence[int] | None, today: dt.date | None) -> None:
        self.rows, self.kind, self.path = rows, kind, path
        self.numbers = list(row_numbers) if row_numbers is not None else None
        self.today = today or dt.date.today()
        self.errors: list[RowError] = []
        headers = list(dict.fromkeys(h for row in rows for h in row if h != OVERFLOW))
        self.columns = _resolve(headers, kind, mapping or {}, path) if rows else {}

    def __iter__(self) -> Iterator[tuple[int, dict[str, str], dict[str, str]]]:
        for index, row in enumerate(self.rows):
            number = self.numbers[index] if self.numbers else index + 2
            if OVERFLOW in row:
                self.errors.append(RowError(number, None, "row has more cells than the header "
                                                          "(an unquoted comma?)", self.path))
                continue
            values: dict[str, str] = {}
            extra: dict[str, str] = {}
            for header, raw in row.items():
                value = clean(raw)
                column = self.columns.get(header)
                if column and value:
                    values[column] = value
                elif not column and value:
                    extra[header] = value
            if values or extra:
                yield number, values, extra


def _resolve(headers: list[str], kind: str, mapping: dict[str, str], path: str
             ) -> dict[str, str]:
    columns = COLUMNS[kind]
    required = EPISODE_REQUIRED if kind == "episodes" else PLACEMENT_REQUIRED
    folded_mapping = {fold_header(k): v for k, v in mapping.items()}
    resolved: dict[str, str] = {}
    for header in headers:
        key = fold_header(header)
        column = folded_mapping.get(key, key)
        if column not in columns:
            continue
        if column in resolved.values():
            raise ReadError(path, f"two columns are both {column}", where=f"column {header}")
        resolved[header] = column
    missing = [c for c in required if c not in resolved.values()]
    if missing:
        raise ReadError(path, f"not a {kind} file: missing required column(s) "
                              f"{', '.join(missing)} (map other headers with a mapping file)",
                        where="header row")
    return resolved


class _Row:
    """Typing helpers for one row; collects the row's errors instead of raising."""

    def __init__(self, number: int, values: dict[str, str], today: dt.date, path: str
                 ) -> None:
        self.number, self.values, self.today, self.path = number, values, today, path
        self.errors: list[RowError] = []
        self.warnings: list[str] = []

    def fail(self, column: str | None, reason: str) -> None:
        self.errors.append(RowError(self.number, column, reason, self.path))

    def required(self, column: str) -> str | None:
        value = self.values.get(column)
        if not value:
            self.fail(column, f"{column} is blank")
        return value

    def moment(self, column: str, *, required: bool = False) -> dt.datetime | None:
        value = self.values.get(column)
        if not value:
            if required:
                self.fail(column, f"{column} is blank")
            return None
        try:
            moment = parse_when(value).value
        except InvalidValue as err:
            self.fail(column, str(err))
            return None
        assert moment is not None
        if moment.date() > self.today:
            self.fail(column, "date is in the future")
            return None
        return moment

    def day(self, column: str, *, required: bool = False) -> dt.date | None:
        moment = self.moment(column, required=required)
        return moment.date() if moment else None

    def vocabulary(self, column: str, aliases: dict[str, str], allowed: tuple[str, ...]
                   ) -> str | None:
        value = self.values.get(column)
        if not value:
            return None
        folded = " ".join(re.sub(r"[_\-/()]+", " ", value.casefold()).split())
        if folded.replace(" ", "_") in allowed:
            return folded.replace(" ", "_")
        if folded in aliases:
            return aliases[folded]
        self.fail(column, f"not a recognised {column}: expected one of {', '.join(allowed)}")
        return None

    def yes_no(self, column: str) -> bool | None:
        value = (self.values.get(column) or "").casefold().strip()
        if not value:
            return None
        if value in _YES:
            return True
        if value in _NO:
            return False
        self.fail(column, f"{column} must be Y or N")
        return None

    def placement_type(self) -> str | None:
        value = self.values.get("placement_type")
        if not value:
            return None
        kind = canonical_placement_type(value)
        if kind is None:
            self.fail("placement_type", "not a recognised placement_type: expected one of "
                                        + ", ".join(PLACEMENT_TYPES))
        return kind


def canonical_placement_type(value: str) -> str | None:
    """Placement type in canonical form, or ``None``.

    >>> canonical_placement_type("Children's home (private)")
    'childrens_home_private'
    >>> canonical_placement_type("Foster care")
    'foster'
    """
    folded = fold_header(value.replace("'", "").replace("\u2019", ""))
    if folded in PLACEMENT_TYPES:
        return folded
    words = set(folded.split("_"))
    if "foster" in words or "connected" in words or "kinship" in words:
        return "foster"
    if "secure" in words:
        return "secure"
    if "supported" in words or {"semi", "independent"} <= words or "lodgings" in words:
        return "supported_accommodation"
    if "home" in words and words & {"childrens", "residential", "children"}:
        if words & {"private", "independent", "commissioned"}:
            return "childrens_home_private"
        if words & {"la", "local", "authority", "council", "public", "in"}:
            return "childrens_home_public"
        return None
    if words & {"family", "parent", "parents", "home", "relatives"}:
        return "family"
    return None
