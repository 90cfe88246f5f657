"""Meeting packs: the weekly missing meeting, the CSE mapping meeting, placement packets.

Each module is a set of pure functions over plain rows (episodes, documents, actions,
notifications, the store's aggregations), so the CLI, the dashboard and the tests compute the
same figures the same way. :mod:`graph.meetings.load` is the only module that reads a store.
"""
