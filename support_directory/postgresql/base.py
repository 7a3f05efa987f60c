"""Django's PostgreSQL backend, checking a kept connection only when it has stood idle.

With CONN_HEALTH_CHECKS, Django asks the server `SELECT 1` before the first query of every request that reuses a
connection: a round trip to PostgreSQL on every page built (issue #14: about a sixth of PostgreSQL's CPU on a
teaching school page's miss). A connection used a moment ago is alive unless the server has just gone away, and then
the requests it is serving fail whether or not they check; one that has stood idle may have been closed by the
server, a proxy or a restart without anyone noticing. So a connection is checked as Django checks it when it was last
used more than IDLE_SECONDS ago, or psycopg knows it is closed, and not otherwise. A request whose query fails on a
dead connection marks it, and Django checks and replaces it when the request ends (errors_occurred)."""

import time

from django.db.backends.postgresql import base

IDLE_SECONDS = 5.0


class DatabaseWrapper(base.DatabaseWrapper):
    last_used = float("-inf")  # time.monotonic() of the connection's last cursor

    def close_if_health_check_failed(self):
        now = time.monotonic()
        if (
            not self.health_check_done
            and self.connection is not None
            and not self.connection.closed
            and now - self.last_used < IDLE_SECONDS
        ):
            self.health_check_done = True
        super().close_if_health_check_failed()
        self.last_used = now
