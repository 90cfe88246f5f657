"""Pieces the dashboard pages share.

Pure functions over the service's rows and graphs (``explore``, ``neighbourhood``, ``geo``,
``packs``, ``profile``, ``quality``, ``uploads``, ``tables``), drawings (``network`` for
pyvis, ``charts`` for Vega-Lite), and widgets (``controls``, ``layout``). Nothing here opens
a store: :mod:`dashboard.data` reads through the service and caches, these shape and draw,
and the pages in ``app_pages/`` only call the two.
"""
