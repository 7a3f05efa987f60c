"""Writes for schools: the curators' flags for DfE's improvement offer."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.dates import long_date

from .models import School, SupportFlag

# ---------------------------------------------------------------------------------------------------------------------
# Improvement-offer flags


@transaction.atomic
def support_flag_raise(
    *, school: School, reason: str, flagged_by=None, flagged_on: datetime.date | None = None
) -> SupportFlag:
    """Flag a school for DfE's improvement offer, whatever its Ofsted rating says. One raised flag per school."""
    school = School.objects.select_for_update().get(pk=school.pk)
    support_flag_validate(school=school, reason=reason)
    flag = SupportFlag(
        school=school, reason=reason.strip(), flagged_on=flagged_on or timezone.localdate(), flagged_by=flagged_by
    )
    flag.full_clean()
    flag.save()
    return flag


def support_flag_validate(*, school: School, reason: str) -> None:
    """The rules for raising a flag, keyed by argument. Used by support_flag_raise and the admin's form."""
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = "Enter why the school should be offered improvement support"
    if school.later_status == School.LaterStatus.CLOSED:
        errors["school"] = f"{school.name} has closed: only an open school can be flagged"
    else:
        raised = SupportFlag.objects.raised().filter(school=school).first()
        if raised is not None:
            errors["school"] = (
                f"{school.name} was already flagged on {long_date(raised.flagged_on)}: clear that flag first"
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def support_flag_clear(*, flag: SupportFlag, cleared_on: datetime.date | None = None) -> SupportFlag:
    """Clear a raised flag: the school is eligible again only through its Ofsted rating. The flag is kept."""
    flag = SupportFlag.objects.select_for_update().select_related("school").get(pk=flag.pk)
    cleared_on = cleared_on or timezone.localdate()
    support_flag_clear_validate(flag=flag, cleared_on=cleared_on)
    flag.cleared_on = cleared_on
    flag.full_clean()
    flag.save(update_fields=["cleared_on"])
    return flag


def support_flag_clear_validate(*, flag: SupportFlag, cleared_on: datetime.date) -> None:
    """The rules for clearing a flag (as saved), keyed by "cleared_on". Used by support_flag_clear and the admin."""
    saved = SupportFlag.objects.filter(pk=flag.pk).values("cleared_on", "flagged_on").first()
    if saved is None:
        raise ValidationError({"cleared_on": "This flag does not exist"})
    if saved["cleared_on"] is not None:
        raise ValidationError({"cleared_on": f"This flag was already cleared on {long_date(saved['cleared_on'])}"})
    if cleared_on < saved["flagged_on"]:
        raise ValidationError(
            {"cleared_on": f"The school was flagged on {long_date(saved['flagged_on'])}: clear it then or later"}
        )
