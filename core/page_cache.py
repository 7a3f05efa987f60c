"""Whole public pages cached in the shared cache, and answered with 304 Not Modified when the visitor has them.

Every anonymous visitor sees the same page for the same address on the same day, so a page is stored under a key
made of today's date, the host and the full path, together with the directory's data version it was built from. The
data version is a token in the cache that `directory_changed()` replaces after every committed change to what the
directory shows (the listing services call it, and so do signals for the models the pages show); a stored page whose
version is not the current one is never served, so a curator's change is never hidden by a cached page: the next
request builds the page afresh and overwrites the old one. The version and the page are read together, so a page
from the cache costs one cache read (one query with the database cache); a page built on a miss reads the parts it
names with them (a search's ids) and stores those it works out with itself, so a new search costs two. Requests
carrying a session or messages cookie (curators signed in to the admin or the portal) are never cached nor served
from the cache.

Because the version, the pages and the ETags live in the shared cache and are derived from the data alone, any
number of app servers can serve the same pages consistently: what a process keeps (per_data_version,
kept_in_process) is kept under the shared version and let go with it."""

import gzip
import hashlib
import uuid
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from zlib_ng import gzip_ng

VERSION_KEY = "directory-data-version"
PAGE_SECONDS = 60 * 60
# Downloads larger than this stream every time rather than fill the cache.
MAX_CACHED_BYTES = 2 * 1024 * 1024


# The version a cached page's request read with the page itself: the parts it asks for while it is built (the
# option lists, the ids, the filter panel) use it rather than read it again, a cache round trip each.
_request_version: ContextVar[str | None] = ContextVar("data_version_of_this_page", default=None)


@dataclass
class _PageParts:
    """The remembered parts of a page being built on a miss: those read with the page (slot -> (version, value), for
    the slots asked), and those worked out, to be stored with the page (slot -> ((version, value), seconds))."""

    asked: frozenset = frozenset()
    found: dict = field(default_factory=dict)
    to_store: dict = field(default_factory=dict)


_page_parts: ContextVar[_PageParts | None] = ContextVar("remembered_parts_of_this_page", default=None)


def data_version() -> str:
    if (version := _request_version.get()) is not None:
        return version
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY, version)
    return version


def replace_data_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def directory_changed() -> None:
    """Something the public pages show changed: from the moment the change is committed, every page is built
    afresh. (Replacing the version before the commit would let a request still seeing the old rows store them
    under the new version.)"""
    transaction.on_commit(replace_data_version)


def _part_slot(key: str) -> str:
    """Where a remembered part is kept, whatever the data version (the stored value carries its version, as a page
    does), so that a page can read its parts with itself before it knows the version."""
    return "directory-part:" + hashlib.sha256(key.encode()).hexdigest()[:32]


def remembered(key: str, compute, seconds: int):
    """`compute()`, kept in the shared cache under `key` for this version of the data (a fragment, a count). While a
    cached page is built, a part it named (cached_page's `parts`) was read with the page, and one worked out is
    stored with the page: no round trip of its own."""
    if not _enabled():
        return compute()
    slot = _part_slot(key)
    version = data_version()
    parts = _page_parts.get()
    stored = parts.found.get(slot) if parts is not None and slot in parts.asked else cache.get(slot)
    if stored is not None and stored[0] == version:
        return stored[1]
    value = compute()
    # Worked out and stored: two requests that both miss store the same value (Django's get_or_set adds, then reads
    # it back: another round trip to the cache on every miss).
    _store_parts({slot: ((version, value), seconds)}, parts)
    return value


def remembered_each(keys: list[str], compute_missing, seconds: int) -> list:
    """One value per key, as remembered() keeps them, in one cache round trip (two when some are missing, outside a
    page being built): `compute_missing(indexes)` works out the values of the keys at those indexes, together, in
    their order."""
    if not _enabled():
        return list(compute_missing(list(range(len(keys)))))
    version = data_version()
    slots = [_part_slot(key) for key in keys]
    found = {slot: stored[1] for slot, stored in cache.get_many(slots).items() if stored[0] == version}
    missing = [index for index, slot in enumerate(slots) if slot not in found]
    if missing:
        worked_out = {slots[index]: value for index, value in zip(missing, compute_missing(missing), strict=True)}
        _store_parts({slot: ((version, value), seconds) for slot, value in worked_out.items()}, _page_parts.get())
        found.update(worked_out)
    return [found[slot] for slot in slots]


def _store_parts(parts: dict, page: _PageParts | None) -> None:
    """Store (slot -> (stored value, seconds)) now, those kept as long in one round trip, or with the page being
    built."""
    if page is not None:
        page.to_store.update(parts)
        return
    by_seconds: dict[int, dict] = {}
    for slot, (stored, seconds) in parts.items():
        by_seconds.setdefault(seconds, {})[slot] = stored
    for seconds, stored in by_seconds.items():
        if len(stored) == 1:
            cache.set(*stored.popitem(), seconds)
        else:
            cache.set_many(stored, seconds)


# Facts about the whole of the directory's data, kept in this process per version of the data: key -> (version, value).
_per_version: dict[str, tuple[str, object]] = {}


def per_data_version(key: str, compute):
    """`compute()`, kept in this process for this version of the directory's data: a page built on a miss, which
    read the version with the page, asks neither the cache nor the database again (whether demo data is loaded is
    asked by every page). Only for small answers that change only when the data does."""
    version = data_version()
    kept = _per_version.get(key)
    if kept is None or kept[0] != version:
        kept = (version, compute())
        _per_version[key] = kept
    return kept[1]


class _KeptMarkup:
    def __init__(self):
        self.html: dict[str, str] = {}
        self.characters = 0


def kept_in_process(kind: str, key: str, render, *, max_characters: int) -> str:
    """`render()`'s HTML, kept in this process for this version of the data under `key`, with the rest of its
    `kind` in at most `max_characters` (keys included; past that all are let go and kept afresh, so what a visitor
    can put in a query cannot fill the memory): for markup that depends only on the data and the query, asked for by
    many pages, where even a round trip to the shared cache costs more than a dictionary."""
    if not _enabled():
        return render()
    kept = per_data_version(f"kept-in-process:{kind}", _KeptMarkup)
    html = kept.html.get(key)
    if html is None:
        html = render()
        size = len(key) + len(html)
        if kept.characters + size > max_characters:
            kept.html.clear()
            kept.characters = 0
        kept.html[key] = html
        kept.characters += size
    return html


def _enabled() -> bool:
    return getattr(settings, "DIRECTORY_PAGE_CACHE", False)


def _is_private(request) -> bool:
    return settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES


def _page_slot(request) -> str:
    """Where the page for this address is kept, whatever the data version (the stored page carries its version)."""
    address = f"{timezone.localdate().isoformat()}|{request.get_host()}|{request.get_full_path()}"
    return "directory-page-gz:" + hashlib.sha256(address.encode()).hexdigest()[:32]


def _etag(version: str, slot: str) -> str:
    return '"' + hashlib.sha256(f"{version}|{slot}".encode()).hexdigest()[:32] + '"'


def _finish(response, etag: str):
    response["ETag"] = etag
    # Browsers and proxies may keep the page but must ask again each time; the ETag makes asking cheap.
    patch_cache_control(response, no_cache=True)
    return response


def cached_page(view, *, parts=None):
    """Serve `view` from the shared cache for anonymous GETs; store its 200 answers there. `parts(request)` names the
    remembered parts (their keys) the view will ask for: they are read with the page, in the same round trip, and
    those worked out are stored with it."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if request.method != "GET" or not _enabled() or _is_private(request):
            return view(request, *args, **kwargs)
        slot = _page_slot(request)
        part_slots = [_part_slot(key) for key in parts(request)] if parts else []
        found = cache.get_many([VERSION_KEY, slot, *part_slots])
        version = found.get(VERSION_KEY) or data_version()
        etag = _etag(version, slot)
        if etag in request.headers.get("If-None-Match", ""):
            return _finish(HttpResponseNotModified(), etag)
        stored = found.get(slot)
        if stored is not None and stored[0] == version:
            _, compressed, headers = stored[:3]
            if _accepts_gzip(request):
                # Sent as stored: no decompressing, and GZipMiddleware leaves a response with an encoding alone.
                response = HttpResponse(compressed)
                response["Content-Encoding"] = "gzip"
                patch_vary_headers(response, ["Accept-Encoding"])
                etag = "W/" + etag  # as GZipMiddleware marks a page it compresses
            else:
                response = HttpResponse(gzip.decompress(compressed))
            for name, value in headers:
                response[name] = value
            return _finish(response, etag)
        page_parts = _PageParts(frozenset(part_slots), {part: found[part] for part in part_slots if part in found})
        reading, building = _request_version.set(version), _page_parts.set(page_parts)
        try:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
        finally:
            _request_version.reset(reading)
            _page_parts.reset(building)
        storable = response.status_code == 200 and not response.cookies and not response.has_header("Vary")
        if not storable or response.streaming:
            _store_parts(page_parts.to_store, None)
        if not storable:
            return response
        headers = [(name, value) for name, value in response.items()]
        if response.streaming:
            response.streaming_content = _store_when_streamed(response.streaming_content, slot, version, headers)
        else:
            compressed = _store(slot, (version, response.content, headers), page_parts.to_store)
            if _accepts_gzip(request):
                # Sent as it is stored, as a later visitor will get it: compressing it again in GZipMiddleware, at
                # its higher level, cost a results page about a millisecond more.
                response.content = compressed
                response["Content-Encoding"] = "gzip"
                patch_vary_headers(response, ["Accept-Encoding"])
                etag = "W/" + etag
        return _finish(response, etag)

    return cached_view


def _store_when_streamed(chunks, slot: str, version: str, headers: list):
    kept, size = [], 0
    for chunk in chunks:
        if size <= MAX_CACHED_BYTES:
            kept.append(chunk)
            size += len(chunk)
        yield chunk
    if size <= MAX_CACHED_BYTES:
        _store(slot, (version, b"".join(kept), headers))


def _accepts_gzip(request) -> bool:
    return "gzip" in request.headers.get("Accept-Encoding", "")


def _store(slot: str, page: tuple, parts: dict | None = None) -> bytes:
    """Pages are kept gzip-compressed: a results page is about 35 KB of HTML and 10 KB compressed; a browser, which
    accepts gzip, is sent the stored bytes as they are. Returns them. Compressed by zlib-ng at its fastest level: a
    results page in 0.12 ms rather than zlib's 0.30 ms at its fastest, for 10 KB rather than 8 KB (a page is built
    on every miss; bytes on the wire are cheap next to a visitor's wait for the server)."""
    version, content, headers = page
    compressed = gzip_ng.compress(content, 1, mtime=0)
    # With the parts the page worked out, kept as long, in one round trip (a pipeline).
    _store_parts({slot: ((version, compressed, headers), PAGE_SECONDS), **(parts or {})}, None)
    return compressed
