"""Review queue: pairs entity resolution was not sure about, for an analyst to decide.

Resolution (:mod:`graph.resolve`) merges what it is sure of and queues the rest, best score
first, with its reasons. Each decision is checked and audited by the service
(:meth:`~rhigraph.governance.Service.record_resolution`) before it is written to the store as a
judgement; decisions take effect when resolution next runs (the button below), and can be
undone. There is no review API in ``graph.resolve`` yet, so this page uses the store's
resolution methods directly, behind the service's permission check.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from dashboard import data
from dashboard.components import layout, tables
from rhigraph.governance import AccessDenied

SHOWN = 20

st.title("Review queue")
path, asking = data.db_path(), data.who()
if not data.policy().resolve_entities:
    st.info("Your role does not decide entity resolution.")
    st.stop()
svc = data.service(path)
store = svc.store


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def decide(candidate: dict[str, Any], same: bool) -> None:
    """Audit, then record, one decision (a button callback: runs before the page)."""
    try:
        svc.record_resolution("merge" if same else "keep_apart",
                              [candidate["left_id"], candidate["right_id"]])
    except AccessDenied as err:
        st.session_state["review_message"] = f"Not recorded: {err}."
        return
    store.add_judgement(left_id=candidate["left_id"], right_id=candidate["right_id"],
                        left_document=candidate.get("left_document") or "",
                        right_document=candidate.get("right_document") or "", same=same,
                        user=svc.user.username, at=_now(), candidate_id=int(candidate["id"]))
    st.session_state["review_message"] = (
        "Recorded: " + ("the same" if same else "different") + ". It takes effect when "
        "resolution next runs.")


def undo(judgement: dict[str, Any]) -> None:
    """Audit, then undo, one decision."""
    try:
        svc.record_resolution("undo", [judgement["left_id"], judgement["right_id"]])
    except AccessDenied as err:
        st.session_state["review_message"] = f"Not undone: {err}."
        return
    store.undo_judgement(int(judgement["id"]), user=svc.user.username, at=_now())
    st.session_state["review_message"] = "Undone: the pair is back in the queue."


last = store.last_resolution()
stale = last is None or last["fingerprint"] != store.resolution_fingerprint()
left, right = st.columns([3, 1])
left.caption(("Resolution has not run on this store yet." if last is None else
              f"Resolution last ran {tables.uk_day(last['resolved_at'])} "
              f"{str(last['resolved_at'])[11:16]} UTC.")
             + (" Records or decisions have changed since: run it to apply them."
                if stale and last is not None else ""))
if right.button("Run entity resolution", type="primary" if stale else "secondary",
                help="Resolve every person, place, vehicle, phone and handle again, with "
                     "every decision made here."):
    from graph.resolve.resolver import resolve

    with st.status("Resolving entities…", expanded=False) as status:
        result = resolve(store)
        status.update(label=f"Resolved: {result.get('clusters', 0)} entities, "
                            f"{result.get('candidates', 0)} pairs to review.", state="complete")
    data.clear()
if message := st.session_state.pop("review_message", None):
    st.success(message)

labels = {e["id"]: e for e in data.entities(path, asking)}
candidates = store.resolution_candidates("open")
st.subheader(f"{len(candidates)} {'pair' if len(candidates) == 1 else 'pairs'} to decide")
if not candidates:
    st.write("Nothing to decide.")
written: dict[tuple[str, str], list[str]] = {}
if candidates:
    wanted = sorted({c[f"{side}_document"] for c in candidates[:SHOWN]
                     for side in ("left", "right") if c.get(f"{side}_document")})
    for mention in store.document_mentions(wanted) if wanted else []:
        written.setdefault((mention["entity_id"], mention["document_id"]), []).append(
            str(mention["text"]))


def side(candidate: dict[str, Any], which: str) -> str:
    """One side of a pair as Markdown: the entity, how this record wrote it, the record."""
    entity_id, document = candidate[f"{which}_id"], candidate.get(f"{which}_document") or ""
    entity = labels.get(entity_id, {})
    forms = "; ".join(dict.fromkeys(written.get((entity_id, document), [])))
    where = f"in {layout.md(document)}" if document else "in every record"
    said = f" — written \u201c{layout.md(forms)}\u201d" if forms else ""
    return f"**{layout.md(entity.get('label') or entity_id)}**{said} {where}"


for candidate in candidates[:SHOWN]:
    with st.container(border=True):
        st.markdown(f"**{tables.type_name(candidate['type'])}** · score "
                    f"{float(candidate['score']):.2f} · "
                    + layout.md("; ".join(str(r) for r in candidate.get("reasons") or ())))
        one, other = st.columns(2)
        one.markdown(side(candidate, "left"))
        other.markdown(side(candidate, "right"))
        same, different, _ = st.columns([1, 1, 4])
        same.button("Same", key=f"same-{candidate['id']}", on_click=decide,
                    args=(candidate, True), type="primary")
        different.button("Different", key=f"different-{candidate['id']}", on_click=decide,
                         args=(candidate, False))
if len(candidates) > SHOWN:
    st.caption(f"{len(candidates) - SHOWN} more after these.")

decided = [j for j in store.judgements(active=True)][-SHOWN:]
if decided:
    st.subheader("Recent decisions")
    for judgement in reversed(decided):
        cols = st.columns([4, 1])
        ends = " and ".join(str(labels.get(judgement[k], {}).get("label") or judgement[k])
                            for k in ("left_id", "right_id"))
        cols[0].write(f"{layout.md(ends)}: {'the same' if judgement['same'] else 'different'}"
                      f" ({layout.md(judgement['user'])}, {tables.uk_day(judgement['at'])})")
        cols[1].button("Undo", key=f"undo-{judgement['id']}", on_click=undo, args=(judgement,))
