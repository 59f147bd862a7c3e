"""The task queues, one worker (or more) each, so slow work never delays fast work (docs/deploy.md).

Plain names without Django imports: settings lists them for the task backend.
"""

OUTBOX = "outbox"  # outbox drains, page invalidation, search snapshots: what freshness waits for
WEBHOOKS = "webhooks"  # deliveries to sellers' endpoints (10 s timeout each)
EMAILS = "emails"  # the mail server's pace
REPORTS = "reports"  # rollups and recomputations that take seconds to minutes
DEFAULT = "default"  # tasks that name no queue; served by the outbox worker

ALL = (OUTBOX, WEBHOOKS, EMAILS, REPORTS, DEFAULT)
# What `comeback worker --queue NAME` serves for each name (the outbox worker takes unnamed tasks too).
SERVED_WITH = {OUTBOX: (OUTBOX, DEFAULT)}
