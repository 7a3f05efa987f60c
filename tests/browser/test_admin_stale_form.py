"""Two curators in two browsers open one designation; the first saves, then the second: the second is told, in the
page, that someone else changed it, and the first's change stays. The hidden version field travels as a browser
sends it."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from roles.models import Designation
from tests.concurrency import session_key_for
from tests.factories import DesignationFactory

from .conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(browser, live_server, user):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": session_key_for(user), "url": live_server.url}
    context.add_cookies([cookie])
    return context.new_page()


def test_the_second_curator_is_told_and_the_first_change_stays(browser, live_server):
    users = [get_user_model().objects.create_superuser(f"curator{n}", f"c{n}@education.gov.uk") for n in range(2)]
    designation = DesignationFactory(review_due=datetime.date(2027, 9, 1))
    first, second = (signed_in(browser, live_server, user) for user in users)
    url = live_server.url + reverse("admin:roles_designation_change", args=[designation.pk])
    first.goto(url)
    second.goto(url)

    first.fill("#id_review_due", "2028-01-31")
    first.click("input[name=_save]")
    first.wait_for_url("**/designation/")
    second.fill("#id_designated_on", "2022-10-03")
    second.click("input[name=_save]")

    error = second.locator(".errorlist.nonfield")
    assert "Someone else changed this designation at" in error.inner_text()
    assert "Your changes were not saved. Reload to see theirs." in error.inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    second.screenshot(path=str(SCREENSHOTS / "admin-stale-form.png"), full_page=True)
    designation = Designation.objects.get(pk=designation.pk)
    assert (designation.review_due, designation.designated_on) == (
        datetime.date(2028, 1, 31),
        datetime.date(2022, 9, 1),
    )
