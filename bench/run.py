"""The directory under load: builds a PostgreSQL database at demo scale (and a larger one), serves the site with
gunicorn and production settings on loopback with a throwaway Redis as the shared cache, drives each URL of a fixed
mix with wrk (page cache on, then off), then cache misses (every request a different address, page cache on: three
turns of each kind, each against an emptied Redis and followed by the floor), and prints the tables.

    .venv/bin/python bench/run.py [--scale 10] [--duration 8] [--no-readme]

Only loopback is used. Each scale's database is a throwaway PostgreSQL cluster kept in var/bench/pg-scale<N>/, so
a second run starts in seconds; delete that directory to rebuild it. See README.md, "Performance"."""

import argparse
import datetime
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.redis_server import RedisServer, redis_server_binary  # noqa: E402

BENCH_DIR = ROOT / "var" / "bench"
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
HOST = "127.0.0.1"  # loopback only, always
PG_PORT = 54331
APP_PORT = 8931
CONCURRENCY = 8
README = ROOT / "README.md"
MARK_START, MARK_END = "<!-- bench:start -->", "<!-- bench:end -->"


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def run(command: list, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(part) for part in command], check=True, **kwargs)


# PostgreSQL: one cluster per scale, on loopback, owned by the postgres user when we are root.


class Cluster:
    def __init__(self, scale: int):
        self.scale = scale
        self.dir = BENCH_DIR / f"pg-scale{scale}"
        self.bin = Path(sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))[-1])
        self.url = f"postgres://postgres@{HOST}:{PG_PORT}/support_directory"

    def _as_postgres(self, command: str, check: bool = True) -> None:
        argv = ["su", "postgres", "-s", "/bin/bash", "-c", command] if os.geteuid() == 0 else ["bash", "-c", command]
        subprocess.run(argv, check=check, stdout=subprocess.DEVNULL, stderr=None if check else subprocess.DEVNULL)

    @property
    def built(self) -> bool:
        return (self.dir / "built").exists()

    def start(self) -> None:
        if not (self.dir / "data").exists():
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir.mkdir(parents=True)
            if os.geteuid() == 0:
                shutil.chown(self.dir, "postgres")
            self._as_postgres(f"{self.bin}/initdb -D {self.dir}/data -A trust -U postgres")
        options = (
            f"-p {PG_PORT} -k {self.dir} -c listen_addresses={HOST} -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c shared_buffers=256MB"
        )
        self._as_postgres(f"{self.bin}/pg_ctl -D {self.dir}/data -l {self.dir}/log -w -o '{options}' start")
        if not self.built:
            self._as_postgres(f"{self.bin}/createdb -h {HOST} -p {PG_PORT} -U postgres support_directory", check=False)

    def stop(self) -> None:
        self._as_postgres(f"{self.bin}/pg_ctl -D {self.dir}/data -m fast stop", check=False)

    def build(self, env: dict) -> None:
        """Migrate and load the data; skipped when this cluster was built before. Quick to re-run if interrupted."""
        if not self.built:
            started = time.monotonic()
            log(f"building the scale-{self.scale} database in {self.dir} (a few minutes, once)")
            manage = [PYTHON, "manage.py"]
            run([*manage, "migrate", "--no-input", "-v0"], env=env, cwd=ROOT)
            run([*manage, "createcachetable"], env=env, cwd=ROOT)
            run([*manage, "load_reference_data"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
            run([*manage, "load_postcodes"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
            run([*manage, "load_demo_data", "--scale", self.scale], env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
            (self.dir / "built").touch()
            log(f"built in {time.monotonic() - started:.0f} s")
        # Always: new migrations since the build, the cache table, fresh planner statistics.
        run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], env=env, cwd=ROOT)
        run([PYTHON, "manage.py", "createcachetable"], env=env, cwd=ROOT)
        self._as_postgres(f"{self.bin}/vacuumdb -h {HOST} -p {PG_PORT} -U postgres -z -q support_directory")


# The site under gunicorn.


def site_env(database_url: str, *, page_cache: bool, redis_url: str = "") -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "support_directory.settings.production",
        "DJANGO_SECRET_KEY": "bench",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_BENCH_FLOOR": "1",
        "DJANGO_PAGE_CACHE": "1" if page_cache else "0",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "LOG_LEVEL": "WARNING",
    }


class Site:
    def __init__(self, env: dict, workers: int, *, cwd: Path = ROOT, port: int = APP_PORT):
        self.env, self.workers, self.cwd, self.port, self.process = env, workers, cwd, port, None

    def __enter__(self):
        self.process = subprocess.Popen(
            [GUNICORN, "support_directory.wsgi", "--bind", f"{HOST}:{self.port}", "--workers", str(self.workers),
             "--log-level", "warning", "--access-logfile", "/dev/null"],
            cwd=self.cwd, env=self.env, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection((HOST, self.port), timeout=1).close()
                return self
            except OSError:
                if self.process.poll() is not None:
                    raise SystemExit("bench: gunicorn did not start") from None
                time.sleep(0.2)
        raise SystemExit("bench: gunicorn did not answer within 30 s")

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def wrk(path: str, seconds: int, port: int = APP_PORT) -> dict:
    url = f"http://{HOST}:{port}{path}"
    # A short warm-up (imports, first queries, caches), then the measured run.
    subprocess.run(["wrk", "-t2", f"-c{CONCURRENCY}", "-d3s", url], check=True, capture_output=True)
    script = ROOT / "bench" / "report.lua"
    result = subprocess.run(
        ["wrk", "-t2", f"-c{CONCURRENCY}", f"-d{seconds}s", "--timeout", "5s", "-s", script, url],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return _figures(result.stdout)


def wrk_misses(paths: list[str], seconds: int) -> dict:
    """Every request a different address: the warm-up and the measured run take disjoint halves of `paths`."""
    half = len(paths) // 2
    wrk_each_once(paths[half:], 3)
    return wrk_each_once(paths[:half], seconds)


def wrk_each_once(paths: list[str], seconds: int, port: int = APP_PORT) -> dict:
    """wrk asking for each of `paths` in turn (bench/miss.lua), no two requests the same."""
    listing = BENCH_DIR / f"miss-paths-{port}.txt"
    listing.write_text("\n".join(paths) + "\n")
    result = subprocess.run(
        ["wrk", "-t2", f"-c{CONCURRENCY}", f"-d{seconds}s", "--timeout", "5s", "-s", ROOT / "bench" / "miss.lua",
         f"http://{HOST}:{port}/", "--", listing, "2"],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return _figures(result.stdout)


def _figures(output: str) -> dict:
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    figures = json.loads(line.removeprefix("BENCH "))
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
    figures["errors"] = sum(figures[kind] for kind in ("connect", "read", "write", "status", "timeout"))
    return figures


# Turns of each kind of miss, each against an emptied Redis and followed by the floor: on this 2-core machine one turn's
# share of the floor varies by a fifth either way (README, the tenth pass), so the table gives the median turn.
MISS_TURNS = 3


def median_turn(turns: list[dict]) -> dict:
    """The turn whose share of its floor is the median, with every turn's share (`percents`, lowest first)."""
    ordered = sorted(turns, key=lambda figures: figures["rps"] / figures["floor_rps"])
    return {**ordered[len(ordered) // 2], "percents": [100 * t["rps"] / t["floor_rps"] for t in ordered]}


def bench_scale(scale: int, seconds: int, workers: int) -> dict:
    cluster = Cluster(scale)
    cluster.start()
    try:
        cluster.build(site_env(cluster.url, page_cache=True))
        with RedisServer() as redis:
            env = site_env(cluster.url, page_cache=True, redis_url=redis.url)
            found = json.loads(
                run([PYTHON, ROOT / "bench" / "queries.py"], env=env, cwd=ROOT, capture_output=True, text=True).stdout
            )
            results = {
                "urls": found["urls"],
                "queries": found["queries"],
                "weights": found["weights"],
                "runs": {},
                "misses": {},
            }
            for mode, page_cache in (("cached", True), ("uncached", False)):
                with Site(site_env(cluster.url, page_cache=page_cache, redis_url=redis.url), workers):
                    # The floor last, when every worker is warm: it is what the others are compared with.
                    for label, path in sorted(found["urls"].items(), key=lambda item: item[0] == "floor"):
                        log(f"scale {scale}, {mode}: {label} {path}")
                        results["runs"].setdefault(label, {})[mode] = wrk(path, seconds)
                    if page_cache:
                        for label, paths in found["misses"].items():
                            turns = []
                            for number in range(1, MISS_TURNS + 1):
                                log(f"scale {scale}, cache misses: {label} ({len(paths)} distinct addresses), turn "
                                    f"{number} of {MISS_TURNS}")  # fmt: skip
                                redis.flush()
                                figures = wrk_misses(paths, seconds)
                                # A shared machine's speed drifts from minute to minute: each turn of misses is
                                # compared with a floor measured straight after it.
                                figures["floor_rps"] = wrk(found["urls"]["floor"], seconds)["rps"]
                                turns.append(figures)
                            results["misses"][label] = median_turn(turns)
        return results
    finally:
        cluster.stop()


# The table.


def ms(microseconds: int) -> str:
    return f"{microseconds / 1000:.0f}" if microseconds >= 10_000 else f"{microseconds / 1000:.1f}"


def table(results: dict[int, dict], cores: int, workers: int, seconds: int) -> str:
    scales = sorted(results)
    base, big = scales[0], scales[-1]
    lines = [
        f"Measured {datetime.date.today().isoformat()} on {cores} cores: gunicorn with {workers} sync workers, "
        f"production settings, PostgreSQL, wrk at concurrency {CONCURRENCY} for {seconds} s per URL, "
        f'all on loopback. "Cached" is the site as deployed (page cache on); "uncached" has the page cache '
        f"off, so every request does the full work. Latencies in ms; SQL is the queries a page runs with an "
        f"empty cache / when cached.",
        "",
    ]
    for scale in scales:
        floor = results[scale]["runs"]["floor"]["cached"]["rps"]
        header = "| URL | req/s | p50 | p95 | p99 | errors | % of floor | uncached req/s | uncached p99 | uncached % of floor | SQL |"  # noqa: E501
        if scale == big and big != base:
            header += f" {big}×/{base}× cost (cached / uncached) |"
        lines += [f"**Scale {scale}** (`load_demo_data --scale {scale}`)", "", header]
        lines.append("|" + " --- |" * (header.count("|") - 1))
        for label, runs in sorted(results[scale]["runs"].items(), key=lambda item: item[0] != "floor"):
            hot, cold = runs["cached"], runs["uncached"]
            queries = results[scale]["queries"].get(label)
            row = [
                f"{label} `{results[scale]['urls'][label]}`",
                f"{hot['rps']:,.0f}",
                ms(hot["p50"]),
                ms(hot["p95"]),
                ms(hot["p99"]),
                str(hot["errors"] + cold["errors"]),
                f"{100 * hot['rps'] / floor:.0f}%",
                f"{cold['rps']:,.0f}",
                ms(cold["p99"]),
                f"{100 * cold['rps'] / floor:.0f}%",
                f"{queries[0]} / {queries[1]}" if queries else "–",
            ]
            if scale == big and big != base:
                small = results[base]["runs"][label]
                row.append(f"{small['cached']['rps'] / hot['rps']:.2f} / {small['uncached']['rps'] / cold['rps']:.2f}")
            lines.append("| " + " | ".join(row) + " |")
        lines += miss_table(results, scale, base, big)
        lines += weight_table(results[scale].get("weights"))
        runs = results[scale]["runs"]
        if "deep page" in runs and "list" in runs:
            # Cost is time per request, so the ratio of costs is the inverse ratio of throughputs.
            ratios = [runs["list"][mode]["rps"] / runs["deep page"][mode]["rps"] for mode in ("cached", "uncached")]
            lines += ["", f"Deep page / first page cost (cached / uncached): {ratios[0]:.2f} / {ratios[1]:.2f}"]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def miss_table(results: dict[int, dict], scale: int, base: int, big: int) -> list[str]:
    misses = results[scale].get("misses")
    if not misses:
        return []
    header = (
        f"| cache misses (every request a different address; the median of {MISS_TURNS} turns) "
        "| req/s | p50 | p95 | p99 | errors | % of the floor measured after it: median turn (turns) | SQL |"
    )
    if scale == big and big != base:
        header += f" {big}×/{base}× cost | {big}×/{base}× cost against those floors |"
    lines = ["", header, "|" + " --- |" * (header.count("|") - 1)]
    for label, figures in misses.items():
        queries = results[scale]["queries"].get(label)
        floor = _miss_floor(results, scale, label)
        row = [
            f"{label} ({figures['requests']:,} requests)",
            f"{figures['rps']:,.0f}",
            ms(figures["p50"]),
            ms(figures["p95"]),
            ms(figures["p99"]),
            str(figures["errors"]),
            f"{100 * figures['rps'] / floor:.1f}%{_turns(figures)}",
            f"{queries[0]}" if queries else "–",
        ]
        if scale == big and big != base:
            small = results[base]["misses"][label]["rps"]
            row.append(f"{small / figures['rps']:.2f}")
            row.append(f"{(small / _miss_floor(results, base, label)) / (figures['rps'] / floor):.2f}")
        lines.append("| " + " | ".join(row) + " |")
    return lines


def _turns(figures: dict) -> str:
    percents = figures.get("percents", [])
    return f" ({', '.join(f'{percent:.1f}' for percent in percents)})" if len(percents) > 1 else ""


def weight_table(weights: dict | None) -> list[str]:
    """Pages' HTML as first sent, before compression (the target: a results page at most 40 KB)."""
    if not weights:
        return []
    lines = [
        "",
        "| pages' HTML, uncompressed | pages | median | largest | the largest |",
        "| --- | --- | --- | --- | --- |",
    ]
    for label, figures in weights.items():
        lines.append(
            f"| {label} | {figures['pages']} | {figures['median'] / 1024:.1f} KB | {figures['largest'] / 1024:.1f} KB "
            f"| `{figures['largest_path']}` |"
        )
    return lines


def _miss_floor(results: dict[int, dict], scale: int, label: str) -> float:
    """The floor a kind of miss is compared with: the one measured straight after it (runs before that had only the
    floor of the whole run)."""
    return results[scale]["misses"][label].get("floor_rps") or results[scale]["runs"]["floor"]["cached"]["rps"]


def write_readme(text: str) -> None:
    readme = README.read_text()
    block = f"{MARK_START}\n{text}{MARK_END}"
    if MARK_START in readme and MARK_END in readme:
        readme = re.sub(re.escape(MARK_START) + ".*?" + re.escape(MARK_END), lambda _: block, readme, flags=re.S)
    else:
        readme = readme.rstrip() + "\n\n## Performance\n\n" + block + "\n"
    README.write_text(readme)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=1, help="also benchmark at this scale and compare with 1×")
    parser.add_argument("--duration", type=int, default=8, help="seconds of load per URL and mode (default 8)")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: 2 per core)")
    parser.add_argument("--no-readme", action="store_true", help="print the table without writing it to README.md")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("bench: wrk is missing: apt-get install -y wrk")
    if not redis_server_binary():
        raise SystemExit("bench: redis-server is missing: apt-get install -y redis-server")
    cores = os.cpu_count() or 1
    workers = args.workers or 2 * cores
    log("collecting static files")
    run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=site_env("", page_cache=True))
    scales = sorted({1, args.scale})
    results = {scale: bench_scale(scale, args.duration, workers) for scale in scales}
    text = table(results, cores, workers, args.duration)
    (BENCH_DIR / "latest.json").write_text(json.dumps(results, indent=1))
    print(text)
    if not args.no_readme:
        write_readme(text)
        log("wrote the table into README.md")


if __name__ == "__main__":
    main()
