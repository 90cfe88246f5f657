"""The rhigraph dashboard: Streamlit pages for the missing and CSE mapping meetings.

``app.py`` routes, ``app_pages/`` hold the pages, ``data.py`` the cached store reads and
``components/`` the pure shaping and drawing they share; ``launch.py`` starts the server.
"""
