import json
from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse


@pytest.mark.django_db
def test_the_health_check_answers_ok_when_the_database_answers(client):
    response = client.get(reverse("pages:healthcheck"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"status": "OK", "database": "OK"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_health_check_is_never_served_from_the_page_cache(client, settings):
    settings.DIRECTORY_PAGE_CACHE = True
    client.get(reverse("pages:healthcheck"))
    with mock.patch("pages.views.connection.cursor", side_effect=OperationalError("connection refused")):
        response = client.get(reverse("pages:healthcheck"))
    assert response.status_code == 503


@pytest.mark.django_db
def test_the_health_check_answers_503_when_the_database_does_not(client, caplog):
    with mock.patch("pages.views.connection.cursor", side_effect=OperationalError("connection refused")):
        response = client.get(reverse("pages:healthcheck"))
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "unavailable", "database": "unreachable"}
    assert "connection refused" not in response.content.decode()
    assert "Health check: the database did not answer" in caplog.text


def test_the_health_check_is_exempt_from_the_https_redirect(production_security):
    import re

    assert any(re.search(pattern, "healthcheck/") for pattern in production_security.SECURE_REDIRECT_EXEMPT)
