import base64
import hashlib
import re

import pytest
from django.urls import reverse

INLINE_SCRIPT = re.compile(r"<script(?: type=\"module\")?>(.*?)</script>", re.DOTALL)


def policy(response) -> dict[str, str]:
    return dict(directive.strip().split(" ", 1) for directive in response["Content-Security-Policy"].split(";"))


def script_hashes(html: str) -> list[str]:
    """The CSP source expression of each inline script in a page."""
    return [
        f"'sha256-{base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()}'"
        for script in INLINE_SCRIPT.findall(html)
    ]


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
    assert csp["script-src"] == " ".join(["'self'", *script_hashes(response.content.decode())])
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
def test_the_policy_allows_exactly_the_two_inline_scripts_by_their_hashes_and_no_nonce(client):
    response = client.get(reverse("pages:home"))
    html = response.content.decode()
    hashes = script_hashes(html)
    assert len(hashes) == 2, "the js-enabled script and the module script"
    assert html.count("<script") == 2 + html.count("<script src=")
    assert policy(response)["script-src"] == " ".join(["'self'", *hashes])
    assert "nonce" not in response["Content-Security-Policy"] and "nonce=" not in html


@pytest.mark.django_db
def test_a_page_from_the_page_cache_is_sent_with_the_same_policy_and_nothing_made_for_one_request(client, settings):
    settings.DIRECTORY_PAGE_CACHE = True
    first = client.get(reverse("directory:guidance_index"))
    second = client.get(reverse("directory:guidance_index"))

    assert second.content == first.content, "the second answer came from the page cache"
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert policy(second)["script-src"] == " ".join(["'self'", *script_hashes(second.content.decode())])
    assert "nonce" not in second["Content-Security-Policy"]


@pytest.mark.django_db
def test_responses_without_a_page_have_the_same_policy(client):
    page = client.get(reverse("pages:home"))
    response = client.get(reverse("pages:healthcheck"))
    assert response["Content-Security-Policy"] == page["Content-Security-Policy"]


@pytest.mark.django_db
def test_error_pages_run_the_inline_scripts_too(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert policy(response)["script-src"] == " ".join(["'self'", *script_hashes(response.content.decode())])


@pytest.mark.django_db
def test_a_permissions_policy_turns_off_features_the_service_never_uses(client):
    features = dict(item.split("=") for item in client.get(reverse("pages:home"))["Permissions-Policy"].split(", "))
    for feature in ["camera", "geolocation", "microphone", "payment", "usb"]:
        assert features[feature] == "()"


@pytest.mark.django_db
def test_the_admin_allows_inline_styles_but_not_inline_scripts(client):
    response = client.get("/admin/login/")
    csp = policy(response)
    assert csp["style-src"] == "'self' 'unsafe-inline'"
    assert "unsafe-inline" not in csp["script-src"]
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
