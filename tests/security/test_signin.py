"""Sign-in protection for the admin and the portal: throttling by address and by account, session timeouts, and the
security log (signin/)."""

import datetime
import logging

import pytest
from django.contrib.sessions.backends import db as session_db
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from signin import middleware, throttle
from tests.portal.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ADMIN_SIGN_IN = "/admin/login/"
PORTAL_SIGN_IN = "/portal/sign-in/"
SIGN_IN_PAGES = [ADMIN_SIGN_IN, PORTAL_SIGN_IN]
TOO_MANY = "Too many attempts. Wait 15 minutes, then try again."
SECURITY_LOG = "support_directory.security"


def sign_in(page, username, password, address="192.0.2.1", client=None):
    return (client or Client()).post(page, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


@pytest.mark.parametrize("page", SIGN_IN_PAGES)
def test_five_failures_for_one_account_refuse_it_even_with_the_right_password(page, staff_user):
    for n in range(5):
        response = sign_in(page, staff_user.username, "wrong password", address=f"192.0.2.{n}")
        assert response.status_code == 200 and TOO_MANY not in response.content.decode()
    # Another address, another spelling of the account, the right password: still refused.
    response = sign_in(page, staff_user.username.upper(), PASSWORD, address="198.51.100.7")
    assert response.status_code == 200
    assert TOO_MANY in response.content.decode()
    assert not signed_in(response)


def test_the_portal_counts_an_email_and_its_username_as_one_account():
    user = UserFactory(username="jo", email="jo.bloggs@school.example")
    for typed in ["jo", "JO", "jo.bloggs@school.example", "Jo.Bloggs@School.Example", "jo"]:
        sign_in(PORTAL_SIGN_IN, typed, "wrong password")
    assert TOO_MANY in sign_in(PORTAL_SIGN_IN, user.email, PASSWORD, address="198.51.100.7").content.decode()


@pytest.mark.parametrize("page", SIGN_IN_PAGES)
def test_twenty_failures_from_one_address_refuse_every_account_from_it(page, staff_user):
    for n in range(20):
        sign_in(page, f"nobody{n}@school.example", "wrong password")
    assert TOO_MANY in sign_in(page, staff_user.username, PASSWORD).content.decode()
    # The account itself is not cooling off: from elsewhere it signs in.
    assert signed_in(sign_in(page, staff_user.username, PASSWORD, address="198.51.100.7"))


@pytest.mark.parametrize("page", SIGN_IN_PAGES)
def test_the_cool_off_ends(page, staff_user, clock):
    for _ in range(5):
        sign_in(page, staff_user.username, "wrong password")
    clock(15 * 60 - 1)
    assert TOO_MANY in sign_in(page, staff_user.username, PASSWORD).content.decode()
    clock(2)
    assert signed_in(sign_in(page, staff_user.username, PASSWORD))


def test_failures_count_afresh_after_a_cool_off(staff_user, clock):
    for _ in range(5):
        sign_in(ADMIN_SIGN_IN, staff_user.username, "wrong password")
    clock(15 * 60 + 1)
    for _ in range(4):
        assert TOO_MANY not in sign_in(ADMIN_SIGN_IN, staff_user.username, "wrong password").content.decode()
    sign_in(ADMIN_SIGN_IN, staff_user.username, "wrong password")
    assert TOO_MANY in sign_in(ADMIN_SIGN_IN, staff_user.username, PASSWORD).content.decode()


@pytest.mark.parametrize("page", SIGN_IN_PAGES)
def test_signing_in_clears_the_accounts_failures(page, staff_user):
    for _ in range(4):
        sign_in(page, staff_user.username, "wrong password")
    assert signed_in(sign_in(page, staff_user.username, PASSWORD))
    for _ in range(4):
        sign_in(page, staff_user.username, "wrong password")
    assert signed_in(sign_in(page, staff_user.username, PASSWORD))


def test_empty_fields_are_not_counted(staff_user):
    for _ in range(10):
        Client().post(PORTAL_SIGN_IN, {"username": staff_user.username, "password": ""})
    assert signed_in(sign_in(PORTAL_SIGN_IN, staff_user.username, PASSWORD))


def test_the_portal_shows_the_refusal_in_its_error_summary(staff_user):
    for _ in range(5):
        sign_in(PORTAL_SIGN_IN, staff_user.username, "wrong password")
    page = sign_in(PORTAL_SIGN_IN, staff_user.username, PASSWORD).content.decode()
    assert "<title>Error: Sign in" in page
    assert "There is a problem" in page
    assert TOO_MANY in page


# ---------------------------------------------------------------------------------------------------------------------
# Sessions


def test_a_session_ends_after_30_minutes_without_a_request(staff_user, monkeypatch):
    client = Client()
    client.force_login(staff_user)
    assert client.get("/admin/").status_code == 200
    assert client.session.get_expiry_age() == 30 * 60
    later = timezone.now() + datetime.timedelta(minutes=31)
    monkeypatch.setattr(session_db.timezone, "now", lambda: later)  # the clock the session store reads
    assert client.get("/admin/")["Location"].startswith(ADMIN_SIGN_IN)


def test_each_request_keeps_the_session_alive(staff_user):
    client = Client()
    client.force_login(staff_user)
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + datetime.timedelta(minutes=1))
    client.get("/admin/")
    assert Session.objects.get(session_key=key).expire_date > timezone.now() + datetime.timedelta(minutes=29)


@pytest.mark.parametrize(("page", "signed_out_to"), [("/admin/", ADMIN_SIGN_IN), ("/portal/", PORTAL_SIGN_IN)])
def test_a_session_ends_8_hours_after_signing_in_however_busy(page, signed_out_to, staff_user, clock):
    client = Client()
    client.force_login(staff_user)
    clock(8 * 60 * 60 - 1)
    assert "_auth_user_id" in client.session
    client.get(page)
    assert "_auth_user_id" in client.session
    clock(2)
    response = client.get(page)
    assert response.status_code == 302 and response["Location"].startswith(signed_out_to)
    assert "_auth_user_id" not in client.session


def test_a_session_with_no_sign_in_time_is_ended(staff_user):
    client = Client()
    client.force_login(staff_user)
    session = client.session
    del session[middleware.SIGNED_IN_AT]
    session.save()
    assert client.get("/admin/")["Location"].startswith(ADMIN_SIGN_IN)


# ---------------------------------------------------------------------------------------------------------------------
# The security log


def security_lines(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == SECURITY_LOG]


@pytest.mark.parametrize("page", SIGN_IN_PAGES)
def test_sign_in_events_are_logged_without_passwords(page, staff_user, caplog):
    caplog.set_level(logging.INFO, logger=SECURITY_LOG)
    for _ in range(5):
        sign_in(page, staff_user.username, "wrong password")
    sign_in(page, staff_user.username, PASSWORD)
    lines = security_lines(caplog)
    assert sum(line.startswith("Sign-in failed: address 192.0.2.1") for line in lines) == 5
    assert any(line.startswith("Sign-in cool-off started") for line in lines)
    assert any(line.startswith("Sign-in refused (too many attempts)") for line in lines)

    throttle.record_success(staff_user.username)
    client = Client()
    sign_in(page, staff_user.username, PASSWORD, client=client)
    client.post("/portal/sign-out/")
    lines = security_lines(caplog)
    assert f"Sign-in succeeded: user {staff_user.pk}, address 192.0.2.1" in lines
    assert any(line.startswith(f"Signed out: user {staff_user.pk}") for line in lines)
    text = caplog.text
    assert "wrong password" not in text and PASSWORD not in text
    assert staff_user.username not in text  # only a digest of the account


def test_refused_access_is_logged(staff_user, caplog):
    caplog.set_level(logging.INFO, logger=SECURITY_LOG)
    client = Client()
    client.force_login(staff_user)  # staff, but with no permission to change designations
    assert client.get("/admin/roles/designation/").status_code == 403
    portal = client.get("/portal/")  # not a member of a teaching school
    assert portal.status_code == 403
    lines = security_lines(caplog)
    assert f"Access refused: GET /admin/roles/designation/, user {staff_user.pk}, address 127.0.0.1" in lines
    assert f"Access refused: GET /portal/, user {staff_user.pk}, address 127.0.0.1" in lines
