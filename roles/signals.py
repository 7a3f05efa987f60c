"""Signals the roles app sends, so that apps built on roles can follow bulk writes without roles knowing about them
(bulk_create sends no per-row post_save)."""

from django.dispatch import Signal

# Sent inside the transaction, after designations (and their specialisms) were created in bulk by the CSV import,
# with designations=[Designation, ...].
designations_bulk_created = Signal()
