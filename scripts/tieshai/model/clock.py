"""Where the campaign stands in time as of a given date: days left, deadlines passed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from tieshai.model.campaign import Period

DUE_SOON_DAYS = 14


class CampaignStage(str, Enum):
    NOT_STARTED = "not_started"
    RUNNING = "running"
    ENDED = "ended"


class DeadlineState(str, Enum):
    UPCOMING = "upcoming"
    DUE_SOON = "due_soon"
    PASSED = "passed"


@dataclass(frozen=True)
class CampaignClock:
    period: Period
    as_of: date

    @property
    def stage(self) -> CampaignStage:
        if self.as_of < self.period.start:
            return CampaignStage.NOT_STARTED
        if self.as_of > self.period.end:
            return CampaignStage.ENDED
        return CampaignStage.RUNNING

    @property
    def total_days(self) -> int:
        return (self.period.end - self.period.start).days + 1

    @property
    def days_elapsed(self) -> int:
        """Days of the period that have begun by ``as_of`` (the as-of day included)."""
        return min(max((self.as_of - self.period.start).days + 1, 0), self.total_days)

    @property
    def days_left(self) -> int:
        return self.total_days - self.days_elapsed

    def fraction(self, day: date) -> float:
        """Position of ``day`` along the period, from 0 (first day) to 1 (last day)."""
        span = (self.period.end - self.period.start).days or 1
        return min(max((day - self.period.start).days / span, 0.0), 1.0)

    def deadline_state(self, deadline: date) -> DeadlineState:
        if self.as_of > deadline:
            return DeadlineState.PASSED
        if (deadline - self.as_of).days <= DUE_SOON_DAYS:
            return DeadlineState.DUE_SOON
        return DeadlineState.UPCOMING

    def days_until(self, deadline: date) -> int:
        return (deadline - self.as_of).days
