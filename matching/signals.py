"""The public pages show leaders' days free this term: a capacity saved or deleted makes the cached pages be built
afresh (core.page_cache), as directory.signals does for what those pages show."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core.page_cache import directory_changed

from .models import Capacity


@receiver(post_save, sender=Capacity, dispatch_uid="matching-page-cache-save-capacity")
@receiver(post_delete, sender=Capacity, dispatch_uid="matching-page-cache-delete-capacity")
def capacity_changed(sender, **kwargs):
    if not kwargs.get("raw"):
        directory_changed()
