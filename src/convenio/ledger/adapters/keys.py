"""Ed25519 keys of the parties and monitors, as files in the keys directory.

``<name>.key`` (mode 0600) holds the signer key in the signed-note form
``PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 || seed)>``; ``<name>.vkey`` holds the verifier
key. Private keys never enter the database, an export or the repository.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from convenio.ledger.domain.note import (
    ED25519,
    NoteFormatError,
    NoteSignature,
    VerifierKey,
    check_key_name,
    key_id,
    parse_vkey,
)
from convenio.shared.errors import ConflictError, InvalidInputError, NotFoundError

_FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_PRIVATE_PREFIX = "PRIVATE+KEY+"


def ed25519_check(public_key: bytes, message: bytes, signature: bytes) -> bool:
    """Whether ``signature`` is a valid Ed25519 signature of ``message``."""
    if len(public_key) != 32 or len(signature) != 64:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except InvalidSignature:
        return False
    return True


@dataclass(frozen=True)
class Signer:
    """A private key able to sign notes under its name."""

    name: str
    seed: bytes

    @property
    def verifier(self) -> VerifierKey:
        """The matching verifier key."""
        public = self._private().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        return VerifierKey(self.name, public)

    def _private(self) -> Ed25519PrivateKey:
        return Ed25519PrivateKey.from_private_bytes(self.seed)

    def sign(self, message: bytes) -> NoteSignature:
        """A signature line over ``message``."""
        return NoteSignature(self.name, self.verifier.key_id, self._private().sign(message))

    def text(self) -> str:
        """The signer key text (secret)."""
        material = base64.b64encode(bytes([ED25519]) + self.seed).decode("ascii")
        return f"{_PRIVATE_PREFIX}{self.name}+{self.verifier.key_id.hex()}+{material}"


def parse_signer(text: str) -> Signer:
    """Read a signer key; its key id must match."""
    if not text.startswith(_PRIVATE_PREFIX):
        raise NoteFormatError("a signer key starts with PRIVATE+KEY+")
    parts = text.strip()[len(_PRIVATE_PREFIX) :].split("+", 2)
    if len(parts) != 3:
        raise NoteFormatError("a signer key is PRIVATE+KEY+name+keyid+key")
    name, hex_id, material = parts
    try:
        raw = base64.b64decode(material, validate=True)
    except binascii.Error as error:
        raise NoteFormatError(f"signer key {name!r} is not base64") from error
    if len(raw) != 33 or raw[0] != ED25519:
        raise NoteFormatError(f"signer key {name!r} is not an Ed25519 key")
    signer = Signer(check_key_name(name), raw[1:])
    if key_id(name, signer.verifier.public_key).hex() != hex_id:
        raise NoteFormatError(f"signer key {name!r}: key id {hex_id} does not match")
    return signer


class KeyStore:
    """The keys directory (setting ``CONVENIO_KEYS_DIR``)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _paths(self, name: str) -> tuple[Path, Path]:
        if not _FILE_NAME.match(name):
            raise InvalidInputError(
                f"key name {name!r}: use letters, digits, '.', '_' or '-' (at most 64)",
                field="name",
            )
        return self.directory / f"{name}.key", self.directory / f"{name}.vkey"

    def create(self, name: str) -> VerifierKey:
        """Create a new key pair; refuses to replace an existing key."""
        private_path, public_path = self._paths(name)
        if private_path.exists() or public_path.exists():
            raise ConflictError(f"a key named {name!r} already exists in {self.directory}")
        self.directory.mkdir(parents=True, exist_ok=True)
        seed = Ed25519PrivateKey.generate().private_bytes_raw()
        signer = Signer(name, seed)
        descriptor = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(signer.text() + "\n")
        public_path.write_text(signer.verifier.text() + "\n", encoding="ascii")
        return signer.verifier

    def signer(self, name: str) -> Signer:
        """The private key ``name``."""
        private_path, _ = self._paths(name)
        if not private_path.exists():
            raise NotFoundError(
                f"no private key {name!r} in {self.directory}; "
                f"create it with `convenio keys init --name {name}`"
            )
        try:
            return parse_signer(private_path.read_text(encoding="ascii"))
        except NoteFormatError as error:
            raise InvalidInputError(f"{private_path.name}: {error}") from error

    def verifier_keys(self) -> list[VerifierKey]:
        """Every verifier key in the directory, by name."""
        if not self.directory.is_dir():
            return []
        keys = []
        for path in sorted(self.directory.glob("*.vkey")):
            try:
                keys.append(parse_vkey(path.read_text(encoding="ascii")))
            except NoteFormatError as error:
                raise InvalidInputError(f"{path.name}: {error}") from error
        return keys
