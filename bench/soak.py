"""A bounded load test on loopback: the benchmark's URL mix and the pages of the list, for a few minutes, under
gunicorn with production settings on PostgreSQL; it passes with zero errors and flat worker memory.

    make soak [MINUTES=3]                                       # on the benchmark's scale-1 cluster (var/bench)
    DATABASE_URL=postgres://… .venv/bin/python bench/soak.py     # on a throwaway database on that server

With DATABASE_URL (or --database-url) it builds a database of its own on that server, named after the URL's with
"_soak" added (migrate, the reference data, the postcodes, the scale-1 demo data: about 35 s), and drops it at the
end; tests/security/test_soak.py runs it that way in CI's PostgreSQL run. Without, it uses the benchmark's cluster
(bench/run.py), built once and kept. The site is served by gunicorn (two sync workers per core, production
settings, the page cache on, as deployed) on a free port of 127.0.0.1, and stopped however the run ends.

The load is Python's own http.client in CONCURRENCY threads, so nothing needs installing: a soak looks for errors
and leaks, not for the last request per second (bench/run.py measures throughput with wrk). The threads send the
URLs of the mix in turn, with a page of the list every LIST_PAGE_EVERY requests, and every CHANGE_SECONDS the shared
cache is emptied, as a curator's change empties it in effect: pages are built afresh as well as served from the
cache, and each worker replaces its copy of the option lists. The run is bounded in time and in requests, and only
ever sends traffic to 127.0.0.1.

Memory is the resident size of the gunicorn workers, sampled every SAMPLE_SECONDS. Workers grow while they warm up
(imports, templates, the option lists, the first pages), so it counts from the end of the warm-up: memory is "flat"
when the median of the last quarter of the samples after it is at most --max-growth (15%) above the median of the
first quarter. Any response but 200, any failed connection or timeout, and any worker restarted fails the run."""

import argparse
import dataclasses
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
HOST = "127.0.0.1"  # loopback only, always
CONCURRENCY = 8
SAMPLE_SECONDS = 5
REQUEST_TIMEOUT = 30  # as gunicorn's worker timeout
MAX_REQUESTS_PER_SECOND = 5_000  # a bound on the request loop, far above what the site serves here
LIST_PAGE_EVERY = 8  # one request in this many is a page of the list
CHANGE_SECONDS = 15  # the shared cache is emptied this often, so pages are built as well as served from it
SETUP_TIMEOUT = 900  # seconds for any one build step
# Starts gunicorn so that it is sent SIGTERM when the process that started it dies, even when killed outright, so
# it can never outlive a soak (Linux's parent-death signal, which an exec keeps).
LAUNCH_WITH_PARENT = (
    "import ctypes, os, signal, sys; "
    "ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM); "  # 1 is PR_SET_PDEATHSIG
    "os.getppid() == int(sys.argv[1]) or sys.exit('soak: the soak stopped before gunicorn started'); "
    "os.execv(sys.argv[2], sys.argv[2:])"
)


def log(message: str) -> None:
    print(f"soak: {message}", file=sys.stderr, flush=True)


def site_env(database_url: str, redis_url: str = "") -> dict:
    """The production settings on loopback (as bench/run.py serves the site, with the page cache on). The shared
    cache is the database's table, or the Redis that redis_url names (bench/scaleout.py, tests/scaleout)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "support_directory.settings.production",
        "DJANGO_SECRET_KEY": "soak",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_PAGE_CACHE": "1",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "LOG_LEVEL": "WARNING",
    }


def manage(env: dict, *arguments: str, quiet: bool = False) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(PYTHON), "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=SETUP_TIMEOUT,
        stdout=subprocess.DEVNULL if quiet else None,
    )


# The database.


def _connect(database_url: str, name: str):
    import psycopg

    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from support_directory.settings.database import POSTGRESQL_ENGINE, POSTGRESQL_OPTIONS, database_from_url

    server = database_from_url(database_url, sqlite_path=Path())
    if server["ENGINE"] != POSTGRESQL_ENGINE:
        raise SystemExit("soak: DATABASE_URL must be a PostgreSQL database (postgres://…)")
    return psycopg.connect(
        dbname=name,
        host=server["HOST"] or None,
        port=server["PORT"] or None,
        user=server["USER"] or None,
        password=server["PASSWORD"] or None,
        autocommit=True,
        # The connection options less those only Django's backend reads (server-side binding, preparing).
        **{key: value for key, value in server["OPTIONS"].items() if key not in POSTGRESQL_OPTIONS},
    )


@contextmanager
def throwaway_database(server_url: str, suffix: str = "_soak"):
    """A new database beside the one server_url names (its name + suffix), dropped on the way out. One left by
    an interrupted run is dropped first."""
    parts = urlsplit(server_url)
    name = f"{parts.path.lstrip('/') or 'support_directory'}{suffix}"[:63]
    url = urlunsplit(parts._replace(path=f"/{name}"))

    def server():
        import psycopg

        try:
            return _connect(server_url, "postgres")
        except psycopg.OperationalError:
            return _connect(server_url, "template1")  # a server without the usual "postgres" database

    def drop():
        with server() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    drop()
    with server() as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url
    finally:
        drop()
        log(f"dropped the database {name}")


def build(database_url: str) -> None:
    """Migrate and load the reference data, the postcodes and the scale-1 demo population."""
    started = time.monotonic()
    env = site_env(database_url)
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "createcachetable")
    for command in (["load_reference_data"], ["load_postcodes"], ["load_demo_data", "--scale", "1"]):
        manage(env, *command, quiet=True)
    with _connect(database_url, urlsplit(database_url).path.lstrip("/")) as connection:
        connection.execute("ANALYZE")
    log(f"built the database in {time.monotonic() - started:.0f} s")


def benchmark_urls() -> None:
    """Print the benchmark's URLs as JSON (bench/queries.py picks them from the data). Run in a process of its own,
    with the site's settings and database: see url_mix."""
    sys.path.insert(0, str(ROOT / "bench"))
    import queries  # sets Django up
    from django.test import Client

    json.dump(queries.benchmark_urls(Client(HTTP_HOST=HOST)), sys.stdout)


def url_mix(database_url: str) -> list[str]:
    """The benchmark's URL mix, less the floor (no page of the site) and the deep page (the pages of the list are
    found on the running site: see list_pages)."""
    found = subprocess.run(
        [str(PYTHON), __file__, "--benchmark-urls"],
        cwd=ROOT,
        env=site_env(database_url),
        check=True,
        timeout=SETUP_TIMEOUT,
        stdout=subprocess.PIPE,
        text=True,
    )
    return [path for label, path in json.loads(found.stdout).items() if label not in ("floor", "deep page")]


def list_pages(port: int, most: int = 1_000) -> list[str]:
    """Every numbered page of the unfiltered list: the last one is the highest page number that answers 200."""
    low, high = 1, most
    while low < high:
        middle = (low + high + 1) // 2
        if get(port, f"/search/?page={middle}")[0] == 200:
            low = middle
        else:
            high = middle - 1
    return [f"/search/?page={page}" for page in range(1, low + 1)]


def empty_cache(database_url: str, redis_url: str = "") -> None:
    """What a curator's change does to the cache, and a little more: every page, part and option list is gone and
    the data version is new, so each page is built afresh and each worker replaces its copy of the option lists."""
    if redis_url:
        import redis

        with redis.Redis.from_url(redis_url) as client:
            client.flushdb()
        return
    with _connect(database_url, urlsplit(database_url).path.lstrip("/")) as connection:
        connection.execute("DELETE FROM directory_cache")


def collect_static() -> None:
    manage(site_env(""), "collectstatic", "--no-input", "-v0")


# The site.


class Site:
    """gunicorn with the production settings on a free port of 127.0.0.1: the socket is bound here and handed over,
    so no other process can take the port in between."""

    def __init__(self, database_url: str, workers: int, redis_url: str = ""):
        self.env, self.workers = site_env(database_url, redis_url), workers
        self.process = None
        self.errors = tempfile.TemporaryFile("w+")  # noqa: SIM115  (gunicorn's output; closed in __exit__)

    def __enter__(self):
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind((HOST, 0))
        self.port = listener.getsockname()[1]
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", LAUNCH_WITH_PARENT, str(os.getpid()),
                 str(GUNICORN), "support_directory.wsgi", "--bind", f"fd://{listener.fileno()}",
                 "--workers", str(self.workers), "--log-level", "warning", "--access-logfile", "/dev/null"],
                cwd=ROOT, env=self.env, pass_fds=[listener.fileno()], start_new_session=True,
                stdout=self.errors, stderr=self.errors,
            )  # fmt: skip
        finally:
            listener.close()
        try:
            self._wait_until_ready()
        except BaseException:
            self.__exit__()
            raise
        return self

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped (exit {self.process.returncode}):\n{self.log_tail()}")
            if get(self.port, "/healthcheck/")[0] == 200 and len(self.worker_pids()) == self.workers:
                return
            time.sleep(0.5)
        raise RuntimeError(f"gunicorn did not answer within 60 s:\n{self.log_tail()}")

    def __exit__(self, *exc):
        """Stop gunicorn's master and workers (its session), even if the master has already gone."""
        if self.process is not None:
            for signal_number, wait in ((signal.SIGTERM, 30), (signal.SIGKILL, None)):
                try:
                    os.killpg(self.process.pid, signal_number)
                except ProcessLookupError:
                    break
                try:
                    self.process.wait(timeout=wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        self.errors.close()

    def worker_pids(self) -> set[int]:
        return set(worker_rss_kib(self.process.pid))

    def log_tail(self, lines: int = 20) -> str:
        self.errors.flush()
        self.errors.seek(0)
        return "\n".join(self.errors.read().splitlines()[-lines:])


def worker_rss_kib(master_pid: int) -> dict[int, int]:
    """The resident memory of each of gunicorn's workers (the master's children), in KiB, from /proc."""
    workers = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue  # the process has gone
        if fields.get("PPid", "").strip() == str(master_pid):
            workers[int(status.parent.name)] = int(fields.get("VmRSS", "0 kB").split()[0])
    return workers


def get(port: int, path: str) -> tuple[int | str, float]:
    """One GET on a new connection (gunicorn's sync workers close each one): the status, or the kind of failure,
    and the seconds it took."""
    started = time.monotonic()
    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        outcome = response.status
    except TimeoutError:
        outcome = "timeout"
    except (OSError, http.client.HTTPException) as error:
        outcome = f"connection ({type(error).__name__})"
    finally:
        connection.close()
    return outcome, time.monotonic() - started


# The soak.


@dataclasses.dataclass
class Soak:
    seconds: float
    warm_up: float
    max_growth: float
    requests: int = 0
    latencies: list[float] = dataclasses.field(default_factory=list)
    errors: Counter = dataclasses.field(default_factory=Counter)  # (path, status or failure) -> count
    samples: list[tuple[float, int]] = dataclasses.field(default_factory=list)  # (seconds in, workers' KiB)
    restarted_workers: int = 0
    cache_emptied: int = 0

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    def memory(self) -> tuple[float, float, float]:
        """The workers' memory after the warm-up and at the end (MiB), and the growth between them."""
        settled = [kib for at, kib in self.samples if at >= self.warm_up] or [kib for _, kib in self.samples]
        if not settled:
            return 0.0, 0.0, 0.0
        quarter = max(1, len(settled) // 4)
        early, late = statistics.median(settled[:quarter]), statistics.median(settled[-quarter:])
        return early / 1024, late / 1024, (late - early) / early if early else 0.0

    @property
    def passed(self) -> bool:
        return not self.error_count and not self.restarted_workers and self.memory()[2] <= self.max_growth

    def summary(self) -> str:
        early, late, growth = self.memory()
        ordered = sorted(self.latencies) or [0.0]
        p50, p99 = ordered[len(ordered) // 2], ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        lines = [
            f"{self.requests:,} requests in {self.seconds:.0f} s ({self.requests / self.seconds:,.0f}/s), "
            f"{self.error_count} errors, {self.restarted_workers} workers restarted, cache emptied "
            f"{self.cache_emptied} times, p50 {p50 * 1000:.0f} ms, "
            f"p99 {p99 * 1000:.0f} ms; workers' memory after a {self.warm_up:.0f} s warm-up {early:.0f} MiB, "
            f"at the end {late:.0f} MiB ({growth:+.1%}, at most {self.max_growth:+.0%})",
            "memory (s: MiB): " + ", ".join(f"{at:.0f}: {kib / 1024:.0f}" for at, kib in self.samples),
        ]
        lines += [f"  {count} × {outcome} on {path}" for (path, outcome), count in self.errors.most_common(10)]
        return "\n".join(lines)


def drive(
    sites: list[Site],
    database_url: str,
    mix: list[str],
    pages: list[str],
    soak: Soak,
    *,
    redis_url: str = "",
    concurrency: int = CONCURRENCY,
) -> None:
    """`concurrency` threads, each sending the next URL in turn until the time is up (or the bound on requests),
    while the cache is emptied every CHANGE_SECONDS and the workers' memory sampled every SAMPLE_SECONDS. With more
    than one site (servers sharing the database and the cache: tests/scaleout, bench/scaleout.py) the requests
    alternate between them, and each URL of the mix goes to each in turn."""
    lock = threading.Lock()
    turn = iter(range(int(soak.seconds * MAX_REQUESTS_PER_SECOND)))
    started = time.monotonic()
    deadline = started + soak.seconds

    def next_request() -> tuple[Site, str] | None:
        with lock:
            n = next(turn, None)
        if n is None or time.monotonic() >= deadline:
            return None
        site = sites[(n + n // len(mix)) % len(sites)]
        if n % LIST_PAGE_EVERY == 0:
            return site, pages[(n // LIST_PAGE_EVERY) % len(pages)]
        return site, mix[n % len(mix)]

    def client():
        while (request := next_request()) is not None:
            site, path = request
            outcome, took = get(site.port, path)
            with lock:
                soak.requests += 1
                soak.latencies.append(took)
                if outcome != 200:
                    soak.errors[(path, outcome)] += 1

    done = threading.Event()

    def sample():
        while not done.wait(SAMPLE_SECONDS):
            rss = sum(sum(worker_rss_kib(site.process.pid).values()) for site in sites)
            soak.samples.append((time.monotonic() - started, rss))
            if len(soak.samples) % (CHANGE_SECONDS // SAMPLE_SECONDS) == 0:
                try:
                    empty_cache(database_url, redis_url)
                    soak.cache_emptied += 1
                except Exception as error:  # noqa: BLE001  (counted as an error of the run, and the sampling goes on)
                    with lock:
                        soak.errors[("(emptying the cache)", type(error).__name__)] += 1

    workers_before = [site.worker_pids() for site in sites]
    sampler = threading.Thread(target=sample, daemon=True)
    clients = [threading.Thread(target=client, daemon=True) for _ in range(concurrency)]
    sampler.start()
    for thread in clients:
        thread.start()
    for thread in clients:
        thread.join(timeout=soak.seconds + 2 * REQUEST_TIMEOUT)
    done.set()
    sampler.join(timeout=SAMPLE_SECONDS + 10)
    soak.seconds = time.monotonic() - started
    soak.restarted_workers = sum(
        len(before - site.worker_pids()) for site, before in zip(sites, workers_before, strict=True)
    )


def soak_site(database_url: str, *, seconds: float, warm_up: float, max_growth: float) -> Soak:
    """Serve the built database with gunicorn and soak it; gunicorn is stopped on the way out, whatever happens."""
    collect_static()
    mix = url_mix(database_url)
    workers = 2 * (os.cpu_count() or 1)
    soak = Soak(seconds=seconds, warm_up=warm_up, max_growth=max_growth)
    with Site(database_url, workers) as site:
        pages = list_pages(site.port)
        for path in mix:  # each answers before the clock starts: a clearer failure than a count of errors
            status, _ = get(site.port, path)
            if status != 200:
                raise RuntimeError(f"{path} answered {status} before the soak began:\n{site.log_tail()}")
        log(
            f"{len(mix)} URLs in turn and {len(pages)} pages of the list, concurrency {CONCURRENCY}, "
            f"{workers} workers, {seconds:.0f} s on {HOST}:{site.port}"
        )
        drive([site], database_url, mix, pages, soak)
        if not soak.passed:
            log(f"gunicorn's last lines:\n{site.log_tail()}")
    return soak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=3.0)
    parser.add_argument("--warm-up", type=float, default=60.0, help="seconds before memory counts (default 60)")
    parser.add_argument("--max-growth", type=float, default=0.15, help="memory growth allowed (default 0.15)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"), help="default: $DATABASE_URL")
    parser.add_argument("--benchmark-urls", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.benchmark_urls:
        return benchmark_urls()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("soak: stopped (SIGTERM)"))  # so that the cleanup runs
    figures = {"seconds": args.minutes * 60, "warm_up": args.warm_up, "max_growth": args.max_growth}
    if args.database_url:
        with throwaway_database(args.database_url) as database_url:
            build(database_url)
            soak = soak_site(database_url, **figures)
    else:
        sys.path.insert(0, str(ROOT / "bench"))
        from run import Cluster  # the benchmark's scale-1 cluster, built once and kept

        cluster = Cluster(1)
        cluster.start()
        try:
            cluster.build(site_env(cluster.url))
            soak = soak_site(cluster.url, **figures)
        finally:
            cluster.stop()
    print(f"soak: {soak.summary()}")
    if not soak.passed:
        raise SystemExit("soak: FAILED (errors, a worker restarted, or memory grew)")
    print("soak: passed")


if __name__ == "__main__":
    main()
