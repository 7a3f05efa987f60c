"""Where a cache miss spends its time: pyinstrument over a few dozen distinct addresses of one kind, each asked once,
through the whole middleware stack with the settings and database of the environment (as bench/run.py sets them).

    DJANGO_SETTINGS_MODULE=support_directory.settings.production DJANGO_SECRET_KEY=x DJANGO_ALLOWED_HOSTS=127.0.0.1 \\
    DATABASE_URL=postgres://... REDIS_URL=redis://... .venv/bin/python bench/profile_miss.py "postcode searches"

The kinds are those of bench/queries.py's miss_urls(). Prints the profile as text, and the milliseconds per request
(wall clock and CPU), so the biggest costs can be taken first."""

import os
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "support_directory.settings.production")
django.setup()

from django.test import Client  # noqa: E402
from pyinstrument import Profiler  # noqa: E402
from queries import miss_urls  # noqa: E402


def main():
    kind = sys.argv[1] if len(sys.argv) > 1 else "postcode searches"
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    paths = miss_urls()[kind]
    client = Client(HTTP_HOST="127.0.0.1", headers={"Accept-Encoding": "gzip"})
    client.get(paths[-1])  # imports, connections, the option lists
    profiler = Profiler(interval=0.0005)
    wall, cpu = time.perf_counter(), time.process_time()
    with profiler:
        for path in paths[:count]:
            assert client.get(path).status_code == 200, path
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(profiler.output_text(color=False, unicode=False))
    print(f"{kind}: {1000 * wall / count:.1f} ms a request, {1000 * cpu / count:.1f} ms of it CPU in this process")


if __name__ == "__main__":
    main()
