"""Financial quarters: what response rates are counted by, and all a used card keeps of its batch's date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from feedback_app.invitations.expiry import expired, expiry_days

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

    @classmethod
    def from_key(cls, key: str) -> Quarter:
        """The quarter a ``key`` names ("2026Q3"); ValueError for anything else."""
        match = re.fullmatch(r"(\d{4})Q([1-4])", key)
        if match is None:
            raise ValueError(f"not a quarter: {key!r}")
        return cls(int(match[1]), int(match[2]))

    @property
    def key(self) -> str:
        """How the quarter is stored: "2026Q3" is October to December 2026 (the financial year's third)."""
        return f"{self.year}Q{self.number}"

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
