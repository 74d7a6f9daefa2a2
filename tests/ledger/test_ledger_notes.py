"""C2SP signed notes, verifier keys and checkpoints; the Go sumdb/note known answers."""

from __future__ import annotations

import base64

import pytest

from convenio.ledger.adapters.keys import ed25519_check, parse_signer
from convenio.ledger.domain.note import (
    Checkpoint,
    NoteFormatError,
    SignedNote,
    parse_checkpoint,
    parse_note,
    parse_vkey,
    verified_signers,
)


def test_signer_key_derives_the_published_verifier_key(note_vectors):
    signer = parse_signer(note_vectors["signer_key"])
    assert signer.verifier.text() == note_vectors["verifier_key"]
    assert signer.text() == note_vectors["signer_key"]


def test_signing_the_published_text_gives_the_published_note(note_vectors):
    signer = parse_signer(note_vectors["signer_key"])
    text = note_vectors["text"]
    note = SignedNote(text, (signer.sign(text.encode()),))
    assert note.render() == note_vectors["signed_note"]


def test_the_published_note_verifies_with_the_published_key(note_vectors):
    key = parse_vkey(note_vectors["verifier_key"])
    assert key.key_id.hex() == "c74f20a3"
    note = parse_note(note_vectors["signed_note"])
    assert note.text == note_vectors["text"]
    assert verified_signers(note, [key], ed25519_check) == (["PeterNeumann"], [])


def test_a_note_with_changed_text_does_not_verify(note_vectors):
    key = parse_vkey(note_vectors["verifier_key"])
    changed = note_vectors["signed_note"].replace("problem,", "problem;", 1)
    assert verified_signers(parse_note(changed), [key], ed25519_check) == ([], ["PeterNeumann"])


@pytest.mark.parametrize("index", [0, 1])
def test_published_bad_verifier_keys_are_refused(note_vectors, index):
    with pytest.raises(NoteFormatError):
        parse_vkey(note_vectors["bad_verifier_keys"][index])


def test_every_truncation_of_a_verifier_key_is_refused(note_vectors):
    vkey = note_vectors["verifier_key"]
    for cut in range(1, len(vkey) - 1):
        with pytest.raises(NoteFormatError):
            parse_vkey(vkey[:cut])


def test_checkpoint_body_is_origin_size_base64_root_each_on_a_line():
    root = bytes(range(32))
    body = Checkpoint("convenio.example/agr-1", 42, root).body()
    assert body == f"convenio.example/agr-1\n42\n{base64.b64encode(root).decode()}\n"
    assert parse_checkpoint(body) == Checkpoint("convenio.example/agr-1", 42, root)


@pytest.mark.parametrize(
    "body",
    [
        "origin\n42\n",
        "origin\n042\nAAAA\n",
        "origin\n-1\n" + base64.b64encode(bytes(32)).decode() + "\n",
        "origin\n1\n" + base64.b64encode(bytes(31)).decode() + "\n",
        "\n1\n" + base64.b64encode(bytes(32)).decode() + "\n",
        "origin\n1\n" + base64.b64encode(bytes(32)).decode(),
    ],
)
def test_malformed_checkpoints_are_refused(body):
    with pytest.raises(NoteFormatError):
        parse_checkpoint(body)


def test_signatures_by_unknown_keys_are_ignored(note_vectors):
    other = parse_vkey("EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop")
    note = parse_note(note_vectors["signed_note"])
    assert verified_signers(note, [other], ed25519_check) == ([], [])
