import json
import logging
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import RequestFactory

from core.log_format import JSONFormatter
from support_directory.settings.base import logging_config


def test_a_log_line_is_one_json_object_with_time_level_logger_and_message():
    record = logging.LogRecord("directory.services", logging.WARNING, __file__, 1, "rebuilt %d rows", (42,), None)
    line = JSONFormatter().format(record)

    assert "\n" not in line
    parsed = json.loads(line)
    assert parsed["level"] == "WARNING"
    assert parsed["logger"] == "directory.services"
    assert parsed["message"] == "rebuilt 42 rows"
    assert parsed["time"].endswith("+00:00")


def test_a_request_log_line_names_the_method_path_and_status():
    request = RequestFactory().get("/search/?postcode=LS6")
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/search/",), None)
    record.request = request
    record.status_code = 404
    parsed = json.loads(JSONFormatter().format(record))

    assert parsed["method"] == "GET"
    assert parsed["path"] == "/search/"
    assert parsed["status"] == 404


def test_an_exception_is_kept_inside_the_one_line():
    try:
        raise ValueError("broken")
    except ValueError:
        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "boom", (), sys.exc_info())
    line = JSONFormatter().format(record)
    assert "\n" not in line
    assert "ValueError: broken" in json.loads(line)["exception"]


def test_log_format_selects_the_formatter():
    assert logging_config("plain")["handlers"]["console"]["formatter"] == "plain"
    assert logging_config("json")["handlers"]["console"]["formatter"] == "json"
    with pytest.raises(Exception, match="LOG_FORMAT must be plain or json"):
        logging_config("xml")


@pytest.mark.parametrize(
    ("settings_module", "log_format", "expected"),
    [
        ("support_directory.settings.local", None, "plain"),
        ("support_directory.settings.production", None, "json"),
        ("support_directory.settings.production", "plain", "plain"),
        ("support_directory.settings.local", "json", "json"),
    ],
)
def test_plain_logs_locally_and_json_in_production(settings_module, log_format, expected):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings_module, "DJANGO_SECRET_KEY": "k" * 60}
    env.pop("LOG_FORMAT", None)
    if log_format:
        env["LOG_FORMAT"] = log_format
    code = "import django; django.setup(); import logging; logging.getLogger('check').warning('hello %s', 'world')"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    line = result.stderr.strip().splitlines()[-1]
    if expected == "json":
        assert json.loads(line)["message"] == "hello world"
    else:
        assert line.endswith("WARNING check hello world")
