"""C2SP formats: tlog-checkpoint bodies, signed notes and verifier keys (Ed25519, type 0x01).

* checkpoint body: ``<origin>\\n<tree size>\\n<base64 root hash>\\n`` (c2sp.org/tlog-checkpoint);
* signed note: the body, a blank line, then one line per signature
  ``— <key name> <base64(key id || signature)>`` (c2sp.org/signed-note);
* key id: the first 4 bytes of SHA-256(key name || "\\n" || 0x01 || public key);
* verifier key: ``<name>+<hex key id>+<base64(0x01 || public key)>``.

The signature algorithm itself is passed in (``SignatureCheck``): this module only reads and
writes text.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from convenio.ledger.domain.merkle import HASH_SIZE

ED25519 = 0x01
SIG_PREFIX = "\u2014 "  # EM DASH + space
_NAME = re.compile(r"^[^\s+]+$")
_SIZE = re.compile(r"^(0|[1-9][0-9]*)$")


class NoteFormatError(ValueError):
    """Text that is not a well-formed checkpoint, note or key."""


def check_key_name(name: str) -> str:
    """A key name: non-empty, no whitespace, no '+' (signed-note)."""
    if not _NAME.match(name):
        raise NoteFormatError(f"key name {name!r} must be non-empty, without spaces or '+'")
    return name


def key_id(name: str, public_key: bytes) -> bytes:
    """The 4-byte key id of an Ed25519 key (signed-note)."""
    digest = hashlib.sha256(name.encode("utf-8") + b"\n" + bytes([ED25519]) + public_key)
    return digest.digest()[:4]


@dataclass(frozen=True, slots=True)
class VerifierKey:
    """A party's public key with its name, as the C2SP vkey format writes it."""

    name: str
    public_key: bytes

    @property
    def key_id(self) -> bytes:
        """The 4-byte key id."""
        return key_id(self.name, self.public_key)

    def text(self) -> str:
        """``name+hexkeyid+base64(0x01 || public key)``."""
        material = base64.b64encode(bytes([ED25519]) + self.public_key).decode("ascii")
        return f"{self.name}+{self.key_id.hex()}+{material}"


def parse_vkey(text: str) -> VerifierKey:
    """Read a verifier key; the key id must match the name and key."""
    parts = text.strip().split("+", 2)
    if len(parts) != 3:
        raise NoteFormatError(f"verifier key {text!r} is not name+keyid+key")
    name, hex_id, material = parts
    check_key_name(name)
    try:
        raw = base64.b64decode(material, validate=True)
        wanted_id = bytes.fromhex(hex_id)
    except (binascii.Error, ValueError) as error:
        raise NoteFormatError(f"verifier key {name!r}: bad encoding ({error})") from error
    if len(raw) != 33 or raw[0] != ED25519:
        raise NoteFormatError(f"verifier key {name!r} is not an Ed25519 key (type 0x01)")
    key = VerifierKey(name, raw[1:])
    if len(hex_id) != 8 or key.key_id != wanted_id:
        raise NoteFormatError(f"verifier key {name!r}: key id {hex_id} does not match the key")
    return key


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A tree head of a named log: origin, size and root hash."""

    origin: str
    size: int
    root_hash: bytes

    def body(self) -> str:
        """The tlog-checkpoint text (what the signatures sign)."""
        root = base64.b64encode(self.root_hash).decode("ascii")
        return f"{self.origin}\n{self.size}\n{root}\n"


def parse_checkpoint(body: str) -> Checkpoint:
    """Read a checkpoint body (extension lines after the root are allowed and ignored)."""
    lines = body.split("\n")
    if len(lines) < 4 or lines[-1] != "":
        raise NoteFormatError("a checkpoint has an origin, a size and a root hash, each on a line")
    origin, size, root = lines[0], lines[1], lines[2]
    if not origin or origin != origin.strip():
        raise NoteFormatError("the checkpoint origin line is empty or padded")
    if not _SIZE.match(size):
        raise NoteFormatError(f"the checkpoint size {size!r} is not a decimal number")
    try:
        root_hash = base64.b64decode(root, validate=True)
    except binascii.Error as error:
        raise NoteFormatError(f"the checkpoint root {root!r} is not base64") from error
    if len(root_hash) != HASH_SIZE:
        raise NoteFormatError("the checkpoint root hash is not 32 bytes")
    return Checkpoint(origin, int(size), root_hash)


@dataclass(frozen=True, slots=True)
class NoteSignature:
    """One signature line of a note."""

    name: str
    key_id: bytes
    signature: bytes

    def line(self) -> str:
        """``— name base64(key id || signature)``."""
        blob = base64.b64encode(self.key_id + self.signature).decode("ascii")
        return f"{SIG_PREFIX}{self.name} {blob}\n"


@dataclass(frozen=True, slots=True)
class SignedNote:
    """A note: its text (ending in a newline) and its signatures."""

    text: str
    signatures: tuple[NoteSignature, ...]

    def render(self) -> str:
        """The note as published: text, blank line, signature lines."""
        return self.text + "\n" + "".join(sig.line() for sig in self.signatures)

    def with_signature(self, signature: NoteSignature) -> SignedNote:
        """A new note with one more signature line (the original is never changed)."""
        return SignedNote(self.text, (*self.signatures, signature))


def parse_note(note: str) -> SignedNote:
    """Split a signed note into text and signature lines."""
    cut = note.rfind("\n\n")
    if cut < 0 or not note.endswith("\n"):
        raise NoteFormatError("a signed note is text, a blank line, then signature lines")
    text, block = note[: cut + 1], note[cut + 2 :]
    signatures = [_parse_signature_line(line) for line in block.split("\n")[:-1]]
    if not signatures:
        raise NoteFormatError("the note has no signature lines")
    return SignedNote(text, tuple(signatures))


def _parse_signature_line(line: str) -> NoteSignature:
    if not line.startswith(SIG_PREFIX):
        raise NoteFormatError(f"signature line {line[:40]!r} does not start with '— '")
    name, _, blob = line[len(SIG_PREFIX) :].partition(" ")
    check_key_name(name)
    try:
        raw = base64.b64decode(blob, validate=True)
    except binascii.Error as error:
        raise NoteFormatError(f"the signature of {name!r} is not base64") from error
    if len(raw) < 5:
        raise NoteFormatError(f"the signature of {name!r} is too short")
    return NoteSignature(name, raw[:4], raw[4:])


SignatureCheck = Callable[[bytes, bytes, bytes], bool]
"""``check(public_key, message, signature) -> bool`` for Ed25519."""


def verified_signers(
    note: SignedNote, trusted: list[VerifierKey], check: SignatureCheck
) -> tuple[list[str], list[str]]:
    """The names of trusted keys whose signature verifies, and of those whose does not.

    Signatures by keys not in ``trusted`` are ignored (signed-note).
    """
    by_id = {(key.name, key.key_id): key for key in trusted}
    good: list[str] = []
    bad: list[str] = []
    message = note.text.encode("utf-8")
    for signature in note.signatures:
        key = by_id.get((signature.name, signature.key_id))
        if key is None:
            continue
        if check(key.public_key, message, signature.signature):
            good.append(key.name)
        else:
            bad.append(key.name)
    return good, bad
