"""The ledger in the database (SQLite and PostgreSQL): appends, tree head, proofs, checkpoints."""

from __future__ import annotations

import pytest
from ledger_builders import (
    all_leaves,
    append,
    make_event,
    reference_consistency,
    reference_inclusion,
)
from sqlalchemy import text

from convenio.ledger import public as ledger
from convenio.ledger import services
from convenio.ledger.adapters.keys import KeyStore, Signer, ed25519_check
from convenio.ledger.domain.merkle import mth
from convenio.ledger.domain.note import parse_checkpoint, parse_note, verified_signers
from convenio.shared.errors import ConflictError, InvalidInputError

PARTY_A = Signer("party-a", bytes(range(32)))
PARTY_B = Signer("party-b", bytes(range(1, 33)))


def test_record_returns_gapless_indexes_and_the_head_is_the_rfc_root(db):
    with db.uow() as uow:
        first = [ledger.record(uow.session, make_event(i)) for i in range(5)]
        uow.commit()
    append(db, 8, start=5)
    with db.uow() as uow:
        head = ledger.tree_head(uow.session)
    leaves = all_leaves(db)
    assert first == [0, 1, 2, 3, 4]
    assert head.size == 13 == len(leaves)
    assert head.root_hash == mth(leaves)


def test_a_rolled_back_transaction_leaves_no_leaf(db):
    append(db, 3)
    with db.uow() as uow:
        ledger.record(uow.session, make_event(99))
        uow.rollback()
    append(db, 1, start=3)
    with db.uow() as uow:
        assert ledger.tree_head(uow.session).size == 4
        assert [r.index for r in ledger.list_leaves(uow.session, 0, 10)] == [0, 1, 2, 3]


def test_proofs_from_the_database_equal_the_rfc_definition_for_every_size(db):
    append(db, 13)
    leaves = all_leaves(db)
    with db.uow() as uow:
        for size in range(1, 14):
            root = ledger.root_at(uow.session, size)
            assert root == mth(leaves[:size])
            for index in range(size):
                proof = ledger.inclusion_proof(uow.session, index, size)
                assert proof == reference_inclusion(leaves, index, size)
                ledger.verify_inclusion(index, size, ledger.hash_leaf(leaves[index]), proof, root)
            for old in range(1, size + 1):
                proof = ledger.consistency_proof(uow.session, old, size)
                assert proof == reference_consistency(leaves, old, size)


@pytest.mark.parametrize(("index", "size"), [(5, 5), (-1, 3), (0, 9)])
def test_impossible_inclusion_proofs_are_bad_input(db, index, size):
    append(db, 5)
    with db.uow() as uow, pytest.raises(InvalidInputError):
        ledger.inclusion_proof(uow.session, index, size)


def test_leaves_are_listed_counted_by_type_and_read_after_a_position(db):
    append(db, 7)
    with db.uow() as uow:
        counts = ledger.leaf_count_by_type(uow.session)
        page = ledger.list_leaves(uow.session, 2, 3)
        after = ledger.leaves_after(uow.session, 5, 10)
    assert counts == {"test.kind0": 3, "test.kind1": 2, "test.kind2": 2}
    assert [r.index for r in page] == [2, 3, 4]
    assert page[0].leaf_hash == ledger.hash_leaf(page[0].leaf.encode())
    assert [seq for seq, _ in after] == [5, 6]


def test_checkpoint_is_signed_and_cosigning_adds_a_new_row(db):
    append(db, 6)
    a = services.sign_checkpoint(db.uow(), PARTY_A, "convenio.example/agr-1")
    b = services.cosign_checkpoint(db.uow(), PARTY_B, a.seq)
    with db.uow() as uow:
        stored = ledger.list_checkpoints(uow.session)
    assert [r.seq for r in stored] == [1, 2]
    assert stored[0].note == a.note  # never changed
    checkpoint = parse_checkpoint(parse_note(b.note).text)
    assert (checkpoint.origin, checkpoint.size) == ("convenio.example/agr-1", 6)
    assert checkpoint.root_hash == mth(all_leaves(db))
    keys = [PARTY_A.verifier, PARTY_B.verifier]
    assert verified_signers(parse_note(b.note), keys, ed25519_check) == (
        ["party-a", "party-b"],
        [],
    )
    assert b.extends_seq == a.seq


def test_a_party_cannot_sign_the_same_checkpoint_twice(db):
    append(db, 2)
    services.sign_checkpoint(db.uow(), PARTY_A, "o")
    with pytest.raises(ConflictError):
        services.cosign_checkpoint(db.uow(), PARTY_A, None)


def test_the_database_verifies_with_the_parties_keys(db):
    append(db, 9)
    services.sign_checkpoint(db.uow(), PARTY_A, "o")
    append(db, 4, start=9)
    services.sign_checkpoint(db.uow(), PARTY_A, "o")
    services.cosign_checkpoint(db.uow(), PARTY_B, None)
    with db.uow() as uow:
        report = ledger.verify_database(uow.session, [PARTY_A.verifier, PARTY_B.verifier])
    assert report.ok, report.problems
    assert report.size == 13
    assert [c.signers for c in report.checkpoints] == [
        ("party-a",),
        ("party-a",),
        ("party-a", "party-b"),
    ]


def test_public_surface_signs_with_directory_keys_and_verifies_its_export(db, tmp_path):
    store = KeyStore(tmp_path / "keys")
    store.create("us")
    store.create("monitor")
    append(db, 5)
    ledger.sign_checkpoint(db.uow(), store.directory, "us", "convenio.example/x")
    ledger.cosign_checkpoint(db.uow(), store.directory, "monitor")
    keys = ledger.verifier_keys(store.directory)
    with db.uow() as uow:
        bundle = ledger.export_bundle(uow.session, "convenio.example/x", keys)
    report = ledger.verify_bundle(bundle, keys)
    assert report.ok and report.size == 5
    assert report.checkpoints[-1].signers == ("us", "monitor")
    assert ledger.verify_bundle(bundle, [PARTY_A.verifier]).first_problem.kind == "signature"


def test_leaves_stored_before_the_tree_get_their_frontier_and_nodes_rebuilt(db):
    append(db, 9)
    with db.engine.begin() as connection:
        connection.execute(text("DELETE FROM ledger_nodes"))
        connection.execute(text("UPDATE ledger_head SET frontier = NULL, root_hash = NULL"))
    append(db, 3, start=9)
    leaves = all_leaves(db)
    with db.uow() as uow:
        assert ledger.tree_head(uow.session).root_hash == mth(leaves)
        assert ledger.inclusion_proof(uow.session, 2, 12) == reference_inclusion(leaves, 2, 12)
