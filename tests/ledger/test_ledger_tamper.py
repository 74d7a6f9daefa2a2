"""Tampering with the database rows (raw SQL) or an exported bundle is detected and named."""

from __future__ import annotations

import base64
import copy

import pytest
from ledger_builders import append, make_event
from sqlalchemy import text

from convenio.ledger import public as ledger
from convenio.ledger import services
from convenio.ledger.adapters.keys import Signer
from convenio.ledger.domain.leaf import leaf_text
from convenio.ledger.domain.merkle import mth
from convenio.ledger.domain.note import Checkpoint, NoteSignature, SignedNote
from convenio.ledger.verification import verify_bundle

PARTY_A = Signer("party-a", bytes(range(32)))
PARTY_B = Signer("party-b", bytes(range(1, 33)))
KEYS = [PARTY_A.verifier, PARTY_B.verifier]


@pytest.fixture
def signed_db(db):
    """40 leaves; checkpoint #1 at 20 (A), #2 at 40 (A), #3 = #2 cosigned by B."""
    append(db, 20)
    services.sign_checkpoint(db.uow(), PARTY_A, "o")
    append(db, 20, start=20)
    services.sign_checkpoint(db.uow(), PARTY_A, "o")
    services.cosign_checkpoint(db.uow(), PARTY_B, None)
    return db


def sql(db, statement: str, **params) -> None:
    with db.engine.begin() as connection:
        connection.execute(text(statement), params)


def report_of(db):
    with db.uow() as uow:
        return ledger.verify_database(uow.session, KEYS)


def test_untouched_database_verifies(signed_db):
    assert report_of(signed_db).ok


def test_changed_leaf_row_is_named_exactly(signed_db):
    sql(signed_db, "UPDATE ledger_leaves SET leaf = :leaf WHERE seq = 25", leaf='{"forged":1}')
    first = report_of(signed_db).first_problem
    assert first.kind == "leaf" and first.index == 25
    assert "leaf 25 was changed" in first.message


def test_changed_leaf_with_recomputed_stored_hash_is_named_within_a_pair(signed_db):
    forged = b'{"forged":1}'
    sql(
        signed_db,
        "UPDATE ledger_leaves SET leaf = :leaf, leaf_hash = :h WHERE seq = 25",
        leaf=forged.decode(),
        h=ledger.hash_leaf(forged),
    )
    first = report_of(signed_db).first_problem
    assert first.kind == "leaf" and first.index == 24
    assert "leaf 24 or 25 was changed" in first.message


def test_changed_leaf_with_rewritten_stored_tree_is_caught_in_its_checkpoint_range(signed_db):
    forged = b'{"forged":1}'
    sql(
        signed_db,
        "UPDATE ledger_leaves SET leaf = :leaf, leaf_hash = :h WHERE seq = 25",
        leaf=forged.decode(),
        h=ledger.hash_leaf(forged),
    )
    sql(signed_db, "DELETE FROM ledger_nodes")
    report = report_of(signed_db)
    assert not report.ok
    assert report.first_problem.index == 20
    assert "leaves 20..39" in report.first_problem.message


def test_deleted_leaf_row_is_named(signed_db):
    sql(signed_db, "DELETE FROM ledger_leaves WHERE seq = 7")
    first = report_of(signed_db).first_problem
    assert first.kind == "gap" and first.index == 7
    assert "leaf 7 is missing" in first.message


def test_inserted_leaf_row_at_the_end_is_caught_by_the_head(signed_db):
    extra = leaf_text(make_event(99))
    sql(
        signed_db,
        "INSERT INTO ledger_leaves (seq, leaf, leaf_hash, event_type, recorded_at) "
        "VALUES (40, :leaf, :h, 'x', '2025-03-15T12:00:00+00:00')",
        leaf=extra,
        h=ledger.hash_leaf(extra.encode()),
    )
    report = report_of(signed_db)
    assert not report.ok
    assert any(p.kind == "head" and "41 leaves" in p.message for p in report.problems)


def shift_rows_up(db, start: int, end: int) -> None:
    with db.engine.begin() as connection:
        for seq in range(end, start - 1, -1):
            connection.execute(
                text("UPDATE ledger_leaves SET seq = :new WHERE seq = :old"),
                {"new": seq + 1, "old": seq},
            )


def test_inserted_leaf_row_in_the_middle_is_named(signed_db):
    shift_rows_up(signed_db, 10, 39)
    extra = leaf_text(make_event(99))
    sql(
        signed_db,
        "INSERT INTO ledger_leaves (seq, leaf, leaf_hash, event_type, recorded_at) "
        "VALUES (10, :leaf, :h, 'x', '2025-03-15T12:00:00+00:00')",
        leaf=extra,
        h=ledger.hash_leaf(extra.encode()),
    )
    first = report_of(signed_db).first_problem
    assert first.kind == "leaf" and first.index == 10
    assert "leaf 10 or 11 was changed, removed, inserted or moved" in first.message


def test_whole_rows_swapped_are_named_within_a_pair(signed_db):
    with signed_db.engine.begin() as connection:
        connection.execute(text("UPDATE ledger_leaves SET seq = 1000 WHERE seq = 3"))
        connection.execute(text("UPDATE ledger_leaves SET seq = 3 WHERE seq = 4"))
        connection.execute(text("UPDATE ledger_leaves SET seq = 4 WHERE seq = 1000"))
    first = report_of(signed_db).first_problem
    assert first.kind == "leaf" and first.index == 2
    assert "leaf 2 or 3" in first.message


def test_reordered_leaf_rows_are_named(signed_db):
    with signed_db.uow() as uow:
        three, four = (r.leaf for r in ledger.list_leaves(uow.session, 3, 2))
    sql(signed_db, "UPDATE ledger_leaves SET leaf = :leaf WHERE seq = 3", leaf=four)
    sql(signed_db, "UPDATE ledger_leaves SET leaf = :leaf WHERE seq = 4", leaf=three)
    first = report_of(signed_db).first_problem
    assert first.index == 3 and "leaf 3 was changed" in first.message


def test_changed_checkpoint_is_named(signed_db):
    with signed_db.uow() as uow:
        note = ledger.list_checkpoints(uow.session)[0].note
    sql(
        signed_db,
        "UPDATE ledger_checkpoints SET note = :note WHERE seq = 1",
        note=note.replace("\n20\n", "\n19\n", 1),
    )
    first = report_of(signed_db).first_problem
    assert first.kind == "signature" and first.checkpoint == 1
    assert "signature of party-a does not verify" in first.message


def test_forged_signature_is_named(signed_db):
    with signed_db.uow() as uow:
        note = ledger.list_checkpoints(uow.session)[2].note
    body, _, lines = note.partition("\n\n")
    key_id = PARTY_B.verifier.key_id
    forged_line = f"— party-b {base64.b64encode(key_id + bytes(64)).decode()}\n"
    forged = body + "\n\n" + lines.splitlines(keepends=True)[0] + forged_line
    sql(signed_db, "UPDATE ledger_checkpoints SET note = :note WHERE seq = 3", note=forged)
    first = report_of(signed_db).first_problem
    assert first.kind == "signature" and first.checkpoint == 3
    assert "party-b" in first.message


# Bundles: pure, no database.


def make_bundle(size: int = 40) -> dict:
    leaves = [leaf_text(make_event(i)) for i in range(size)]
    raw = [leaf.encode() for leaf in leaves]
    notes = []
    for cut in (size // 2, size):
        body = Checkpoint("o", cut, mth(raw[:cut])).body()
        note = SignedNote(body, (PARTY_A.sign(body.encode()),))
        notes.append(note.with_signature(PARTY_B.sign(body.encode())).render())
    return {"origin": "o", "leaves": leaves, "checkpoints": notes, "keys": [k.text() for k in KEYS]}


BUNDLE = make_bundle()


def check(bundle):
    return verify_bundle(bundle, KEYS)


def edited(mutate):
    bundle = copy.deepcopy(BUNDLE)
    mutate(bundle)
    return check(bundle)


def test_untouched_bundle_verifies():
    report = check(BUNDLE)
    assert report.ok and report.size == 40
    assert [c.signers for c in report.checkpoints] == [("party-a", "party-b")] * 2


def test_bundle_leaf_edited_by_hand_is_named_exactly():
    def mutate(b):
        b["leaves"][27] = b["leaves"][27].replace('"n":27', '"n": 28')

    first = edited(mutate).first_problem
    assert first.index == 27 and "not canonical JSON" in first.message


def test_bundle_leaf_changed_canonically_is_caught_in_its_range():
    def mutate(b):
        b["leaves"][27] = b["leaves"][27].replace('"n":27', '"n":28')

    first = edited(mutate).first_problem
    assert first.index == 20 and "leaves 20..39" in first.message


def test_bundle_leaf_deleted_is_caught():
    report = edited(lambda b: b["leaves"].pop(5))
    assert report.first_problem.index == 0
    assert "leaves 0..19" in report.first_problem.message


def test_bundle_leaf_deleted_after_the_last_checkpoint_start_is_named_as_missing():
    report = edited(lambda b: b["leaves"].pop())
    assert report.first_problem.index == 39
    assert "only 39 are present" in report.first_problem.message


def test_bundle_leaf_inserted_is_caught():
    report = edited(lambda b: b["leaves"].insert(30, leaf_text(make_event(99))))
    assert "leaves 20..39" in report.first_problem.message


def test_bundle_leaves_reordered_are_caught():
    def mutate(b):
        b["leaves"][3], b["leaves"][4] = b["leaves"][4], b["leaves"][3]

    assert "leaves 0..19" in edited(mutate).first_problem.message


def test_bundle_checkpoint_changed_is_named():
    def mutate(b):
        b["checkpoints"][1] = b["checkpoints"][1].replace("\n40\n", "\n39\n")

    first = edited(mutate).first_problem
    assert first.kind == "signature" and first.checkpoint == 2


def test_bundle_forged_signature_is_named():
    def mutate(b):
        body = b["checkpoints"][0].split("\n\n")[0] + "\n"
        forger = Signer("party-a", bytes(32))  # same name and key id, another private key
        signature = forger.sign(body.encode()).signature
        forged = NoteSignature("party-a", PARTY_A.verifier.key_id, signature)
        b["checkpoints"][0] = SignedNote(body, (forged,)).render()

    first = edited(mutate).first_problem
    assert first.kind == "signature" and first.checkpoint == 1
    assert "signature of party-a does not verify" in first.message


def test_bundle_checkpoint_signed_by_no_trusted_key_is_refused():
    report = verify_bundle(BUNDLE, [Signer("monitor", bytes(range(2, 34))).verifier])
    assert not report.ok
    assert "no signature by a trusted key" in report.first_problem.message


def test_bundle_whose_log_shrinks_is_refused():
    report = edited(lambda b: b["checkpoints"].reverse())
    assert any("the log shrank" in p.message for p in report.problems)


def test_bundle_of_another_origin_is_refused():
    def mutate(b):
        b["origin"] = "elsewhere"

    assert "not 'elsewhere'" in edited(mutate).first_problem.message
