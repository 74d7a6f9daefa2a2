"""Reading and writing people files (JSON Lines), streaming, in bounded memory.

A line is read at most ``MAX_LINE_BYTES`` at a time: a longer line is skipped to its end and
reported, never held in memory whole. A UTF-8 byte order mark at the start of the file is
accepted (some spreadsheet tools write one) and ignored; anywhere else it is an error.
Blank lines are ignored.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO, Final

import orjson

from convenio.records.domain.fastpath import is_plainly_valid
from convenio.records.domain.model import LineError
from convenio.records.domain.validation import LINE_FIELD, validate_person

MAX_LINE_BYTES: Final = 1 << 20
BOM: Final = b"\xef\xbb\xbf"
FILE_FIELD: Final = "<file>"

Person = dict[str, object]
Progress = Callable[[int], None]


def content_hash(person: Person) -> str:
    """SHA-256 of the canonical JSON (sorted keys, no whitespace, UTF-8) of a valid person."""
    return hashlib.sha256(orjson.dumps(person, option=orjson.OPT_SORT_KEYS)).hexdigest()


def dump_line(person: Person) -> bytes:
    """One line of a people file."""
    return orjson.dumps(person) + b"\n"


@dataclass(slots=True)
class ReadLine:
    """A non-blank line of a people file: the valid person, or why it is not one.

    A line read in a worker process carries no ``person`` but its ``rows`` (the person's COPY
    text, one string per table) and, once back, its ``raw`` bytes (to re-read it if needed).
    """

    line: int
    person: Person | None
    content_hash: str
    errors: list[LineError]
    plain: bool = True  # the line holds no backslash: no text value needs COPY escaping
    person_id: str = ""
    rows: tuple[str, ...] | None = None
    raw: bytes = b""


Pending = tuple[int, bytes]  # a line still to parse: (line number, its bytes)


def read_line(number: int, raw: bytes) -> ReadLine:
    """Parse and validate one line (everything but the file-wide duplicate check)."""
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        return ReadLine(number, None, "", [_error(number, LINE_FIELD, _json_problem(raw, error))])
    person: Person | None = value
    if not is_plainly_valid(value):
        person, problems = validate_person(value)
        if problems or person is None:
            return ReadLine(number, None, "", [_error(number, f, m) for f, m in problems])
    assert person is not None
    return ReadLine(
        number, person, content_hash(person), [], b"\\" not in raw, str(person["person_id"])
    )


def valid_person(raw: bytes) -> Person:
    """The normalised person of a line already known to be valid."""
    value = orjson.loads(raw)
    if is_plainly_valid(value):
        return value  # type: ignore[no-any-return]
    person, problems = validate_person(value)
    assert person is not None and not problems
    return person


@dataclass
class PeopleReader:
    """Reads a people file line by line, validating each person and the file as a whole.

    Keeps the file's SHA-256 and, to refuse a person id given twice, the line of each valid
    person id seen (about 100 bytes a person, whatever the size of the records).
    ``pending()`` gives the lines still to parse (for worker processes); ``accept`` takes
    them back, parsed, in file order.
    """

    stream: BinaryIO
    on_bytes: Progress | None = None
    sha256: hashlib._Hash = field(default_factory=hashlib.sha256)
    lines_read: int = 0
    persons_seen: int = 0
    _first_line: dict[str, int] = field(default_factory=dict)
    _had_content: bool = False

    def __iter__(self) -> Generator[ReadLine, None, None]:
        for item in self.pending():
            if type(item) is tuple:
                yield self.accept(read_line(*item))
            else:
                assert isinstance(item, ReadLine)
                yield item

    def pending(self) -> Iterator[Pending | ReadLine]:
        """Each non-blank line, in order: to parse, or already known to be bad."""
        number = 0
        while True:
            raw = self.stream.readline(MAX_LINE_BYTES + 1)
            if not raw:
                break
            number += 1
            self._advance(raw)
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                yield self._too_long(number, raw)
                continue
            if number == 1 and raw.startswith(BOM):
                raw = raw[len(BOM) :]
            if raw.isspace():
                continue
            self._had_content = True
            yield number, raw
        self.lines_read = number
        if not self._had_content:
            yield ReadLine(1, None, "", [_error(1, FILE_FIELD, "the file is empty: no person")])

    def _advance(self, raw: bytes) -> None:
        self.sha256.update(raw)
        if self.on_bytes is not None:
            self.on_bytes(len(raw))

    def _too_long(self, number: int, raw: bytes) -> ReadLine:
        self._had_content = True
        size = len(raw)
        while raw and not raw.endswith(b"\n"):
            raw = self.stream.readline(MAX_LINE_BYTES)
            size += len(raw)
            self._advance(raw)
        message = (
            f"line is {size:,} bytes long; at most {MAX_LINE_BYTES:,} are allowed "
            "(one person per line)"
        )
        return ReadLine(number, None, "", [_error(number, LINE_FIELD, message)])

    def accept(self, line: ReadLine) -> ReadLine:
        """A parsed line, checked against the person ids seen before it."""
        if line.errors:
            return line
        number, person_id = line.line, line.person_id
        first = self._first_line.setdefault(person_id, number)
        if first != number:
            message = f"{person_id!r} is already given on line {first}; person ids are unique"
            return ReadLine(number, None, "", [_error(number, "person_id", message)])
        self.persons_seen += 1
        return line


def _error(line: int, field_name: str, message: str) -> LineError:
    return LineError(line=line, field=field_name, message=message)


def _json_problem(raw: bytes, error: orjson.JSONDecodeError) -> str:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as bad:
        return f"not valid UTF-8 (byte {bad.start + 1} of the line); save the file as UTF-8"
    if raw.startswith(BOM):
        return "a byte order mark (BOM) in the middle of the file; remove it"
    reason = str(error).split(":", 1)[0]
    if "unexpected end" in reason.lower() or "EOF" in reason:
        return f"not valid JSON ({reason}); is the line truncated?"
    return f"not valid JSON: {error}"
