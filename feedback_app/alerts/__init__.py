"""Safeguarding alerts by e-mail: an outbox filled and emptied by ``flask alerts send``.

The submission that raises a concern never waits for mail: it commits the response
and its flag, and nothing else. A job run every minute (cron or a systemd timer, see
docs/deployment.md) finds flags no lead has been told about, queues one message per
lead, sends what is due through ``MAIL_SERVER`` and retries what failed with backoff.
A message says only that a concern is waiting and where to read it.
"""
