"""gunicorn's settings for the service; gunicorn reads this file from the directory it is started in
(`make serve`, or `gunicorn support_directory.wsgi` in the project's root)."""

import os

# The proxies (load balancer) in front of gunicorn, by address or network, comma-separated: only a request from one
# of them may say through X-Forwarded-Proto that it came over HTTPS. Anyone else's header is ignored.
forwarded_allow_ips = os.environ.get("DJANGO_TRUSTED_PROXIES", "127.0.0.1")

# The request line and headers, bounded (gunicorn's defaults, written out): a longer request line gets 414, more or
# longer headers 400, before Django sees the request. Bodies are bounded by Django (settings.MAX_REQUEST_BYTES).
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
