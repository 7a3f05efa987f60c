"""Two versions of the site compared under the benchmark's load, in turns, for one kind of cache miss.

    .venv/bin/python bench/compare.py BASE [--kind "teaching school pages"] [--rounds 4] [--duration 8] [--scale 1]

BASE is a git revision (a commit, a branch, HEAD); it is compared with the working tree as it is. Separate runs of
bench/run.py on this shared 2-core machine differ by up to a third for the same code, so a change of a few per cent
cannot be seen by running the benchmark before and after it; here the two versions take turns within one run
(A B, B A, A B, ...), each turn a new slice of the kind's addresses against an emptied Redis, then the floor. For
each turn it prints requests a second, the ratio to the floor (the benchmark's figure) and the CPU time each miss
cost in the version's gunicorn workers, in PostgreSQL and in Redis (read from /proc, reaped processes included),
then the medians. CPU per request is steadier than requests a second: it is what a change alters.

BASE is checked out with `git worktree` into var/bench/compare-base/ (sharing this checkout's .venv and collected
static files) and served by gunicorn as bench/run.py serves the site, on the same database: bench/run.py's scale-N
PostgreSQL cluster (built by it if need be) and one throwaway Redis. The two versions must have the same migrations.
"""

import argparse
import contextlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.redis_server import RedisServer, redis_server_binary  # noqa: E402
from bench.run import APP_PORT, BENCH_DIR, PYTHON, Cluster, Site, log, run, site_env, wrk, wrk_each_once  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")
WORKTREE = BENCH_DIR / "compare-base"
FLOOR = "/bench/floor/"


def cpu_seconds(pid: int) -> float:
    """CPU time of a process and all its descendants, those that have exited and been reaped included."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    own = sum(int(value) for value in fields[11:15]) / TICKS  # utime, stime, cutime, cstime
    return own + sum(cpu_seconds(child) for child in children(pid))


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):  # the task has ended
            found += [int(child) for child in (task / "children").read_text().split()]
    return found


def postmaster_pid(cluster: Cluster) -> int:
    return int((cluster.dir / "data" / "postmaster.pid").read_text().split()[0])


class Version:
    def __init__(self, name: str, site: Site):
        self.name, self.site, self.turns = name, site, []


def with_wrk_cpu(measure, *args) -> tuple[dict, float]:
    """What `measure(*args)` gives, and the CPU time wrk took for it."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures = measure(*args)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return figures, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def turn(version: Version, paths: list[str], seconds: int, redis: RedisServer, postgres: int) -> dict:
    redis.flush()
    gunicorn = version.site.process.pid
    redis_pid = redis.process.pid
    start = cpu_seconds(gunicorn), cpu_seconds(postgres), cpu_seconds(redis_pid)
    miss, wrk_cpu = with_wrk_cpu(wrk_each_once, paths, seconds, version.site.port)
    end = cpu_seconds(gunicorn), cpu_seconds(postgres), cpu_seconds(redis_pid)
    floor = wrk(FLOOR, seconds, version.site.port)
    count = miss["requests"]
    app, database, cache = ((after - before) * 1000 / count for before, after in zip(start, end, strict=True))
    return {
        "rps": miss["rps"],
        "floor_rps": floor["rps"],
        "percent": 100 * miss["rps"] / floor["rps"],
        "app_ms": app,
        "database_ms": database,
        "redis_ms": cache,
        "wrk_ms": wrk_cpu * 1000 / count,
        "errors": miss["errors"],
    }


def line(name: str, figures: dict) -> str:
    return (
        f"{name:>8}: {figures['rps']:6.0f}/s, floor {figures['floor_rps']:5.0f}/s, {figures['percent']:5.1f}% of it; "
        f"CPU a miss: app {figures['app_ms']:.2f} ms, PostgreSQL {figures['database_ms']:.2f}, "
        f"Redis {figures['redis_ms']:.2f}, wrk {figures['wrk_ms']:.2f}"
        + (f"; {figures['errors']} errors" if figures["errors"] else "")
    )


def checkout(revision: str) -> Path:
    remove_checkout()
    run(["git", "worktree", "add", "--detach", WORKTREE, revision], cwd=ROOT, capture_output=True)
    for shared in (".venv", "staticfiles"):
        (WORKTREE / shared).symlink_to(ROOT / shared)
    return WORKTREE


def remove_checkout() -> None:
    """The base's checkout, and git's record of it, gone (also one left by a run that was stopped)."""
    if WORKTREE.exists():
        subprocess.run(["git", "worktree", "remove", "--force", str(WORKTREE)], cwd=ROOT, capture_output=True)
        shutil.rmtree(WORKTREE, ignore_errors=True)
    run(["git", "worktree", "prune"], cwd=ROOT)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base", help="the git revision to compare the working tree with")
    parser.add_argument("--kind", default="teaching school pages", help="a kind of miss, as bench/queries.py names it")
    parser.add_argument("--rounds", type=int, default=4, help="turns of each version (default 4)")
    parser.add_argument("--duration", type=int, default=8, help="seconds of load per turn (default 8)")
    parser.add_argument("--scale", type=int, default=1, help="the demo data's scale (default 1)")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers each (default: 2 per core)")
    args = parser.parse_args()
    for program in ("wrk", "redis-cli", "git"):
        if not shutil.which(program):
            raise SystemExit(f"compare: {program} is missing")
    if not redis_server_binary():
        raise SystemExit("compare: redis-server is missing: apt-get install -y redis-server")
    known = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"{args.base}^{{commit}}"], cwd=ROOT, capture_output=True
    )
    if known.returncode != 0:
        raise SystemExit(f"compare: {args.base!r} is not a commit of this repository")
    workers = args.workers or 2 * (os.cpu_count() or 1)
    run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=site_env("", page_cache=True))
    cluster = Cluster(args.scale)
    try:
        base_tree = checkout(args.base)
        cluster.start()
        cluster.build(site_env(cluster.url, page_cache=True))
        with RedisServer() as redis:
            env = site_env(cluster.url, page_cache=True, redis_url=redis.url)
            script = "import json; from queries import miss_urls; print(json.dumps(miss_urls()))"
            found = run(
                [PYTHON, "-c", f"import django; django.setup(); {script}"],
                env={**env, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'bench'}"}, cwd=ROOT,
                capture_output=True, text=True,
            )  # fmt: skip
            misses = json.loads(found.stdout)
            if args.kind not in misses:
                raise SystemExit(f"compare: no kind of miss {args.kind!r}; the kinds: {', '.join(misses)}")
            paths = misses[args.kind]
            slice_size = max(1, len(paths) // (2 * args.rounds + 1))
            with (
                Site(env, workers, cwd=base_tree, port=APP_PORT + 1) as base_site,
                Site(env, workers, cwd=ROOT, port=APP_PORT + 2) as working_site,
            ):
                base, working = Version("base", base_site), Version("working", working_site)
                postgres = postmaster_pid(cluster)
                warm = paths[-slice_size:]
                for version in (base, working):  # imports, connections, prepared statements in every worker
                    wrk_each_once(warm, 3, version.site.port)
                for number in range(args.rounds):
                    order = (base, working) if number % 2 == 0 else (working, base)
                    for position, version in enumerate(order):
                        chosen = paths[(2 * number + position) * slice_size :][:slice_size]
                        version.turns.append(turn(version, chosen, args.duration, redis, postgres))
                        log(line(version.name, version.turns[-1]))
                print(f"{args.kind}, medians of {args.rounds} turns each ({args.base} against the working tree):")
                for version in (base, working):
                    medians = {key: statistics.median(t[key] for t in version.turns) for key in version.turns[0]}
                    print(line(version.name, medians))
    finally:
        cluster.stop()
        remove_checkout()


if __name__ == "__main__":
    main()
