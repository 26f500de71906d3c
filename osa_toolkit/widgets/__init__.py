"""Thin ipywidgets forms: each holds a core record, calls the core, and shows errors in a status line."""
