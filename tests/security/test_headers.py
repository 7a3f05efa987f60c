import re

import pytest
from django.urls import reverse

SCRIPT_NONCE = re.compile(r'<script(?: type="module")? nonce="([^"]*)">')


def policy(response) -> dict[str, str]:
    return dict(directive.strip().split(" ", 1) for directive in response["Content-Security-Policy"].split(";"))


def header_nonce(response) -> str:
    return re.search(r"'nonce-([^']+)'", policy(response)["script-src"]).group(1)


@pytest.mark.django_db
def test_a_public_page_sends_every_security_header(client, production_security):
    response = client.get(reverse("pages:home"), secure=True)

    assert response.status_code == 200
    hsts = response["Strict-Transport-Security"]
    assert int(re.search(r"max-age=(\d+)", hsts).group(1)) >= 365 * 24 * 60 * 60
    assert "includeSubDomains" in hsts
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    csp = policy(response)
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == f"'self' 'nonce-{header_nonce(response)}'"
    assert csp["style-src"] == "'self'"
    assert csp["img-src"] == "'self' data:"
    assert csp["font-src"] == "'self'"
    assert csp["object-src"] == "'none'"
    assert csp["base-uri"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["form-action"] == "'self'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https(client, production_security):
    response = client.get(reverse("pages:home"))
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


@pytest.mark.django_db
def test_the_inline_scripts_carry_the_nonce_of_the_header_and_it_changes_every_request(client):
    nonces = []
    for _ in range(2):
        response = client.get(reverse("pages:home"))
        html = response.content.decode()
        in_page = SCRIPT_NONCE.findall(html)
        assert len(in_page) == 2, "the js-enabled script and the module script"
        assert set(in_page) == {header_nonce(response)}
        assert len(in_page[0]) >= 22
        assert html.count("<script") == 2 + html.count("<script src=")
        nonces.append(in_page[0])
    assert nonces[0] != nonces[1]


@pytest.mark.django_db
def test_a_page_from_the_page_cache_is_sent_with_the_nonce_it_was_rendered_with(client, settings):
    settings.DIRECTORY_PAGE_CACHE = True
    first = client.get(reverse("directory:guidance_index"))
    second = client.get(reverse("directory:guidance_index"))

    assert second.content == first.content, "the second answer came from the page cache"
    assert SCRIPT_NONCE.findall(second.content.decode())[0] == header_nonce(second) == header_nonce(first)
    settings.DIRECTORY_PAGE_CACHE = False
    third = client.get(reverse("directory:guidance_index"))
    assert header_nonce(third) != header_nonce(first)


@pytest.mark.django_db
def test_responses_without_a_rendered_page_have_no_nonce(client):
    response = client.get(reverse("pages:healthcheck"))
    assert policy(response)["script-src"] == "'self'"


@pytest.mark.django_db
def test_the_admin_allows_inline_styles_but_not_inline_scripts(client):
    response = client.get("/admin/login/")
    csp = policy(response)
    assert csp["style-src"] == "'self' 'unsafe-inline'"
    assert csp["script-src"] == "'self'"
    assert csp["object-src"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"


@pytest.mark.django_db
def test_cookies_are_secure_httponly_and_samesite(client, production_security, django_user_model):
    django_user_model.objects.create_user(username="curator", password="a long enough password", is_staff=True)
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "curator", "password": "a long enough password"}, secure=True
    )
    assert response.status_code == 302
    for name in ("sessionid", "csrftoken"):
        cookie = response.cookies[name]
        assert cookie["secure"] is True, name
        assert cookie["httponly"] is True, name
        assert cookie["samesite"] == "Lax", name
