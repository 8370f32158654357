"""Scoring against the referential of the title (reads session logs only)."""
