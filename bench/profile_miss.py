"""Where a cache miss spends its time: pyinstrument over a few dozen distinct addresses of one kind, each asked once,
through the whole middleware stack with the settings and database of the environment (as bench/run.py sets them).

    DJANGO_SETTINGS_MODULE=support_directory.settings.production DJANGO_SECRET_KEY=x DJANGO_ALLOWED_HOSTS=127.0.0.1 \\
    DATABASE_URL=postgres://... REDIS_URL=redis://... .venv/bin/python bench/profile_miss.py "postcode searches"

The kinds are those of bench/queries.py's miss_urls(). Prints the profile as text, and the milliseconds per request
(wall clock and CPU), so the biggest costs can be taken first.

With --cpu there is no profiler (pyinstrument's sampling about doubles the CPU a request takes): the addresses are
asked in three rounds of `count`, each round new addresses, and each round prints the CPU this process spent per
request and, on PostgreSQL on this machine, the CPU its server process spent (app + database is the cost of a miss;
the wall clock on a shared machine is mostly waiting for a core). Compare before and after in turns, on the same
database and Redis, emptying Redis first (`redis-cli -p <port> flushall`) so every address is a miss."""

import argparse
import os
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "support_directory.settings.production")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from queries import miss_urls  # noqa: E402

ROUNDS = 3


def database_cpu_seconds():
    """The CPU time of this connection's PostgreSQL server process, or None (another database, or not on this
    machine)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def cpu_only(client: Client, kind: str, paths: list[str], count: int) -> None:
    for number in range(ROUNDS):
        chosen = paths[number * count : (number + 1) * count]
        database, cpu, wall = database_cpu_seconds(), time.process_time(), time.perf_counter()
        for path in chosen:
            assert client.get(path).status_code == 200, path
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        after = database_cpu_seconds()
        line = f"{kind}, round {number + 1}: {1000 * cpu / len(chosen):.1f} ms CPU a request in this process"
        if database is not None and after is not None:
            line += f", {1000 * (after - database) / len(chosen):.1f} ms in PostgreSQL"
        print(f"{line}; {1000 * wall / len(chosen):.1f} ms wall clock")


def profiled(client: Client, kind: str, paths: list[str], count: int) -> None:
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    wall, cpu = time.perf_counter(), time.process_time()
    with profiler:
        for path in paths[:count]:
            assert client.get(path).status_code == 200, path
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(profiler.output_text(color=False, unicode=False))
    print(f"{kind}: {1000 * wall / count:.1f} ms a request, {1000 * cpu / count:.1f} ms of it CPU in this process")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", nargs="?", default="postcode searches")
    parser.add_argument("count", nargs="?", type=int, default=40)
    parser.add_argument("--cpu", action="store_true", help="no profiler: CPU per request, this process and PostgreSQL")
    args = parser.parse_args()
    paths = miss_urls()[args.kind]
    client = Client(HTTP_HOST="127.0.0.1", headers={"Accept-Encoding": "gzip"})
    client.get(paths[-1])  # imports, connections, the option lists
    (cpu_only if args.cpu else profiled)(client, args.kind, paths, args.count)


if __name__ == "__main__":
    main()
