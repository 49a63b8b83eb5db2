"""Response rates of invitation cards, by team and financial quarter, never per batch.

A per-batch count ("0 of 3" becoming "1 of 3") tells whoever made a batch for one
family whether and when that family answered, and lines up with the one new comment
on the comments page. So usage is shown only:

- for a whole financial quarter of batches (by the day each batch was made, which
  the server sets), and only once every code made in that quarter has expired: the
  figures can then never change again, so reloading the page teaches nothing;
- for a team and quarter with at least ``MIN_CARDS_FOR_A_RATE`` cards, so that a rate
  is about several meetings, not one family;
- with the number of responses only when it is 0 or at least the deployment's
  ``min_responses_shown`` (otherwise "fewer than 5" and no rate).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import case, func, select

from feedback_app.extensions import db
from feedback_app.invitations.codes import expired, expiry_days
from feedback_app.invitations.models import InvitationBatch, InvitationCode

#: The fewest cards a team's quarter needs before its response rate is shown. A Chair
#: hands out 2 to 6 cards a meeting (parents, a child, professionals), so 20 cards are
#: at least four meetings: a rate, or its change, then no longer describes one family.
MIN_CARDS_FOR_A_RATE = 20
DEFAULT_MIN_RESPONSES_SHOWN = 5
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")


@dataclass(frozen=True, order=True)
class Quarter:
    """A financial quarter: Q1 is April to June, Q4 January to March of the next calendar year."""

    year: int  # the financial year 2026/27 is 2026
    number: int  # 1 to 4

    @classmethod
    def of(cls, day: date) -> Quarter:
        year = day.year if day.month >= 4 else day.year - 1
        return cls(year, (day.month - 4) % 12 // 3 + 1)

    @property
    def first_day(self) -> date:
        month = 3 * self.number + 1
        return date(self.year + (month > 12), (month - 1) % 12 + 1, 1)

    @property
    def last_day(self) -> date:
        following = Quarter(self.year + (self.number == 4), self.number % 4 + 1)
        return following.first_day - timedelta(days=1)

    @property
    def label(self) -> str:
        first, last = self.first_day, self.last_day
        return (f"Q{self.number} {self.year}/{(self.year + 1) % 100:02d} "
                f"({MONTH_NAMES[first.month - 1]} to {MONTH_NAMES[last.month - 1]} {last.year})")

    @property
    def shown_from(self) -> date:
        """The first day on which every code that can have been made in this quarter has expired."""
        return self.last_day + timedelta(days=expiry_days() + 1)

    def released(self, on: date | None = None) -> bool:
        """Whether every code that can have been made in this quarter has expired (on the given day)."""
        return expired(self.last_day, on)


@dataclass(frozen=True)
class TeamQuarter:
    quarter: Quarter
    team: str | None
    cards: int
    used: int
    min_responses: int

    @property
    def enough_cards(self) -> bool:
        return self.cards >= MIN_CARDS_FOR_A_RATE

    @property
    def responses_shown(self) -> bool:
        return self.enough_cards and (self.used == 0 or self.used >= self.min_responses)

    @property
    def rate(self) -> int | None:
        """Responses per card, in whole per cent, when it may be shown."""
        return round(100 * self.used / self.cards) if self.responses_shown else None


@dataclass(frozen=True)
class ResponseRates:
    shown: list[TeamQuarter]  # released quarters, newest first, teams in order
    waiting: list[tuple[Quarter, date]]  # quarters with cards whose figures are not shown yet, and from when


def response_rates(deployment: dict, today: date) -> ResponseRates:
    """Usage by team and quarter for quarters whose codes have all expired; later ones only say when."""
    min_responses = int(deployment.get("min_responses_shown", DEFAULT_MIN_RESPONSES_SHOWN))
    rows = db.session.execute(
        select(InvitationBatch.created_on, InvitationBatch.team, func.count(),
               func.sum(case((InvitationCode.used.is_(True), 1), else_=0)))
        .join(InvitationCode, InvitationCode.batch_id == InvitationBatch.id)
        .group_by(InvitationBatch.created_on, InvitationBatch.team))
    totals: dict[tuple[Quarter, str | None], list[int]] = {}
    for created_on, team, cards, used in rows:
        total = totals.setdefault((Quarter.of(created_on), team), [0, 0])
        total[0] += int(cards)
        total[1] += int(used or 0)
    team_order = {team: index for index, team in enumerate(deployment.get("teams") or [])}
    shown, waiting = [], {}
    for (quarter, team), (cards, used) in totals.items():
        if quarter.released(today):
            shown.append(TeamQuarter(quarter, team, cards, used, min_responses))
        else:
            waiting[quarter] = quarter.shown_from
    shown.sort(key=lambda row: (-row.quarter.year, -row.quarter.number, team_order.get(row.team, len(team_order)),
                                row.team or "~"))
    return ResponseRates(shown, sorted(waiting.items(), reverse=True))
