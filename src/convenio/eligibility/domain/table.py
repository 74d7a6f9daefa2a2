"""The table of RULEBOOK v1: rules 1 to 19, in order."""

from __future__ import annotations

from typing import Final

import polars as pl

from convenio.eligibility.domain.decision import Severity
from convenio.eligibility.domain.rules import (
    HOLD_IDS,
    NOTICE_LAW,
    WEAK_BASES_TEXT,
    Rule,
    age,
    citizen_or_lpr,
    col,
    medical_detail,
    notice_period_detail,
    sentence_detail,
    text_detail,
)

PROTECTED_STATUSES: Final = ("refugee", "asylee", "tps")

RULES: Final[tuple[Rule, ...]] = (
    Rule(
        1,
        "MINOR",
        ("birth_date",),
        ("adult_age",),
        applies=lambda ctx: col("birth_date") > pl.lit(ctx.latest_adult_birth()),
        detail=lambda ctx: pl.format(
            "age {} on {}, under adult_age {}",
            age(ctx),
            pl.lit(ctx.day.isoformat()),
            pl.lit(ctx.value("adult_age")),
        ),
    ),
    Rule(
        2,
        "US_CITIZEN",
        ("is_us_citizen",),
        ("authority_us_citizens",),
        applies=lambda _: col("is_us_citizen"),
        detail=lambda ctx: pl.lit(
            "a US citizen; "
            + (
                "authority_us_citizens is true: review"
                if ctx.flag("authority_us_citizens")
                else "no law or court authorises the transfer (authority_us_citizens false)"
            )
        ),
        review_if="authority_us_citizens",
    ),
    Rule(
        3,
        "LAWFUL_PERMANENT_RESIDENT",
        ("is_lpr",),
        ("authority_lpr",),
        applies=lambda _: col("is_lpr"),
        detail=lambda ctx: pl.lit(
            "a lawful permanent resident; "
            + (
                "authority_lpr is true: review"
                if ctx.flag("authority_lpr")
                else "no law or court authorises the transfer (authority_lpr false)"
            )
        ),
        review_if="authority_lpr",
    ),
    Rule(
        4,
        "PROTECTED_STATUS",
        ("us_status",),
        (),
        applies=lambda _: col("us_status").is_in(PROTECTED_STATUSES),
        detail=lambda _: pl.format("us_status is {}", col("us_status")),
        reference="INA §§ 207, 208, 244 (8 U.S.C. §§ 1157, 1158, 1254a): refugees, asylees "
        "and TPS holders keep their status and may not be removed under it",
    ),
    Rule(
        5,
        "NO_FINAL_REMOVAL_ORDER",
        ("is_us_citizen", "is_lpr", "has_final_removal_order"),
        (),
        applies=lambda _: ~col("is_us_citizen") & ~col("is_lpr") & ~col("has_final_removal_order"),
        detail=text_detail(
            "no final removal order on or before {day} (an Alien Enemies Act designation "
            "is not an order of removal)"
        ),
        reference="INA § 241 (8 U.S.C. § 1231): removal follows a final order of removal",
    ),
    Rule(
        6,
        "NO_FINAL_CONVICTION",
        ("has_final_conviction",),
        ("require_final_conviction",),
        applies=lambda ctx: (
            pl.lit(ctx.flag("require_final_conviction")) & ~col("has_final_conviction")
        ),
        detail=text_detail("no final conviction on or before {day}"),
    ),
    Rule(
        7,
        "SENTENCE_REMAINING_SHORT",
        ("is_us_citizen", "is_lpr", "release_date"),
        ("min_remaining_sentence_days",),
        applies=lambda ctx: (
            citizen_or_lpr(ctx)
            & (
                col("release_date").is_null()
                | (
                    col("release_date")
                    < pl.lit(ctx.days_before(-ctx.value("min_remaining_sentence_days")))
                )
            )
        ),
        detail=sentence_detail,
    ),
    Rule(
        8,
        "PROTECTION_GRANTED",
        ("has_protection_granted",),
        (),
        applies=lambda _: col("has_protection_granted"),
        detail=lambda ctx: pl.lit(
            f"protection from removal to {ctx.receiving_country} granted (withholding, CAT, "
            "CAT deferral or fear of a third country)"
        ),
        reference="INA § 241(b)(3) (8 U.S.C. § 1231(b)(3)); Convention against Torture art. 3; "
        "8 C.F.R. §§ 208.16-208.17",
    ),
    Rule(
        9,
        "PROTECTION_PENDING",
        ("has_protection_pending",),
        (),
        applies=lambda _: col("has_protection_pending"),
        detail=text_detail("a protection claim filed on or before {day} is pending"),
        reference="Refugee Convention art. 33 and Convention against Torture art. 3: "
        "no removal before a protection claim is decided",
    ),
    Rule(
        10,
        "NOTICE_MISSING",
        ("has_notice",),
        (),
        applies=lambda _: ~col("has_notice"),
        detail=text_detail("no notice served on or before {day}"),
        reference=NOTICE_LAW,
    ),
    Rule(
        11,
        "NOTICE_DEFECTIVE",
        ("has_notice", "has_valid_notice"),
        (),
        applies=lambda _: col("has_notice") & ~col("has_valid_notice"),
        detail=text_detail(
            "no notice in a language the person understands that explains how to contest"
        ),
        reference=NOTICE_LAW,
    ),
    Rule(
        12,
        "NOTICE_PERIOD_RUNNING",
        ("has_valid_notice", "earliest_valid_notice_on"),
        ("notice_min_days",),
        applies=lambda ctx: (
            col("has_valid_notice")
            & (
                col("earliest_valid_notice_on")
                > pl.lit(ctx.days_before(ctx.value("notice_min_days")))
            )
        ),
        detail=notice_period_detail,
    ),
    Rule(
        13,
        "HABEAS_PENDING",
        ("has_habeas_pending",),
        (),
        applies=lambda _: col("has_habeas_pending"),
        detail=text_detail("a habeas petition filed on or before {day} is pending"),
        reference="28 U.S.C. § 2241; Trump v. J.G.G., 604 U.S. ___ (2025): challenges are "
        "heard in habeas before removal",
    ),
    Rule(
        14,
        "LEGAL_HOLD",
        (HOLD_IDS,),
        (),
        applies=lambda _: col(HOLD_IDS) != "",
        detail=lambda _: pl.concat_str([pl.lit("active legal hold(s): "), col(HOLD_IDS)]),
        reference="the court order or administrative hold named in the detail",
        free_text=True,
    ),
    Rule(
        15,
        "CONSENT_MISSING",
        ("has_consented",),
        ("require_consent",),
        applies=lambda ctx: pl.lit(ctx.flag("require_consent")) & ~col("has_consented"),
        detail=text_detail("the person has not consented (require_consent true)"),
    ),
    Rule(
        16,
        "NOT_FIT_TO_TRAVEL",
        ("latest_medical_on", "latest_medical_unfit"),
        (),
        applies=lambda _: col("latest_medical_unfit"),
        detail=lambda _: pl.format("assessed unfit to travel on {}", col("latest_medical_on")),
        reference="RULEBOOK v1 rule 16: the latest fitness-to-travel assessment governs",
    ),
    Rule(
        17,
        "MEDICAL_ASSESSMENT_MISSING",
        ("latest_medical_on",),
        ("medical_max_age_days",),
        applies=lambda ctx: (
            col("latest_medical_on").is_null()
            | (
                col("latest_medical_on")
                < pl.lit(ctx.days_before(ctx.value("medical_max_age_days")))
            )
        ),
        detail=medical_detail,
        severity=Severity.REVIEW,
    ),
    Rule(
        18,
        "PENDING_CHARGES",
        ("has_pending_charges",),
        (),
        applies=lambda _: col("has_pending_charges"),
        detail=text_detail("a criminal charge filed on or before {day} is pending"),
        reference="RULEBOOK v1 rule 18: pending charges are for the prosecutor to weigh first",
        severity=Severity.REVIEW,
    ),
    Rule(
        19,
        "DESIGNATION_UNSUPPORTED",
        ("has_unsupported_designation",),
        (),
        applies=lambda _: col("has_unsupported_designation"),
        detail=lambda _: pl.lit(f"an unadjudicated designation rests only on {WEAK_BASES_TEXT}"),
        reference="RULEBOOK v1 rule 19: a designation from appearance or association alone "
        "is not evidence of membership",
        severity=Severity.REVIEW,
    ),
)
