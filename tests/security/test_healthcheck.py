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
    assert json.loads(response.content) == {"status": "OK", "database": "OK", "cache": "OK"}
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
    assert json.loads(response.content) == {"status": "unavailable", "database": "unreachable", "cache": "OK"}
    assert "connection refused" not in response.content.decode()
    assert "Health check: the database did not answer" in caplog.text


@pytest.mark.django_db
def test_the_health_check_answers_503_when_the_cache_does_not(client, caplog):
    with mock.patch("pages.views.cache.set", side_effect=ConnectionError("Error 111 connecting to 127.0.0.1")):
        response = client.get(reverse("pages:healthcheck"))
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "unavailable", "database": "OK", "cache": "unreachable"}
    assert "Error 111" not in response.content.decode()
    assert "Health check: the cache did not answer" in caplog.text


@pytest.mark.django_db
def test_the_health_check_answers_503_when_the_cache_keeps_nothing(client, caplog):
    with mock.patch("pages.views.cache.get", return_value=None):
        response = client.get(reverse("pages:healthcheck"))
    assert response.status_code == 503
    assert json.loads(response.content)["cache"] == "unreachable"
    assert "Health check: the cache did not keep a value" in caplog.text


def test_the_health_check_is_exempt_from_the_https_redirect(production_security):
    import re

    assert any(re.search(pattern, "healthcheck/") for pattern in production_security.SECURE_REDIRECT_EXEMPT)
