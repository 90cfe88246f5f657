"""Pieces the dashboard pages share: pure functions over rows and graphs, and widgets.

Nothing here opens a store: :mod:`dashboard.data` loads and caches, these shape and render,
and the pages in ``app_pages/`` only call the two.
"""
