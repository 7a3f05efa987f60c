"""The range of dates people may enter for designations, placements and deployments (core.dates): from 1 January
2000 to 5 years from today, refused with a message by full_clean(), and within fixed bounds in the database."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core import dates
from deployments.models import Deployment, NegotiationRecord, PupilPremiumReviewStage
from roles.models import Designation
from tests.factories import DesignationFactory, SLEDesignationFactory
from tests.portal.conftest import place
from tests.portal.factories import TeachingSchoolFactory

pytestmark = pytest.mark.django_db

FAR_FUTURE = datetime.date(9999, 12, 31)


def test_the_range_runs_from_2000_to_five_years_from_today():
    today = timezone.localdate()
    assert dates.latest(today) == today.replace(year=today.year + 5)
    assert dates.latest(datetime.date(2028, 2, 29)) == datetime.date(2033, 2, 28)
    assert dates.range_message("Date designated") == (
        f"Date designated must be between 1 January 2000 and {dates.long_date(dates.latest())}"
    )
    dates.in_range(datetime.date(2000, 1, 1))
    dates.in_range(dates.latest())
    dates.in_range(None)
    for outside in [datetime.date(1999, 12, 31), dates.latest() + datetime.timedelta(days=1), FAR_FUTURE]:
        with pytest.raises(ValidationError):
            dates.in_range(outside)


@pytest.mark.parametrize("field", ["designated_on", "review_due", "ended_on", "paused_on"])
def test_full_clean_refuses_a_designation_date_out_of_range(field):
    designation = DesignationFactory(designated_on=datetime.date(2022, 9, 1), review_due=None)
    values = {
        "designated_on": {"designated_on": datetime.date(1999, 12, 31)},
        "review_due": {"review_due": FAR_FUTURE},
        "ended_on": {"ended_on": FAR_FUTURE, "end_reason": Designation.EndReason.LAPSED},
        "paused_on": {"paused_on": dates.latest() + datetime.timedelta(days=1), "pause_reason": "Leave"},
    }[field]
    for name, value in values.items():
        setattr(designation, name, value)
    with pytest.raises(ValidationError) as raised:
        designation.full_clean()
    assert raised.value.message_dict[field] == [dates.range_message()]


@pytest.mark.parametrize(
    "values",
    [
        {"designated_on": datetime.date(1999, 12, 31)},
        {"review_due": FAR_FUTURE},
        {"ended_on": FAR_FUTURE, "end_reason": Designation.EndReason.LAPSED},
    ],
)
def test_the_database_refuses_a_designation_date_beyond_its_fixed_bounds(values):
    designation = DesignationFactory(designated_on=datetime.date(2022, 9, 1), review_due=None)
    with pytest.raises(IntegrityError, match="designation_dates_in_range"), transaction.atomic():
        Designation.objects.filter(pk=designation.pk).update(**values)


def test_a_deployment_its_negotiation_and_review_stages_keep_to_the_range_too():
    sle = SLEDesignationFactory(teaching_school=TeachingSchoolFactory())
    placement = place(sle)

    placement.requested_on = FAR_FUTURE
    with pytest.raises(ValidationError) as raised:
        placement.full_clean()
    assert raised.value.message_dict["requested_on"] == [dates.range_message()]

    for model, values, constraint in [
        (Deployment, {"requested_on": datetime.date(1999, 12, 31)}, "deployment_dates_in_range"),
        (NegotiationRecord, {"recorded_on": FAR_FUTURE}, "negotiation_date_in_range"),
        (PupilPremiumReviewStage, {"scheduled_on": FAR_FUTURE}, "review_stage_dates_in_range"),
    ]:
        with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
            if model is Deployment:
                Deployment.objects.filter(pk=placement.pk).update(**values)
            elif model is NegotiationRecord:
                NegotiationRecord.objects.create(
                    deployment=placement, kind="proposal", proposed_by="teaching_school", **values
                )
            else:
                PupilPremiumReviewStage.objects.create(deployment=placement, stage="review", **values)


def test_long_dates_and_moments_are_written_as_gov_uk_writes_them_in_the_services_time_zone():
    import datetime as dt
    from zoneinfo import ZoneInfo

    from django.template import Context, Template

    from core.dates import long_date, long_date_time

    summer_evening_utc = dt.datetime(2026, 6, 30, 23, 30, tzinfo=ZoneInfo("UTC"))  # 00:30 on 1 July in London
    assert long_date(summer_evening_utc) == "1 July 2026"
    assert long_date_time(summer_evening_utc) == "1 July 2026, 12:30am"
    assert long_date_time(dt.datetime(2026, 12, 5, 15, 4, tzinfo=ZoneInfo("UTC"))) == "5 December 2026, 3:04pm"
    page = Template(
        "{% load dates %}{{ day|long_date }}|{{ none|long_date|default:'Not set' }}|{{ moment|long_date_time }}"
    )
    assert page.render(Context({"day": dt.date(2026, 3, 1), "none": None, "moment": summer_evening_utc})) == (
        "1 March 2026|Not set|1 July 2026, 12:30am"
    )


def test_short_dates_read_as_django_wrote_them_in_tables_whatever_the_locale():
    import datetime as dt
    import locale
    from zoneinfo import ZoneInfo

    from django.template import Context, Template
    from django.template.defaultfilters import date

    from core.dates import short_date

    days = [dt.date(2026, month, 1 + month) for month in range(1, 13)]
    assert [short_date(day) for day in days] == [date(day, "j M Y") for day in days]
    assert short_date(dt.date(2026, 9, 5)) == "5 Sep 2026"
    assert short_date(dt.datetime(2026, 6, 30, 23, 30, tzinfo=ZoneInfo("UTC"))) == "1 Jul 2026"  # in London
    kept = locale.setlocale(locale.LC_TIME)
    try:
        locale.setlocale(locale.LC_TIME, "C.UTF-8")
        assert short_date(dt.date(2026, 12, 5)) == "5 Dec 2026"
    finally:
        locale.setlocale(locale.LC_TIME, kept)
    page = Template("{% load dates %}{{ day|short_date }}|{{ none|short_date|default:'–' }}")
    assert page.render(Context({"day": dt.date(2026, 3, 1), "none": None})) == "1 Mar 2026|–"
