"""A plain-Python, per-person reading of RULEBOOK v1: the independent oracle of the tests and
the baseline of ``bench/bench_screen.py``. JSON-like dicts in, a plain dict out."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

PROTECTION_KINDS = {"withholding", "cat", "cat_deferral", "fear_third_country"}
WEAK = {
    "tattoo",
    "clothing",
    "hand_signs",
    "social_media",
    "associates",
    "intelligence",
    "location",
}


def _d(text: str) -> date:
    return date.fromisoformat(text)


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def hold_active(hold: dict[str, Any], at: datetime) -> bool:
    if _instant(hold["issued_at"]) > at:
        return False
    return not any(hold.get(k) and _instant(hold[k]) <= at for k in ("expires_at", "lifted_at"))


def hold_match(hold: dict[str, Any], person: dict[str, Any], day: date) -> bool:
    scope = hold["scope"]
    if "person_ids" in scope:
        return person["person_id"] in scope["person_ids"]
    criteria = scope["class"]
    if not criteria:
        return False
    cits = set(person["citizenships"])
    for name, values in criteria.items():
        if name == "citizenships" and not cits & set(values):
            return False
        if name == "us_status" and person["us_status"] not in values:
            return False
        if name == "removal_basis" and not any(
            o["basis"] in values and _d(o["issued_on"]) <= day
            for o in person.get("removal_orders") or []
        ):
            return False
        if name == "designation_organizations" and not any(
            d["organization"] in values and _d(d["designated_on"]) <= day
            for d in person.get("designations") or []
        ):
            return False
        if name == "nationality_not" and cits & set(values):
            return False
    return True


def decide_plain(
    person: dict[str, Any],
    holds: list[dict[str, Any]],
    params: dict[str, Any],
    receiving: str,
    as_of: datetime,
) -> dict[str, Any]:
    """RULEBOOK v1 read literally for one person; ``params`` are the values in force."""
    day = as_of.date()

    def dated(key: str, field: str) -> list[dict[str, Any]]:
        return [r for r in person.get(key) or [] if _d(r[field]) <= day]

    birth = _d(person["birth_date"])
    age = day.year - birth.year - (1 if (day.month, day.day) < (birth.month, birth.day) else 0)
    citizen = "US" in person["citizenships"] or person["us_status"] == "citizen"
    lpr = not citizen and person["us_status"] == "lpr"
    finals = [c for c in dated("convictions", "convicted_on") if c["final"]]
    removal = [
        o for o in dated("removal_orders", "issued_on") if o["final"] and o["basis"] != "aea"
    ]
    ends = [
        _d(c["sentence"]["start_on"]) + timedelta(days=c["sentence"]["days"])
        for c in finals
        if c.get("sentence")
    ]
    release = max(ends) if ends else None
    claims = dated("protection_claims", "filed_on")
    notices = dated("notices", "served_on")
    valid = [
        n for n in notices if n["language"] in person["languages"] and n["explains_how_to_contest"]
    ]
    medical = dated("medical_assessments", "assessed_on")
    latest = max((_d(m["assessed_on"]) for m in medical), default=None)
    hold_ids = [h["hold_id"] for h in holds if hold_active(h, as_of) and hold_match(h, person, day)]
    codes: list[tuple[str, str]] = []

    def rule(code: str, applies: bool, severity: str = "block") -> None:
        if applies:
            codes.append((code, severity))

    rule("MINOR", age < params["adult_age"])
    rule("US_CITIZEN", citizen, "review" if params["authority_us_citizens"] else "block")
    rule("LAWFUL_PERMANENT_RESIDENT", lpr, "review" if params["authority_lpr"] else "block")
    rule("PROTECTED_STATUS", person["us_status"] in ("refugee", "asylee", "tps"))
    rule("NO_FINAL_REMOVAL_ORDER", not citizen and not lpr and not removal)
    rule("NO_FINAL_CONVICTION", params["require_final_conviction"] and not finals)
    rule(
        "SENTENCE_REMAINING_SHORT",
        (citizen or lpr)
        and (release is None or (release - day).days < params["min_remaining_sentence_days"]),
    )
    rule(
        "PROTECTION_GRANTED",
        any(
            c["status"] == "granted" and c["kind"] in PROTECTION_KINDS and c["country"] == receiving
            for c in claims
        ),
    )
    rule("PROTECTION_PENDING", any(c["status"] == "pending" for c in claims))
    rule("NOTICE_MISSING", not notices)
    rule("NOTICE_DEFECTIVE", bool(notices) and not valid)
    rule(
        "NOTICE_PERIOD_RUNNING",
        bool(valid)
        and day
        < min(_d(n["served_on"]) for n in valid) + timedelta(days=params["notice_min_days"]),
    )
    rule(
        "HABEAS_PENDING",
        any(h["status"] == "pending" for h in dated("habeas_petitions", "filed_on")),
    )
    rule("LEGAL_HOLD", bool(hold_ids))
    rule("CONSENT_MISSING", params["require_consent"] and person.get("consent") is not True)
    rule(
        "NOT_FIT_TO_TRAVEL",
        latest is not None
        and any(not m["fit_to_travel"] for m in medical if _d(m["assessed_on"]) == latest),
    )
    rule(
        "MEDICAL_ASSESSMENT_MISSING",
        latest is None or (day - latest).days > params["medical_max_age_days"],
        "review",
    )
    rule("PENDING_CHARGES", bool(dated("pending_charges", "filed_on")), "review")
    rule(
        "DESIGNATION_UNSUPPORTED",
        any(
            not d["adjudicated"] and all(b in WEAK for b in d["basis"])
            for d in dated("designations", "designated_on")
        ),
        "review",
    )

    severities = {s for _, s in codes}
    decision = "ineligible" if "block" in severities else "review" if severities else "eligible"
    category = (
        None
        if decision == "ineligible"
        else ("sentence_transfer" if citizen or lpr else "deportee")
    )
    return {
        "person_id": person["person_id"],
        "decision": decision,
        "category": category,
        "codes": [c for c, _ in codes],
        "severities": [s for _, s in codes],
        "hold_ids": hold_ids,
    }
