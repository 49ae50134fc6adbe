"""How old the data may be before we say so: one set of numbers for Dagster and for the dashboard.

The sources are refreshed once a month (orchestration/defs/sources/schedules.py). CBS adds figures to a KWB table
every quarter and corrects them in between, so a month is as far behind as we want to be. A failed monthly run
should be fixed within two weeks; after that the freshness policy in Dagster fails and the dashboard shows a
notice, so nobody takes old figures into a meeting without knowing it.

No Dagster or dashboard import here: Dagster's definitions and the dashboard both import this module (the
dashboard's notice text is `dashboards.components.stale_notice`).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

# The monthly refresh plus a few days for a schedule that fired late or a run that was retried the next day.
SOURCE_WARN_AFTER = timedelta(days=35)
# A month plus two weeks to notice and fix a failed refresh.
SOURCE_FAIL_AFTER = timedelta(days=45)
# The published data may be as old as the sources may be: the publish runs in the same run as the refresh.
PUBLICATION_MAX_AGE = SOURCE_FAIL_AFTER


def as_utc(moment) -> datetime:
    """A datetime, pandas Timestamp or ISO string as an aware UTC datetime; naive values are taken as UTC."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if hasattr(moment, "to_pydatetime"):  # pandas Timestamp, without importing pandas here
        moment = moment.to_pydatetime()
    if not isinstance(moment, datetime):
        raise TypeError(f"expected a datetime, got {type(moment).__name__}")
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def age(published_at, now=None) -> timedelta:
    """How long ago the data was published."""
    return as_utc(now or datetime.now(UTC)) - as_utc(published_at)


def is_stale(published_at, now=None) -> bool:
    """True when the published data is older than the freshness policy allows."""
    return age(published_at, now) > PUBLICATION_MAX_AGE
