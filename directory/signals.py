"""Keep the directory listing in step when designations, leaders or schools are saved one at a time.
Bulk loaders (reference data, demo data) call directory.services.listing_rebuild() instead. Designations are
never deleted one by one, so there is no delete receiver for the listing; any save or delete of what the public
pages show makes the cached pages be built afresh (core.page_cache)."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from core.page_cache import directory_changed
from deployments.models import DeploymentKind
from roles.models import (
    AlliancePartnership,
    Capacity,
    Designation,
    FocusArea,
    Role,
    Specialism,
    SystemLeader,
    TeachingSchoolAlliance,
)
from roles.signals import designations_bulk_created
from schools.models import LocalAuthority, Region, School, SupportFlag, TeachingSchoolHubArea
from schools.signals import schools_bulk_changed

from . import services

# What the public pages show besides the listing (names, guidance, alliances, leaders' days free this term, and a
# school's eligibility for DfE's improvement offer, which a support flag gives). Saving or deleting any of these
# means every cached page is built afresh; changes to the listing itself do the same in directory.services.
SHOWN_ON_PUBLIC_PAGES = [
    AlliancePartnership,
    Capacity,
    DeploymentKind,
    Designation,
    FocusArea,
    LocalAuthority,
    Region,
    Role,
    School,
    Specialism,
    SupportFlag,
    SystemLeader,
    TeachingSchoolAlliance,
    TeachingSchoolHubArea,
]


def shown_data_changed(sender, **kwargs):
    if not kwargs.get("raw"):
        directory_changed()


for model in SHOWN_ON_PUBLIC_PAGES:
    post_save.connect(shown_data_changed, sender=model, dispatch_uid=f"directory-page-cache-save-{model.__name__}")
    post_delete.connect(shown_data_changed, sender=model, dispatch_uid=f"directory-page-cache-delete-{model.__name__}")


@receiver(post_save, sender=Designation)
def designation_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    services.listing_refresh_for_designation(instance)


@receiver(m2m_changed, sender=Designation.specialisms.through)
def designation_specialisms_changed(sender, instance, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"} and isinstance(instance, Designation):
        services.listing_refresh_for_designation(instance)


@receiver(designations_bulk_created)
def designations_imported(sender, designations, **kwargs):
    """The CSV import created designations in bulk: refresh their holders' listings (and teaching schools') at once."""
    leader_ids = {designation.leader_id for designation in designations}
    school_ids = {designation.school_id for designation in designations}
    school_ids |= {designation.teaching_school_id for designation in designations}
    services.listing_refresh(leader_ids=leader_ids - {None}, school_ids=school_ids - {None})


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
