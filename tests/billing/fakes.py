"""An in-memory custody source for the billing tests, answering like
``custody.public.list_stays``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from convenio.billing.domain.model import CustodyInterval

DATA = Path(__file__).parent / "data"


@dataclass
class FakeCustody:
    """Custody intervals held in memory, answering like ``custody.public.list_stays``."""

    stays: dict[str, CustodyInterval] = field(default_factory=dict)

    def add(
        self,
        stay_id: str,
        admitted_on: date,
        exited_on: date | None = None,
        *,
        person_id: str | None = None,
        facility_id: str = "F1",
    ) -> CustodyInterval:
        interval = CustodyInterval(
            stay_id=stay_id,
            person_id=person_id or f"person-{stay_id}",
            facility_id=facility_id,
            admitted_on=admitted_on,
            exited_on=exited_on,
            source_events=(f"evt-admit-{stay_id}",),
            revision=1,
        )
        self.stays[stay_id] = interval
        return interval

    def correct_exit(self, stay_id: str, exited_on: date | None) -> None:
        """A retroactive change: a corrected release date, at a higher revision."""
        old = self.stays[stay_id]
        self.stays[stay_id] = replace(
            old,
            exited_on=exited_on,
            revision=old.revision + 1,
            source_events=(*old.source_events, f"evt-correct-{stay_id}-{old.revision + 1}"),
        )

    def __call__(self, _session: object, start: date, end: date) -> Sequence[CustodyInterval]:
        return [
            s
            for s in self.stays.values()
            if s.admitted_on <= end and (s.exited_on is None or s.exited_on >= start)
        ]
