"""Lessons: a side panel that walks through the ideas behind the app, page by page."""
