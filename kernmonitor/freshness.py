"""How old the data may be before we say so: one set of numbers for Dagster and for the dashboard.

The sources are refreshed once a month (orchestration/defs/sources/schedules.py). CBS adds figures to a KWB table
every quarter and corrects them in between, so a month is as far behind as we want to be. A failed monthly run
should be fixed within two weeks; after that the freshness policy in Dagster fails and the dashboard shows a
notice, so nobody takes old figures into a meeting without knowing it.

No Dagster import here: the dashboard imports this module and should stay light.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from dashboards.formatting import MAANDEN

# The monthly refresh plus a few days for a schedule that fired late or a run that was retried the next day.
SOURCE_WARN_AFTER = timedelta(days=35)
# A month plus two weeks to notice and fix a failed refresh.
SOURCE_FAIL_AFTER = timedelta(days=45)
# The published data may be as old as the sources may be: the publish runs in the same run as the refresh.
PUBLICATION_MAX_AGE = SOURCE_FAIL_AFTER


def _as_utc(moment) -> datetime:
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
    return _as_utc(now or datetime.now(UTC)) - _as_utc(published_at)


def is_stale(published_at, now=None) -> bool:
    """True when the published data is older than the freshness policy allows."""
    return age(published_at, now) > PUBLICATION_MAX_AGE


def stale_notice(published_at, now=None) -> str | None:
    """The Dutch notice the dashboard shows above stale data; None while the data is fresh."""
    if not is_stale(published_at, now):
        return None
    published = _as_utc(published_at)
    days = age(published_at, now).days
    return (
        f"Let op: deze gegevens zijn gepubliceerd op {published.day} {MAANDEN[published.month - 1]} "
        f"{published.year}, {days} dagen geleden. Ze worden elke maand ververst; de laatste verversing is "
        f"waarschijnlijk mislukt. Vraag de beheerder om het na te kijken."
    )
