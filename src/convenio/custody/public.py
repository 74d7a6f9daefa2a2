"""What other contexts and the faces may use of custody.

Read side (billing, oversight, the locator): ``Stay``, ``list_stays``, ``locate``,
``occupancy``, ``daily_population``, ``list_incidents``, ``list_deaths``, ``list_alerts``;
for a context that keeps its own copy of the admissions (billing): ``admission_count``,
``admissions_after``, ``exits_in_force``.
Write side inside the caller's transaction (movements' handover): ``admit`` (with the
facility's ``room_of`` read once for a whole handover) and ``record_incident``.

Locator mapping (``Location.status``): ``held`` while a stay is open; ``returned`` after a
return to the sending state; ``released`` after any other exit (release, repatriation,
transfer, death) — the person is no longer held under the agreement; ``Location.exit_reason``
carries the precise reason for callers entitled to it. ``None``: never held.

Days: ``admitted_on`` and ``exited_on`` are the facility's local dates of the handover and of
the exit. Occupancy on a day is the midnight count: people admitted on or before the day and
not exited on or before it.
"""

from __future__ import annotations

from convenio.custody.adapters.agreement import agreement_in_force
from convenio.custody.domain.intake import Intake
from convenio.custody.domain.model import (
    LOCATION_BY_EXIT,
    ExitReason,
    FacilityOccupancy,
    Location,
    OccupancyReport,
    ReleaseGround,
    Stay,
    UnitOccupancy,
)
from convenio.custody.followers import (
    AdmissionRow,
    ExitSummary,
    admission_count,
    admissions_after,
    exits_in_force,
)
from convenio.custody.queries import (
    daily_population,
    list_alerts,
    list_deaths,
    list_incidents,
    locate,
    occupancy,
)
from convenio.custody.recording import admit, facility_of, record_incident
from convenio.custody.room import FacilityRoom, room_of
from convenio.custody.stays import list_stays

__all__ = [
    "LOCATION_BY_EXIT",
    "AdmissionRow",
    "ExitReason",
    "ExitSummary",
    "FacilityOccupancy",
    "FacilityRoom",
    "Intake",
    "Location",
    "OccupancyReport",
    "ReleaseGround",
    "Stay",
    "UnitOccupancy",
    "admission_count",
    "admissions_after",
    "admit",
    "agreement_in_force",
    "daily_population",
    "exits_in_force",
    "facility_of",
    "list_alerts",
    "list_deaths",
    "list_incidents",
    "list_stays",
    "locate",
    "occupancy",
    "record_incident",
    "room_of",
]
