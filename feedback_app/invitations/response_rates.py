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

Cards made are counted from the batches; cards used from ``used_cards``, which keep
only their batch's team and quarter (models.py): the two meet only in these totals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from feedback_app.extensions import db
from feedback_app.invitations.models import InvitationBatch, UsedCard
from feedback_app.invitations.quarters import Quarter

#: The fewest cards a team's quarter needs before its response rate is shown. A Chair
#: hands out 2 to 6 cards a meeting (parents, a child, professionals), so 20 cards are
#: at least four meetings: a rate, or its change, then no longer describes one family.
MIN_CARDS_FOR_A_RATE = 20
DEFAULT_MIN_RESPONSES_SHOWN = 5


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
    totals: dict[tuple[Quarter, str | None], list[int]] = {}
    # Cards made: from the batches, which never change after they are made.
    # (Counting code rows would not do: migration 0010 deleted the codes used before it.)
    for batch in db.session.scalars(select(InvitationBatch)):
        totals.setdefault((Quarter.of(batch.created_on), batch.team), [0, 0])[0] += batch.cards
    # Cards used: from used_cards, which keep only their batch's team and quarter.
    for quarter, team, used in db.session.execute(
            select(UsedCard.quarter, UsedCard.team, func.count()).group_by(UsedCard.quarter, UsedCard.team)):
        totals.setdefault((Quarter.from_key(quarter), team), [0, 0])[1] += int(used)
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
