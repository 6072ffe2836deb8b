"""When the next reminder is due: a cadence, a weekday and an hour in Paris time.

Times are computed in Paris and stored in UTC, so a reminder set for 10h stays at 10h
across the changes to and from summer time. By default reminders fall on working days
between 8h and 20h; other days and hours are only used when the agent picks them.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
DAY_START, DAY_END = 8, 20
WORKING_DAYS = (0, 1, 2, 3, 4)
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


class Cadence(StrEnum):
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"
    NEVER = "never"

    @property
    def label(self) -> str:
        return {
            "weekly": "Chaque semaine",
            "biweekly": "Toutes les deux semaines",
            "monthly": "Chaque mois",
            "never": "Jamais",
        }[self.value]


# Days between two reminders; "monthly" is every four weeks, on the same weekday.
STEP_DAYS = {Cadence.WEEKLY: 7, Cadence.BIWEEKLY: 14, Cadence.MONTHLY: 28}
# A completed livret: once a year, "pensez à mettre à jour votre livret".
YEARLY_DAYS = 364


@dataclass(frozen=True)
class Plan:
    cadence: Cadence = Cadence.WEEKLY
    weekday: int = 1  # Tuesday: away from the Monday rush and the Friday afternoon
    hour: int = 10
    # Once the livret is complete: a reminder a year to bring it up to date, or none.
    yearly: bool = False


def next_due(plan: Plan, after: datetime, previous: datetime | None = None) -> datetime | None:
    """The first time on the plan's weekday and hour that is after ``after`` and, when a
    reminder was due at ``previous``, a whole step after it; in UTC."""
    if plan.cadence is Cadence.NEVER:
        return None
    earliest = after
    if previous is not None:
        # A day less than the step: the weekday then lands on the step exactly.
        earliest = max(after, previous + timedelta(days=STEP_DAYS[plan.cadence] - 1))
    return _on_weekday(plan, earliest)


def yearly_due(plan: Plan, after: datetime) -> datetime:
    """For a complete livret: on the plan's weekday and hour, about a year later."""
    return _on_weekday(plan, after + timedelta(days=YEARLY_DAYS - 1))


def _on_weekday(plan: Plan, earliest: datetime) -> datetime:
    day = earliest.astimezone(PARIS).date()
    for offset in range(8):
        candidate = day + timedelta(days=offset)
        if candidate.weekday() != plan.weekday:
            continue
        # zoneinfo gives that date's own offset: +01:00 in winter, +02:00 in summer.
        at = datetime.combine(candidate, time(plan.hour), PARIS).astimezone(UTC)
        if at > earliest:
            return at
    raise AssertionError("a weekday comes back within 8 days")
