"""The RHI manager's desk (issue 13): triage every note, find intelligence not yet shared,
draft an information-sharing form from a note, and see patterns across workers.

Every function here reads the store through the ``Store`` protocol and returns plain rows, so
the command line, the dashboard and the governance service can all call them unchanged (the
service wraps them with need-to-know checks). Only :mod:`graph.desk.confirm` writes: a
confirmed draft becomes an intelligence form.

Modules: :mod:`~graph.desk.notes` (a note as the desk reads it), :mod:`~graph.desk.context`
(the graph around the notes), :mod:`~graph.desk.concern` (who and what is "of concern"),
:mod:`~graph.desk.triage`, :mod:`~graph.desk.unshared`, :mod:`~graph.desk.draft_isf`
(with :mod:`~graph.desk.excerpts`, :mod:`~graph.desk.subjects`, :mod:`~graph.desk.grading`
and :mod:`~graph.desk.render`), :mod:`~graph.desk.state` (draft, confirmed, submitted),
:mod:`~graph.desk.confirm` and :mod:`~graph.desk.cross_worker`.
"""
