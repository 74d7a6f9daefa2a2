from datetime import UTC, datetime, timedelta

import pytest

from convenio.oversight.domain import suppression
from convenio.oversight.domain.complaints import (
    ComplaintStage,
    ComplaintStageError,
    check_advance,
    stage_clocks,
)
from convenio.oversight.domain.locator import normalise_a_number, normalise_country, normalise_name
from convenio.oversight.domain.webhooks import (
    RETRY_DELAYS,
    next_attempt_after,
    signed_headers,
    verify,
)
from convenio.shared.errors import InvalidInputError

NOW = datetime(2025, 4, 1, 12, 0, tzinfo=UTC)


def test_a_signed_delivery_verifies_and_a_tampered_one_does_not():
    body = b'{"event":"cases.case_transitioned"}'
    headers = signed_headers(b"s3cret", "dlv_1", NOW, body)
    assert verify(b"s3cret", headers, body, now=NOW)
    assert not verify(b"s3cret", headers, body + b" ", now=NOW)
    assert not verify(b"other", headers, body, now=NOW)
    assert not verify(b"s3cret", {**headers, "Webhook-Id": "dlv_2"}, body, now=NOW)


def test_an_old_timestamp_is_refused_as_a_replay():
    body = b"{}"
    headers = signed_headers(b"k", "dlv_1", NOW, body)
    assert not verify(b"k", headers, body, now=NOW + timedelta(minutes=6))


def test_signature_is_hmac_sha256_over_id_timestamp_and_body():
    import base64
    import hashlib
    import hmac

    headers = signed_headers(b"k", "dlv_9", NOW, b"{}")
    expected = hmac.new(b"k", f"dlv_9.{int(NOW.timestamp())}.{{}}".encode(), hashlib.sha256)
    assert headers["Webhook-Signature"] == "v1," + base64.b64encode(expected.digest()).decode()


def test_retries_back_off_then_give_up():
    assert next_attempt_after(0, NOW) == NOW
    assert next_attempt_after(1, NOW) == NOW + timedelta(seconds=RETRY_DELAYS[0])
    assert next_attempt_after(len(RETRY_DELAYS), NOW) is not None
    assert next_attempt_after(len(RETRY_DELAYS) + 1, NOW) is None


def test_complaints_move_one_stage_at_a_time():
    check_advance(ComplaintStage.FILED, ComplaintStage.ACKNOWLEDGED)
    with pytest.raises(ComplaintStageError, match="move it to acknowledged first"):
        check_advance(ComplaintStage.FILED, ComplaintStage.RESOLVED)
    with pytest.raises(ComplaintStageError, match="already resolved"):
        check_advance(ComplaintStage.RESOLVED, ComplaintStage.FILED)


def test_stage_clocks_show_elapsed_time_and_overdue_stages():
    clocks = stage_clocks(
        [(ComplaintStage.FILED, NOW), (ComplaintStage.ACKNOWLEDGED, NOW + timedelta(days=3))],
        NOW + timedelta(days=4),
    )
    assert clocks[0].elapsed == timedelta(days=3) and clocks[0].overdue
    assert clocks[1].elapsed == timedelta(days=1) and not clocks[1].overdue


@pytest.mark.parametrize(("count", "shown"), [(0, 0), (1, "<5"), (4, "<5"), (5, 5), (120, 120)])
def test_cells_under_five_are_suppressed(count, shown):
    assert suppression.cell(count) == shown


def test_a_single_suppressed_cell_takes_the_next_smallest_with_it():
    published = suppression.table({"VE": 200, "SV": 3, "HN": 9, "GT": 40})
    assert published == {"VE": 200, "SV": "<5", "HN": "<5", "GT": 40}


def test_locator_inputs_are_exact():
    assert normalise_a_number("A12345678") == "A012345678"
    assert normalise_a_number("201234567") == "A201234567"
    for bad in ("A12*", "%", "A1234", "12345678901"):
        with pytest.raises(InvalidInputError):
            normalise_a_number(bad)
    assert normalise_name("  Rojas   Medina ", field="family_name") == "Rojas Medina"
    for bad in ("Ro*", "R%", "_", "R"):
        with pytest.raises(InvalidInputError):
            normalise_name(bad, field="family_name")
    assert normalise_country("ve") == "VE"
