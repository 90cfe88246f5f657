"""What people add to the store: ingested files, meeting actions and notifications made.

A mixin of :class:`~rhigraph.governance.service.Service`, so that ``rhigraph ingest``, the
dashboard's Ingest page, ``rhigraph actions ...`` and ``rhigraph notifications ...`` write
and read through the same gate as every other call:

- adding records (``Policy.ingest``) and recording what a meeting decided or who was told
  (``Policy.record_meetings``) are for the roles the policy names
  (:mod:`rhigraph.governance.roles`); a refusal is audited and raised;
- tracking RHI recommendations as actions reads each note's actions section, which is note
  text, so it needs the whole text of RHI notes;
- lists are shaped for the role as the meeting packs are: a PARTNER gets the partner
  version (:mod:`graph.report.redact`: children as pseudonyms, episode and document ids as
  stand-ins, no action text, owners or names);
- every call writes one audit entry with counts, ids that are references (action numbers,
  episode and child ids) and switches, never the text of an action, a note or an owner's
  name, nor the names of uploaded files (a file name may hold a child's name).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.exc import InvalidValue
from graph.meetings.sections import column
from rhigraph.governance.roles import Tier

if TYPE_CHECKING:
    from graph.store import Store
    from ingest.pipeline import IngestSummary
    from rhigraph.governance.core import Governance
    from rhigraph.governance.gate import Gate
    from rhigraph.governance.pseudonym import Pseudonyms
    from rhigraph.governance.roles import Policy

#: Every column of an action, with the kind that says what a partner version keeps
#: (:data:`graph.meetings.sections.KINDS`): the text, owner and who recorded it go.
ACTION_COLUMNS = (
    column("id", "Action", "number"), column("status", "Status"),
    column("child_id", "Child", "child"), column("episode_id", "Episode", "reference"),
    column("document_id", "RHI note", "reference"), column("text", "Action", "text"),
    column("owner", "Owner", "person"), column("due", "Due", "when"),
    column("source", "From"), column("meeting", "Meeting"),
    column("created_at", "Recorded", "when"), column("created_by", "Recorded by", "person"),
    column("closed_at", "Closed", "when"), column("closed_by", "Closed by", "person"),
    column("closure_note", "How closed", "text"),
)


def _minute(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="minutes")


class MeetingRecords:
    """``Service.ingest``, ``Service.actions`` and friends, ``Service.notifications`` and
    ``Service.record_notification``."""

    store: Store
    gate: Gate
    governance: Governance

    if TYPE_CHECKING:
        @property
        def policy(self) -> Policy: ...

        @property
        def pseudonyms(self) -> Pseudonyms: ...

    # -- ingest ------------------------------------------------------------------------------
    def ingest(self, paths: Iterable[Path], *, max_bytes: int,
               mapping: dict[str, str] | None = None,
               progress: Callable[[Path], None] | None = None,
               resolve_entities: bool = True, processes: int | None = None) -> IngestSummary:
        """Ingest every file under ``paths`` (:func:`ingest.pipeline.ingest_paths`, with
        ``processes`` extraction workers) as the acting user. Audited with the number of
        files and each outcome's count."""
        from ingest.pipeline import ingest_paths, iter_files

        files = list(iter_files(paths))
        self.gate.require(self.gate.policy().ingest, "ingest", "add records",
                          files=len(files))
        summary = ingest_paths(self.store, files, max_bytes=max_bytes, mapping=mapping,
                               progress=progress, resolve_entities=resolve_entities,
                               processes=processes)
        self.gate.record("ingest", files=len(files), **summary.as_dict())
        return summary

    # -- actions -----------------------------------------------------------------------------
    def actions(self, *, child_id: str | None = None, status: str | None = None
                ) -> list[dict[str, Any]]:
        """Meeting decisions and RHI recommendations, for a child when given, oldest first.
        A PARTNER gets the partner version (no text, owners or names; children as
        pseudonyms) and may not ask about one child by reference."""
        policy = self.gate.policy()
        target = f"Child:{child_id}" if child_id else None
        self.gate.require(policy.tier >= Tier.FACTS or child_id is None, "actions",
                          "look up one child's actions", target=target)
        rows = self._as_role_sees(ACTION_COLUMNS,
                                  self.store.actions(child_id=child_id, status=status))
        self.gate.record("actions", target=target, status=status, rows=len(rows))
        return rows

    def add_action(self, text: str, *, child_id: str | None = None,
                   episode_id: str | None = None, meeting: str | None = None,
                   owner: str | None = None, due: dt.date | None = None,
                   created_by: str | None = None, now: dt.datetime) -> int:
        """Record a meeting decision as an open action; ``created_by`` defaults to the
        acting user. Returns the action's number."""
        target = f"Child:{child_id}" if child_id else None
        self._records_meetings("action.add", target=target)
        action_id = self.store.add_action(
            text=text, created_at=now.isoformat(timespec="seconds"), child_id=child_id,
            episode_id=episode_id, meeting=meeting, owner=owner,
            due=due.isoformat() if due else None,
            created_by=created_by or self.gate.user.username)
        self.gate.record("action.add", target=target, action=action_id, episode=episode_id,
                         due=due.isoformat() if due else None)
        return action_id

    def update_action(self, action_id: int, *, owner: str | None = None,
                      due: dt.date | None = None) -> bool:
        """Give an open action an owner or a due date; ``False`` when no such open action."""
        changed = [name for name, value in (("owner", owner), ("due", due)) if value]
        self._records_meetings("action.update", action=int(action_id), changed=changed)
        done = self.store.update_action(int(action_id), owner=owner,
                                        due=due.isoformat() if due else None)
        self.gate.record("action.update", outcome="ok" if done else "not_found",
                         action=int(action_id), changed=changed)
        return done

    def close_action(self, action_id: int, *, now: dt.datetime, note: str | None = None,
                     closed_by: str | None = None) -> bool:
        """Close an open action, saying what was done; ``closed_by`` defaults to the acting
        user. ``False`` when there is no such open action."""
        self._records_meetings("action.close", action=int(action_id))
        done = self.store.close_action(int(action_id),
                                       closed_at=now.isoformat(timespec="seconds"),
                                       closed_by=closed_by or self.gate.user.username,
                                       note=note)
        self.gate.record("action.close", outcome="ok" if done else "not_found",
                         action=int(action_id), note=bool(note))
        return done

    def import_rhi_actions(self, *, now: dt.datetime, since: dt.date | None = None,
                           owner: str | None = None, due_days: int | None = None) -> int:
        """Track the recommendations of RHI notes dated on or after ``since`` as actions,
        each once (:func:`graph.meetings.actions.untracked`); due ``due_days`` after the
        note's date when given. Reads the notes' actions section, so needs the whole text
        of RHI notes. Returns how many were added."""
        from graph.meetings.actions import recommendations, untracked
        from graph.types.dates import parse_date

        policy = self.gate.policy()
        query = {"since": since.isoformat() if since else None, "due_days": due_days}
        self.gate.require(policy.record_meetings and policy.reads_full_text("rhi_note"),
                          "action.import_rhi", "track recommendations read from RHI notes",
                          **query)
        first = since.isoformat() if since else ""
        notes = [n for n in self.store.documents("rhi_note")
                 if str(n.get("date") or "") >= first]
        new = untracked(recommendations(notes), self.store.actions())
        for rec in new:
            due = None
            if due_days is not None and rec.get("date"):
                due = (parse_date(str(rec["date"])) + dt.timedelta(days=due_days)).isoformat()
            self.store.add_action(
                text=rec["text"], created_at=now.isoformat(timespec="seconds"),
                child_id=rec.get("child_id"), episode_id=rec.get("episode_id"), source="rhi",
                document_id=rec.get("document_id"), owner=owner, due=due,
                created_by=self.gate.user.username)
        self.gate.record("action.import_rhi", notes=len(notes), rows=len(new), **query)
        return len(new)

    # -- notifications -----------------------------------------------------------------------
    def notifications(self, as_of: dt.datetime, *, episode_id: str | None = None,
                      status: str | None = None) -> list[dict[str, Any]]:
        """Every notification out-of-area episodes need at ``as_of``, with its status
        (:func:`graph.meetings.notifications.status`), optionally of one episode or status.
        A PARTNER gets the partner version (children as pseudonyms, episode ids as
        stand-ins) and may not ask about one episode by reference."""
        from graph.meetings import notifications as notices
        from graph.meetings.common import NOTIFICATION_COLUMNS
        from graph.meetings.load import episodes

        policy = self.gate.policy()
        query = {"episode": episode_id, "status": status, "as_of": _minute(as_of)}
        self.gate.require(policy.tier >= Tier.FACTS or episode_id is None, "notifications",
                          "look up one episode's notifications", **query)
        views = [e for e in episodes(self.store) if e.out_of_area
                 and (episode_id is None or e.episode_id == episode_id)]
        by_episode = notices.ByEpisode(self.store.notifications(),
                                       self.store.documents("rhi_note"))
        rows = [r for e in views for r in by_episode.status(e, as_of)
                if status is None or r["status"] == status]
        rows = self._as_role_sees(NOTIFICATION_COLUMNS, rows)
        self.gate.record("notifications", rows=len(rows), **query)
        return rows

    def record_notification(self, episode_id: str, *, body_role: str, about: str,
                            notified_at: dt.datetime, now: dt.datetime,
                            recorded_by: str | None = None, note: str | None = None
                            ) -> dict[str, Any]:
        """Record that the body in ``body_role`` of an episode was told of it (``about``
        ``missing``) or of its RHI (``rhi``); ``recorded_by`` defaults to the acting user.
        Returns the record's id and the body's name."""
        from graph.meetings.load import episodes
        from graph.meetings.notifications import ABOUT, BODY_ROLES

        if body_role not in BODY_ROLES or about not in ABOUT:
            raise InvalidValue(f"body must be one of {', '.join(BODY_ROLES)} and about one"
                               f" of {', '.join(ABOUT)}")
        query = {"about": about, "body_role": body_role}
        self._records_meetings("notification.record", target=episode_id, **query)
        episode = next((e for e in episodes(self.store) if e.episode_id == episode_id), None)
        if episode is None:
            self.gate.record("notification.record", target=episode_id, outcome="not_found",
                             **query)
            raise InvalidValue(f"no episode {episode_id} in the store")
        body = {"responsible_la": episode.responsible_la, "host_la": episode.living_in,
                "home_force": episode.home_force}[body_role]
        record_id = self.store.record_notification(
            episode_id=episode_id, about=about, body_role=body_role, body=body,
            notified_at=_minute(notified_at), recorded_at=now.isoformat(timespec="seconds"),
            recorded_by=recorded_by or self.gate.user.username, note=note)
        self.gate.record("notification.record", target=episode_id, record=record_id,
                         notified_at=_minute(notified_at), **query)
        return {"id": record_id, "body": body}

    # -- shared ------------------------------------------------------------------------------
    def _records_meetings(self, action: str, /, *, target: str | None = None,
                          **query: Any) -> None:
        self.gate.require(self.gate.policy().record_meetings, action,
                          "record meeting actions or notifications", target=target, **query)

    def _as_role_sees(self, columns: Sequence[Mapping[str, str]],
                      rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """``rows`` unchanged for a role that sees facts; for one that does not, cut to
        ``columns`` and redacted as a partner pack's table is."""
        from graph.meetings.sections import table
        from graph.report.redact import redact, redaction_for

        redaction = redaction_for(self.policy, self.pseudonyms)
        if redaction is None:
            return [dict(r) for r in rows]
        pack = {"title": "", "sections": [table("rows", "", columns, rows)]}
        return list(redact(pack, redaction)["sections"][0]["rows"])
