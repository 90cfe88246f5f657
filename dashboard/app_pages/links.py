"""Link explorer: find anyone or anything, see what links to it, follow a path, read why.

Search goes through the service (names containing the words, audited) and adds close
spellings of entities the role may see; each result is drawn as the resolved entity it
belongs to, so "Jord", "Kane" and "Jordan GARDNER" lead to one man when resolution merged
them. The network, the table of links and the path are pure functions of the links around
what is shown (:mod:`dashboard.components.explore`), read through the service entity by
entity, never the whole window; the words behind a link are read one link at a time
through the service, only where the role may read them, and never cached.
"""

from __future__ import annotations

import html
from typing import Any

import streamlit as st

from dashboard import data
from dashboard.components import explore, layout, tables
from rhigraph.governance.audit import MAX_TERM

MAX_SNIPPETS = 8

st.title("Link explorer")
window, filters = layout.sidebar_filters()
path, asking = data.db_path(), data.who()
facts = data.sees_facts(asking)
policy = data.policy()
professionals = False
if facts:
    with st.sidebar:
        professionals = st.toggle("Show professionals", key="explore_professionals",
                                  help="Social workers, police officers and other "
                                       "professionals named in the records are left out "
                                       "unless this is on.")

read = data.explore_reader(path, asking, filters)


def search(label: str, key: str) -> dict[str, Any] | None:
    """A search box and the result chosen (the first by default). Only the entities that
    could match are read, and the links around them, so a search takes as long on a big
    store as on a small one."""
    term = st.text_input(label, key=key, max_chars=MAX_TERM,
                         placeholder="a name, nickname, street, plate, phone or handle")
    if not term.strip():
        return None
    svc = data.service(path)
    with layout.governed():
        found = svc.search(term)
        names = svc.spellings(term)
    results = explore.found(term, found, names, read)
    if not results:
        st.info("Nothing the records link to matches that. Try part of the name, or another "
                "spelling.")
        return None
    by_id = {r["entity_id"]: r for r in results}
    chosen = st.selectbox(f"{len(results)} found", list(by_id), key=f"{key}_choice",
                          format_func=lambda i: tables.result_text(by_id[i]))
    documents = [f for f in found if f.get("kind") == "document"]
    if documents:
        with st.expander(f"Records whose text contains the words ({len(documents)})"):
            layout.table(tables.document_frame(documents), key=f"{key}_documents")
    return by_id[chosen]


if not facts:
    st.caption("Your role sees places and pseudonymous children only: search for a place.")
focus = search("Search", "explore_term")
if focus is None:
    st.stop()

node = focus["entity_id"]
label = focus["label"]
expanded = st.session_state.get(f"explore_expand_{node}") or []
graph, around = explore.ego_graph(read, [node, *expanded])
children = explore.children_linked(graph, node)
st.subheader(f"Children linked to {layout.md(label)}")
if focus["also"]:
    st.caption("Also written as (merged by entity resolution): "
               + layout.md("; ".join(focus["also"])))
if children:
    layout.table(tables.children_frame(children, names=facts), key="explore_children")
else:
    st.write("No child is linked directly in this window.")

neighbours = explore.neighbour_rows(graph, node)
expand = st.multiselect("Expand from", [r["entity_id"] for r in neighbours],
                        key=f"explore_expand_{node}",
                        format_func=lambda i: str(graph.nodes[i].get("label", i)),
                        help="Add what these are linked to, to the network.")
view, left_out = explore.neighbourhood(graph, node, expand, professionals=professionals)
st.subheader("Network")
kinds = ", ".join(f"{n} {tables.type_name(t)}"
                  for t, n in sorted(explore.counts_by_type(view).items()))
st.caption(f"{view.number_of_nodes()} things ({kinds})."
           + (f" {left_out} with the fewest records left out." if left_out else "")
           + " Hover for details; drag to move; scroll to zoom.")
st.iframe(data.network_page(view, 620, (node,)), height=700,
          alt=f"Network of {label} and what it is linked to")

st.subheader(f"What {layout.md(label)} is linked to")
layout.table(tables.neighbour_frame(neighbours), key="explore_neighbours")

st.subheader("Why: the records behind a link")
if not neighbours:
    st.write("Nothing to show.")
else:
    other = st.selectbox("Link to", [r["entity_id"] for r in neighbours], key=f"why_{node}",
                         format_func=lambda i: str(graph.nodes[i].get("label", i)))
    support = explore.supporting_links(around, node, other)
    layout.table(tables.support_frame(support, graph), key="explore_support")
    kinds_of = data.service(path).document_kinds(
        [s["document_id"] for s in support]) if facts and support else {}
    readable = [s for s in support if s.get("id") is not None and s.get("start") is not None
                and policy.reads_snippet(kinds_of.get(s["document_id"]))
                and s.get("handling_code") not in policy.withheld_handling_codes]
    if not facts or not policy.snippet_kinds:
        st.caption("Your role does not read the words of the records.")
    elif readable and st.toggle(f"Show the words ({min(len(readable), MAX_SNIPPETS)} of "
                                f"{len(readable)})", key=f"why_words_{node}_{other}"):
        svc = data.service(path)
        for link in readable[:MAX_SNIPPETS]:
            with layout.governed():
                snippet = svc.snippet(int(link["id"]))
            if not snippet or not snippet.get("text"):
                continue
            text, (start, end) = snippet["text"], snippet["highlight"]
            st.caption(f"{layout.md(snippet['document_id'])} · "
                       f"{tables.uk_day(link.get('observed_at'))}")
            st.html('<div class="rhigraph-snippet" style="font-size:1.1rem;line-height:1.5;'
                    'border-left:4px solid #0072B2;padding:4px 12px">'
                    f"{html.escape(text[:start])}<mark>{html.escape(text[start:end])}</mark>"
                    f"{html.escape(text[end:])}</div>")
    elif not readable:
        st.caption("None of these records has words your role may read.")

st.subheader("Path to another entity")
target = search("Path to", "explore_path_term")
if target is not None:
    if target["entity_id"] == node:
        st.write("That is the same entity.")
    else:
        with st.spinner("Looking for a path…"):
            hops, grown, why = explore.grow_path(read, node, target["entity_id"],
                                                 professionals=professionals)
        if not hops:
            st.write(f"No path between {layout.md(label)} and {layout.md(target['label'])} in "
                     f"this window{f' ({why})' if why else ''}: professionals and "
                     "organisations are not crossed.")
        else:
            st.caption(f"{len(hops)} {'hop' if len(hops) == 1 else 'hops'}; each rests on "
                       "the records listed.")
            layout.table(tables.path_frame(hops), key="explore_path")
            chain = explore.path_graph(grown, hops)
            st.iframe(data.network_page(chain, 420), height=500,
                      alt=f"Path from {label} to {target['label']}")
