"""The rhigraph dashboard: Streamlit pages for the missing and CSE mapping meetings.

``app.py`` signs people in (``auth.py``) and routes, ``app_pages/`` hold the pages,
``data.py`` every read through the governance service (cached per person and role where
safe), and ``components/`` the shaping and drawing they share; ``launch.py`` starts the
server (``rhigraph dashboard``).
"""
