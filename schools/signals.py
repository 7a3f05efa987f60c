"""Signals the schools app sends, so that apps built on schools can follow bulk changes without the
schools app knowing about them (bulk writes send no per-row post_save)."""

from django.dispatch import Signal

# Sent after a bulk load has committed changes to schools (their details, area or hub area).
schools_bulk_changed = Signal()
