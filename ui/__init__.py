"""Streamlit-side helpers (the only package besides app_pages/ that imports streamlit)."""
