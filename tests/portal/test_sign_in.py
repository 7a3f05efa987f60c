"""Signing in to the portal (not the admin) with an email address and password, and signing out."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.portal.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGN_IN = "/portal/sign-in/"


def test_the_sign_in_page_is_a_gov_uk_page():
    page = Client().get(SIGN_IN).content.decode()
    assert "<title>Sign in – Find school-to-school support – GOV.UK</title>" in page
    assert 'autocomplete="current-password"' in page
    assert "csrfmiddlewaretoken" in page


@pytest.mark.parametrize("typed", ["staff-a@school.example", "Staff-A@School.Example"])
def test_a_teaching_school_user_signs_in_with_their_email_address(a, typed):
    client = Client()
    response = client.post(SIGN_IN, {"username": typed, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:dashboard")
    assert a.school.name in client.get(reverse("portal:dashboard")).content.decode()


def test_a_user_whose_username_is_not_their_email_signs_in_with_either(a):
    user = UserFactory(username="jo", email="jo.bloggs@school.example")
    for typed in ("jo", "jo.bloggs@school.example"):
        client = Client()
        assert client.post(SIGN_IN, {"username": typed, "password": PASSWORD}).status_code == 302
        assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.parametrize(
    ("username", "password"),
    [("staff-a@school.example", "wrong password"), ("nobody@school.example", PASSWORD)],
)
def test_a_wrong_email_or_password_gets_one_generic_message(a, username, password):
    response = Client().post(SIGN_IN, {"username": username, "password": password})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Sign in" in page
    assert "There is a problem" in page
    assert page.count("Enter a correct email address and password") == 2  # summary and field
    assert 'href="#id_username"' in page


def test_an_inactive_user_cannot_sign_in(a):
    a.user.is_active = False
    a.user.save()
    response = Client().post(SIGN_IN, {"username": a.user.email, "password": PASSWORD})
    assert "Enter a correct email address and password" in response.content.decode()


def test_empty_fields_are_asked_for():
    response = Client().post(SIGN_IN, {"username": "", "password": ""})
    assert response.context["form"].errors == {
        "username": ["Enter your email address"],
        "password": ["Enter your password"],
    }


def test_signing_in_returns_to_the_portal_page_asked_for(a):
    response = Client().post(
        f"{SIGN_IN}?next=/portal/placements/",
        {"username": a.user.email, "password": PASSWORD, "next": "/portal/placements/"},
    )
    assert response["Location"] == "/portal/placements/"


@pytest.mark.parametrize("next_url", ["/admin/", "https://evil.example/portal/", "//evil.example/", "/portal/sign-in/"])
def test_signing_in_never_leaves_the_portal(a, next_url):
    response = Client().post(SIGN_IN, {"username": a.user.email, "password": PASSWORD, "next": next_url})
    assert response["Location"] == reverse("portal:dashboard")


def test_sign_out_is_post_only_and_returns_to_sign_in(client_a):
    assert client_a.get(reverse("portal:sign_out")).status_code == 405
    assert client_a.get(reverse("portal:dashboard")).status_code == 200

    response = client_a.post(reverse("portal:sign_out"), follow=True)

    assert response.redirect_chain[-1][0] == SIGN_IN
    assert "You have signed out" in response.content.decode()
    assert client_a.get(reverse("portal:dashboard")).status_code == 302


def test_portal_sign_in_does_not_let_a_teaching_school_user_into_the_admin(client_a):
    response = client_a.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
