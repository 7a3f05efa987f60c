"""Requests per second with one app server (a gunicorn process group) and with two, on one PostgreSQL and one
Redis, on this machine: the measurement behind the README's "Scaling out".

    DATABASE_URL=postgres://… .venv/bin/python bench/scaleout.py [--seconds 30] [--concurrency 16]

It builds a database of its own beside the one DATABASE_URL names (as bench/soak.py does: about a minute) and
drops it at the end; Redis is REDIS_URL's, or a throwaway redis-server on loopback (bench/redis_server.py). Each
group is gunicorn with the production settings and two sync workers per core, on a free port of 127.0.0.1. The load
is the soak's (bench/soak.py): its URL mix and the pages of the list, from Python threads, the shared cache emptied
every 15 s as a curator's change would, requests alternating between the groups. One group and two are measured in
turn, --rounds times, so that whatever else the machine is doing weighs on both alike. Only ever sends traffic to
127.0.0.1. On one machine the groups share its cores (and the load generator takes its part of them), so the second
group shows what the app costs to run twice, not what a second machine would add."""

import argparse
import os
import sys
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import soak  # noqa: E402
from bench.redis_server import RedisServer  # noqa: E402


def measure(database_url: str, redis_url: str, *, groups: int, seconds: float, concurrency: int) -> soak.Soak:
    workers = 2 * (os.cpu_count() or 1)
    result = soak.Soak(seconds=seconds, warm_up=0, max_growth=1.0)
    with ExitStack() as stack:
        sites = [stack.enter_context(soak.Site(database_url, workers, redis_url)) for _ in range(groups)]
        mix = soak.url_mix(database_url)
        pages = soak.list_pages(sites[0].port)
        for site in sites:  # each group's workers import and fill their option lists before the clock starts
            for path in mix * workers:
                soak.get(site.port, path)
        soak.drive(sites, database_url, mix, pages, result, redis_url=redis_url, concurrency=concurrency)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=30.0, help="of load for each measurement (default 30)")
    parser.add_argument("--concurrency", type=int, default=16, help="client threads (default 16)")
    parser.add_argument("--rounds", type=int, default=2, help="measurements of each, in turn (default 2)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"), help="default: $DATABASE_URL")
    args = parser.parse_args()
    if not args.database_url:
        raise SystemExit("scaleout: set DATABASE_URL (a PostgreSQL server; a database of its own is made there)")
    cores = os.cpu_count() or 1
    with ExitStack() as stack:
        redis_url = os.environ.get("REDIS_URL") or stack.enter_context(RedisServer()).url
        database_url = stack.enter_context(soak.throwaway_database(args.database_url, suffix="_scaleout"))
        soak.build(database_url)
        soak.collect_static()
        results = {1: [], 2: []}
        for _ in range(args.rounds):
            for groups, measured in results.items():
                result = measure(
                    database_url, redis_url, groups=groups, seconds=args.seconds, concurrency=args.concurrency
                )
                measured.append(result)
                soak.log(f"{groups} group(s) of {2 * cores} workers: {result.summary().splitlines()[0]}")
    print(f"scaleout: {cores} cores, load from {args.concurrency} Python threads on the same machine")
    for groups, measured in results.items():
        rates = ", ".join(f"{result.requests / result.seconds:,.0f}" for result in measured)
        print(
            f"scaleout: {groups} group(s) × {2 * cores} workers: {rates} requests/s; "
            f"{sum(result.error_count for result in measured)} errors"
        )
    if any(result.error_count for measured in results.values() for result in measured):
        raise SystemExit("scaleout: FAILED (errors)")


if __name__ == "__main__":
    main()
