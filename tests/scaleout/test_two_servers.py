"""Two app servers on one PostgreSQL and one Redis agree, as the README's "Scaling out" says: two gunicorn servers
with the production settings, on different ports of 127.0.0.1, share a database of their own (built as the soak
builds it, bench/soak.py) and the suite's Redis (REDIS_URL, which .ci/run starts).

- A curator's change, made in a third process, is never served stale by either server: the leader's page and the
  search by name, the result count and the filter options, each first cached on both.
- The sign-in lockout and the enquiry limit count attempts made through either server together.
- `send_enquiries` run on both at once sends each queued email exactly once.
- The soak's URL mix, alternating between the two servers for SECONDS, gets no answer but 200.
- /healthcheck/ answers 503, naming the cache, once the server's Redis stops.

PostgreSQL and Redis only: skipped without either (without REDIS_URL, fails in CI). About 1.5 minutes, most of it
building the database (35-90 s, as busy as the machine is)."""

import json
import os
import re
import subprocess
import tempfile
from collections import Counter
from email import message_from_bytes
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import connection

from bench import soak
from tests.concurrency import Session

SECONDS = float(os.environ.get("SCALEOUT_SOAK_SECONDS", 20))
WORKERS = 2  # each server's; two servers' worth is the soak's one server of two workers per core
CLOSED_SMTP_PORT = "9"  # nothing listens: emails sent in a request stay queued for send_enquiries
TOO_MANY_SIGN_INS = "Too many attempts"
PORTAL_SIGN_IN = "/portal/sign-in/"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def servers(redis_url):
    if connection.vendor != "postgresql":
        pytest.skip("two servers share one PostgreSQL (set DATABASE_URL); this run uses SQLite")
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    with soak.throwaway_database(os.environ["DATABASE_URL"], suffix="_scaleout") as database_url:
        soak.build(database_url)
        soak.collect_static()
        env = {**soak.site_env(database_url, redis_url), "DJANGO_EMAIL_PORT": CLOSED_SMTP_PORT}
        with Server(database_url, redis_url) as a, Server(database_url, redis_url) as b:
            yield SimpleNamespace(a=a, b=b, database_url=database_url, redis_url=redis_url, env=env)


class Server(soak.Site):
    """One app server: gunicorn with the production settings on a free port of 127.0.0.1 (bench/soak.py's Site)."""

    def __init__(self, database_url: str, redis_url: str):
        super().__init__(database_url, WORKERS, redis_url)
        self.env["DJANGO_EMAIL_PORT"] = CLOSED_SMTP_PORT

    @property
    def url(self) -> str:
        return f"http://{soak.HOST}:{self.port}"

    def page(self, path: str) -> str:
        response = Session(self.url).get(path)
        assert response.status == 200, (self.url, path, response.status, self.log_tail())
        return response.text


def curator(servers, command: str, *arguments) -> dict:
    done = subprocess.run(
        [str(soak.PYTHON), "-m", "tests.scaleout.curator", command, *map(str, arguments)],
        cwd=soak.ROOT,
        env=servers.env,
        check=True,
        timeout=300,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(done.stdout)


def result_count(html: str) -> int:
    found = re.search(r"([\d,]+) results?\b", html)
    assert found, "no result count on the page"
    return int(found.group(1).replace(",", ""))


def role_option(html: str, role: str) -> str:
    """The label of the role filter's checkbox for `role`, lower case."""
    found = re.search(rf'for="id_role_{role}">(.*?)</label>', html, re.S)
    assert found, f"no {role} option"
    return found.group(1).lower()


def test_a_curators_change_is_never_served_stale_by_either_server(servers):
    facts = curator(servers, "facts")
    leader_page, by_name = f"/leaders/{facts['leader']}/", "/search/?q=Scaleout-Check"
    role_page = f"/search/?role={facts['role']}"
    for server in (servers.a, servers.b):  # each page built, then served from the shared cache
        for _ in range(2):
            assert facts["leader_name"] in server.page(leader_page)
            assert result_count(server.page(by_name)) == 0
            assert result_count(server.page(role_page)) > 0
            assert "programme closed" not in role_option(server.page("/search/"), facts["role"])
    in_role = result_count(servers.b.page(role_page))

    renamed = curator(servers, "rename", facts["leader"])["leader_name"]
    for server in (servers.b, servers.a):
        assert renamed in server.page(leader_page)
        assert facts["leader_name"] not in server.page(leader_page)
        assert result_count(server.page(by_name)) == 1

    assert curator(servers, "close", facts["role"])["ended"] >= in_role
    for server in (servers.b, servers.a):
        assert result_count(server.page(role_page)) == 0
        assert "programme closed" in role_option(server.page("/search/"), facts["role"])


def test_the_sign_in_lockout_counts_attempts_through_both_servers(servers):
    def sign_in(server) -> str:
        response = Session(server.url).post(
            PORTAL_SIGN_IN, {"username": "someone@school.example", "password": "not the password"}
        )
        assert response.status == 200, response.status
        return response.text

    # Five refused passwords for one account (its limit), through A and B in turn: the sixth is refused unchecked.
    # (Counted by each server alone, neither would have reached five.)
    answers = [sign_in(server) for server in (servers.a, servers.b) * 3]
    assert [TOO_MANY_SIGN_INS in answer for answer in answers] == [False] * 5 + [True]


def test_the_enquiry_limit_counts_enquiries_through_both_servers(servers):
    enquiry_url = curator(servers, "facts")["enquiry_url"]
    details = {
        "contact_name": "Priya Shah",
        "contact_role": "Headteacher",
        "contact_telephone": "0113 496 0999",
        "message": "We would like help with leadership.",
    }

    def send(n: int, form_on, sent_on) -> int:
        """Fill in the form on one server and send it from its check page on the other (the draft is in the
        session, in the database)."""
        session = Session(form_on.url)
        response = session.post(enquiry_url, {**details, "contact_email": f"person{n}@school.example"})
        assert response.status == 302, (response.status, response.text[:2000])
        check_page = response.location.removeprefix(form_on.url)
        session.base_url = sent_on.url
        return session.post(check_page).status

    # Five enquiries from one address in an hour (ENQUIRIES_PER_ADDRESS): the sixth and seventh are refused.
    statuses = [send(n, *pair) for n, pair in enumerate([(servers.a, servers.b), (servers.b, servers.a)] * 3)]
    statuses.append(send(7, servers.b, servers.b))
    assert statuses == [302] * 5 + [429] * 2


def test_send_enquiries_on_both_servers_at_once_sends_each_email_once(servers):
    queued = curator(servers, "queue", 30)
    assert queued["recipients_queued"] == 30
    with tempfile.TemporaryDirectory(prefix="scaleout-email-") as folder:
        env = {**servers.env, "DJANGO_SETTINGS_MODULE": "tests.scaleout.email_settings", "SCALEOUT_EMAIL_DIR": folder}
        runs = [
            subprocess.Popen(
                [str(soak.PYTHON), "manage.py", "send_enquiries"], cwd=soak.ROOT, env=env, stdout=subprocess.PIPE
            )
            for _ in (servers.a, servers.b)
        ]
        outputs = [run.communicate(timeout=300)[0].decode() for run in runs]
        assert [run.returncode for run in runs] == [0, 0], outputs
        messages = [
            message_from_bytes(part.strip().encode())
            for file in Path(folder).iterdir()
            for part in file.read_text().split("-" * 79)
            if part.strip()
        ]
    sent = Counter((message["To"], message["Subject"]) for message in messages)
    assert [email for email, times in sent.items() if times > 1] == []
    assert len(sent) == 30 + 30  # each recipient's copy and each requester's
    assert curator(servers, "sent") == {
        "recipients_queued": 0,
        "recipients_sent": 30,
        "recipients_attempts": [2],  # the failed attempt when each was made, and one more
        "requesters_notified": 30,
    }
    assert all(re.fullmatch(r"\d+ enquir(y|ies) sent; 0 given up\n", output) for output in outputs), outputs


def test_the_url_mix_alternating_between_the_servers_gets_no_errors(servers, capsys):
    mix = soak.url_mix(servers.database_url)
    pages = soak.list_pages(servers.a.port)
    result = soak.Soak(seconds=SECONDS, warm_up=0, max_growth=1.0)
    soak.drive([servers.a, servers.b], servers.database_url, mix, pages, result, redis_url=servers.redis_url)
    with capsys.disabled():
        print(f"\nscale-out soak, two servers: {result.summary().splitlines()[0]}")
    assert result.requests > 0
    assert result.error_count == 0, result.summary()
    assert result.restarted_workers == 0, result.summary()


def test_the_health_check_answers_503_when_the_servers_redis_stops(servers, throwaway_redis):
    with Server(servers.database_url, throwaway_redis.url) as server:
        assert soak.get(server.port, "/healthcheck/")[0] == 200
        throwaway_redis.stop()
        response = Session(server.url).get("/healthcheck/")
        assert response.status == 503
        assert json.loads(response.text) == {"status": "unavailable", "database": "OK", "cache": "unreachable"}
