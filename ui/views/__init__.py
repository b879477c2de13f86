"""The app's pages, registered by ``ui/app.py`` with ``st.navigation`` (why not pages/: app.py)."""
