"""Picks the benchmark's URLs from the loaded data and counts the SQL queries each page runs.

Run by bench/run.py with the benchmark's settings and database; prints one JSON object:
{"urls": {label: path}, "queries": {label: [first request, repeated request]}, "misses": {label: [paths]},
"weights": {label: {"pages", "median", "largest", "largest_path"}}}. The first request runs with an empty cache (what a
visitor meets after a curator's change), the second is what most visitors meet. "misses" are lists of distinct
addresses, in a fixed shuffled order, for the cache-miss runs: searches near real schools' postcodes, filter
combinations, and the pages of leaders, teaching schools and schools. "weights" are the HTML bytes of pages of each
kind, as first sent, uncompressed (issue #14: a results page at most 40 KB)."""

import itertools
import json
import math
import os
import random
import statistics
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "support_directory.settings.production")
django.setup()

from django.contrib.staticfiles.storage import staticfiles_storage  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from directory.filters import ListingFilter  # noqa: E402
from directory.models import Listing  # noqa: E402
from directory.selectors import listing_queryset  # noqa: E402
from directory.views import MAX_PAGES, RESULTS_PER_PAGE  # noqa: E402
from roles.models import Role, Specialism  # noqa: E402
from schools.models import LocalAuthority, School  # noqa: E402

FILTERED = "/search/?role=sle&la=383&specialism=maths"
POSTCODE = "/search/?postcode=LS6+1EN&radius=10"


def benchmark_urls(client: Client) -> dict[str, str]:
    leader = Listing.objects.filter(kind=Listing.Kind.LEADER).order_by("sort_name", "pk").first()
    # The deepest page a person can reach: numbered pages stop at MAX_PAGES however many results there are.
    last_page = min(MAX_PAGES, max(1, math.ceil(_result_count(client, "/search/") / RESULTS_PER_PAGE)))
    return {
        "floor": "/bench/floor/",
        "static asset": staticfiles_storage.url("vendor/govuk-frontend/govuk-frontend.min.css"),
        "list": "/search/",
        "filtered list": FILTERED,
        "postcode search": POSTCODE,
        "deep page": f"/search/?page={last_page}",
        "leader detail": f"/leaders/{leader.leader_id}/",
        "csv download": FILTERED.replace("/search/", "/search/results.csv"),
    }


MISS_RADII = [5, 10, 25]
MISS_URLS = 20_000  # at most, per kind: more than a run asks for


def miss_urls() -> dict[str, list[str]]:
    """Distinct addresses per kind of page, none of them among the fixed URLs above."""
    shuffle = random.Random(14).shuffle
    based = School.objects.filter(listings_based_here__isnull=False).exclude(postcode="")
    postcodes = sorted(set(based.values_list("postcode", flat=True)))
    shuffle(postcodes)
    postcode_searches = [
        f"/search/?postcode={postcode.replace(' ', '+')}&radius={radius}"
        for postcode, radius in itertools.product(postcodes, MISS_RADII)
    ]
    authorities = list(
        LocalAuthority.objects.filter(schools__isnull=False).distinct().values_list("dfe_code", flat=True)
    )
    roles = list(Role.objects.exclude(code=Role.Code.SLE).values_list("code", flat=True))
    specialisms = list(Specialism.objects.values_list("slug", flat=True))
    filtered = [f"/search/?role={code}&la={la}" for la, code in itertools.product(authorities, roles)] + [
        f"/search/?role=sle&la={la}&specialism={slug}" for la, slug in itertools.product(authorities, specialisms)
    ]
    filtered = [path for path in filtered if path != FILTERED]
    leaders = [
        f"/leaders/{pk}/" for pk in Listing.objects.filter(kind=Listing.Kind.LEADER).values_list("leader_id", flat=True)
    ]
    teaching_schools = [
        f"/teaching-schools/{urn}/"
        for urn in Listing.objects.filter(roles__role_id=Role.Code.TEACHING_SCHOOL)
        .values_list("urn", flat=True)
        .distinct()
    ]
    schools = [f"/schools/{urn}/" for urn in based.values_list("urn", flat=True).distinct()]
    found = {
        "postcode searches": postcode_searches,
        "filtered searches": filtered,
        "leader pages": leaders,
        "teaching school pages": teaching_schools,
        "school pages": schools,
    }
    for paths in found.values():
        shuffle(paths)
    return {label: paths[:MISS_URLS] for label, paths in found.items()}


WEIGHED = 300  # pages of each kind, from the end of its list (the warm-up half of a miss run)
SLE_RADIUS = 25


def full_pages_of_sles() -> list[str]:
    """Searches for SLEs of one specialism within 25 miles of a school's postcode, where there are SLEs: the heaviest
    kind of results page (each result with its specialisms, the chosen specialism in the panel)."""
    shuffle = random.Random(41).shuffle
    postcodes = sorted(
        set(
            School.objects.filter(listings_based_here__roles__role_id=Role.Code.SLE)
            .exclude(postcode="")
            .values_list("postcode", flat=True)
        )
    )
    specialisms = list(Specialism.objects.values_list("slug", flat=True))
    shuffle(postcodes)
    return [
        f"/search/?postcode={postcode.replace(' ', '+')}&radius={SLE_RADIUS}&role=sle&specialism={slug}"
        for postcode, slug in zip(postcodes, itertools.cycle(specialisms), strict=False)
    ][:WEIGHED]


def page_weights(client: Client, misses: dict[str, list[str]]) -> dict[str, dict]:
    weighed = {label: paths[-WEIGHED:] for label, paths in misses.items()}
    weighed["SLEs near a postcode, one specialism"] = full_pages_of_sles()
    weights = {}
    for label, paths in weighed.items():
        sizes = []
        for path in paths:
            response = client.get(path)
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
            sizes.append((len(response.content), path))
        largest = max(sizes)
        weights[label] = {
            "pages": len(sizes),
            "median": statistics.median(size for size, _ in sizes),
            "largest": largest[0],
            "largest_path": largest[1],
        }
    return weights


def _result_count(client: Client, path: str) -> int:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    query = QueryDict(path.partition("?")[2])
    filterset = ListingFilter(query, queryset=listing_queryset())
    assert filterset.is_valid(), filterset.errors
    return filterset.qs.count()


def count_queries(client: Client, path: str) -> list[int]:
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
            if response.streaming:
                b"".join(response.streaming_content)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        counts.append(len(captured.captured_queries))
    return counts


def main():
    client = Client(HTTP_HOST="127.0.0.1")
    urls = benchmark_urls(client)
    for label in ("filtered list", "postcode search"):
        if not _result_count(client, urls[label]):
            raise SystemExit(f"the {label} ({urls[label]}) finds nothing: pick other filter values")
    queries = {}
    for label, path in urls.items():
        if label == "static asset":
            continue
        cache.clear()
        queries[label] = count_queries(client, path)
    misses = miss_urls()
    for label, paths in misses.items():
        client.get(paths[-2])  # the option lists and the data version are in the cache, as for most misses
        queries[label] = count_queries(client, paths[-1])
    weights = page_weights(client, misses)
    json.dump({"urls": urls, "queries": queries, "misses": misses, "weights": weights}, sys.stdout)


if __name__ == "__main__":
    main()
