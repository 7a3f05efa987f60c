"""Keep the directory listing in step when designations, leaders or schools are saved one at a time.
Bulk loaders (reference data, demo data) call directory.services.listing_rebuild() instead. Designations are
never deleted one by one, so there is no delete receiver."""

from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from roles.models import Designation, SystemLeader
from schools.models import School
from schools.signals import schools_bulk_changed

from . import services


@receiver(post_save, sender=Designation)
def designation_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    services.listing_refresh_for_designation(instance)


@receiver(m2m_changed, sender=Designation.specialisms.through)
def designation_specialisms_changed(sender, instance, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"} and isinstance(instance, Designation):
        services.listing_refresh_for_designation(instance)


@receiver(post_save, sender=SystemLeader)
def leader_changed(sender, instance, created, **kwargs):
    if not created and not kwargs.get("raw"):
        services.listing_refresh_for_leader(instance)


@receiver(post_save, sender=School)
def school_changed(sender, instance, created, **kwargs):
    if not created and not kwargs.get("raw"):
        services.listing_refresh_for_school(instance)


@receiver(schools_bulk_changed)
def schools_reloaded(sender, **kwargs):
    """Schools were refreshed in bulk (from GIAS): listings copy school details, so rebuild them."""
    from .options import forget_filter_options

    forget_filter_options()
    if services.Listing.objects.exists():
        services.listing_rebuild()
