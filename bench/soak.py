"""A bounded load test on loopback: the benchmark's URL mix for a few minutes under gunicorn with production
settings on PostgreSQL, checking for zero errors and flat memory.

    make soak                         # 3 minutes at concurrency 8 (the scale-1 benchmark database)
    .venv/bin/python bench/soak.py --minutes 5

It reuses the benchmark's database cluster (var/bench/pg-scale1, built on first use) and only ever sends traffic to
127.0.0.1. Memory is the resident size of the gunicorn workers, sampled every 10 seconds; it is "flat" when the
last third of the run averages at most --max-growth (default 15%) above the first third after a warm-up minute.
Exits non-zero if there was any error or memory grew."""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import (  # noqa: E402  (the benchmark harness, beside this file)
    APP_PORT,
    CONCURRENCY,
    HOST,
    PYTHON,
    ROOT,
    Cluster,
    Site,
    log,
    run,
    site_env,
)

SAMPLE_SECONDS = 10


def worker_rss_kib(master_pid: int) -> int:
    """Resident memory of gunicorn's master and workers, in KiB, from /proc."""
    total = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue
        pid = int(status.parent.name)
        if pid == master_pid or fields.get("PPid", "").strip() == str(master_pid):
            total += int(fields.get("VmRSS", "0 kB").split()[0])
    return total


def mix_script(paths: list[str]) -> Path:
    """A wrk script that sends the URL mix in turn and prints the figures bench/run.py reads."""
    listed = ", ".join(json.dumps(path) for path in paths)
    report = (ROOT / "bench" / "report.lua").read_text()
    script = f"""
paths = {{{listed}}}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
{report}
"""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    return Path(handle.name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=3.0)
    parser.add_argument("--max-growth", type=float, default=0.15)
    args = parser.parse_args()
    seconds = int(args.minutes * 60)
    run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=site_env("", page_cache=True))
    cluster = Cluster(1)
    cluster.start()
    try:
        env = site_env(cluster.url, page_cache=True)
        cluster.build(env)
        found = json.loads(
            run([PYTHON, ROOT / "bench" / "queries.py"], env=env, cwd=ROOT, capture_output=True, text=True).stdout
        )
        paths = [path for label, path in found["urls"].items() if label != "floor"]
        script = mix_script(paths)
        with Site(env, workers=2 * (os.cpu_count() or 1)) as site:
            samples: list[tuple[float, int]] = []
            stop = threading.Event()

            def sample():
                started = time.monotonic()
                while not stop.wait(SAMPLE_SECONDS):
                    samples.append((time.monotonic() - started, worker_rss_kib(site.process.pid)))

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            log(f"soak: {len(paths)} URLs in turn, concurrency {CONCURRENCY}, {seconds} s, on {HOST}:{APP_PORT}")
            result = subprocess.run(
                ["wrk", "-t2", f"-c{CONCURRENCY}", f"-d{seconds}s", "--timeout", "5s", "-s", script,
                 f"http://{HOST}:{APP_PORT}/"],
                check=True, capture_output=True, text=True,
            )  # fmt: skip
            stop.set()
            sampler.join()
        script.unlink(missing_ok=True)
    finally:
        cluster.stop()
    line = next(line for line in result.stdout.splitlines() if line.startswith("BENCH "))
    figures = json.loads(line.removeprefix("BENCH "))
    errors = sum(figures[kind] for kind in ("connect", "read", "write", "status", "timeout"))
    settled = [rss for at, rss in samples if at >= 60] or [rss for _, rss in samples]
    third = max(1, len(settled) // 3)
    early, late = sum(settled[:third]) / third, sum(settled[-third:]) / third
    growth = (late - early) / early if early else 0.0
    rps = figures["requests"] / (figures["duration_us"] / 1e6)
    print(
        f"soak: {figures['requests']:,} requests in {seconds} s ({rps:,.0f}/s), {errors} errors, "
        f"p99 {figures['p99'] / 1000:.0f} ms; worker memory {early / 1024:.0f} MiB -> {late / 1024:.0f} MiB "
        f"({growth:+.1%})"
    )
    if errors or growth > args.max_growth:
        raise SystemExit("soak: FAILED (errors, or memory grew)")
    print("soak: passed")


if __name__ == "__main__":
    main()
