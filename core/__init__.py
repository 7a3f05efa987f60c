"""What every page of the site shares — the page cache, CSV responses with the formula guard, money and date
formatting, text checks, security headers and request limits, page compression, JSON logs, the read-only admin.
It imports none of the other apps; they all may import it."""
