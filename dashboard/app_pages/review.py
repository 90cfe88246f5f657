"""Review queue: pairs entity resolution was not sure about, for an analyst to decide.

Resolution (:mod:`graph.resolve`) merges what it is sure of and queues the rest, best score
first, with its reasons. Every read and decision goes through the service
(:mod:`rhigraph.governance.review`), which checks the role, writes the judgement as the
signed-in person and audits it; decisions take effect when resolution next runs (the button
below), and can be undone.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard import data
from dashboard.components import layout, tables
from graph.exc import RhigraphError

SHOWN = 20

st.title("Review queue")
path, asking = data.db_path(), data.who()
if not data.policy().resolve_entities:
    st.info("Your role does not decide entity resolution.")
    st.stop()
svc = data.service(path)


def decide(candidate: dict[str, Any], same: bool) -> None:
    """Record (and audit) one decision (a button callback: runs before the page)."""
    try:
        svc.decide_candidate(int(candidate["id"]), same=same)
    except RhigraphError as err:
        st.session_state["review_message"] = f"Not recorded: {err}."
        return
    st.session_state["review_message"] = (
        "Recorded: " + ("the same" if same else "different") + ". It takes effect when "
        "resolution next runs.")


def undo(judgement: dict[str, Any]) -> None:
    """Undo (and audit) one decision."""
    try:
        svc.undo_judgement(int(judgement["id"]))
    except RhigraphError as err:
        st.session_state["review_message"] = f"Not undone: {err}."
        return
    st.session_state["review_message"] = "Undone: the pair is back in the queue."


status = svc.resolution_status()
last, stale = status["last"], status["stale"]
left, right = st.columns([3, 1])
left.caption(("Resolution has not run on this store yet." if last is None else
              f"Resolution last ran {tables.uk_day(last['resolved_at'])} "
              f"{str(last['resolved_at'])[11:16]} UTC.")
             + (" Records or decisions have changed since: run it to apply them."
                if stale and last is not None else ""))
if right.button("Run entity resolution", type="primary" if stale else "secondary",
                help="Resolve every person, place, vehicle, phone and handle again, with "
                     "every decision made here."):
    with st.status("Resolving entities…", expanded=False) as running:
        result = svc.run_resolution()
        running.update(label=f"Resolved: {result.get('clusters', 0)} entities, "
                             f"{result.get('candidates', 0)} pairs to review.",
                       state="complete")
    data.clear()
if message := st.session_state.pop("review_message", None):
    st.success(message)

labels = {e["id"]: e for e in data.entities(path, asking)}
candidates = svc.resolution_candidates("open")
st.subheader(f"{len(candidates)} {'pair' if len(candidates) == 1 else 'pairs'} to decide")
if not candidates:
    st.write("Nothing to decide.")
written: dict[tuple[str, str], list[str]] = {}
if candidates:
    wanted = sorted({c[f"{side}_document"] for c in candidates[:SHOWN]
                     for side in ("left", "right") if c.get(f"{side}_document")})
    for mention in svc.document_mentions(wanted) if wanted else []:
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

decided = svc.judgements(active=True)[-SHOWN:]
if decided:
    st.subheader("Recent decisions")
    for judgement in reversed(decided):
        cols = st.columns([4, 1])
        ends = " and ".join(str(labels.get(judgement[k], {}).get("label") or judgement[k])
                            for k in ("left_id", "right_id"))
        cols[0].write(f"{layout.md(ends)}: {'the same' if judgement['same'] else 'different'}"
                      f" ({layout.md(judgement['user'])}, {tables.uk_day(judgement['at'])})")
        cols[1].button("Undo", key=f"undo-{judgement['id']}", on_click=undo, args=(judgement,))
