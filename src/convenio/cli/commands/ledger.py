"""``convenio ledger`` (checkpoints, proofs, export, verify) and ``convenio keys``."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import orjson
import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from convenio.cli import context
from convenio.ledger import public as ledger
from convenio.ledger import services, verification
from convenio.ledger.adapters.keys import KeyStore
from convenio.ledger.domain.note import NoteFormatError, VerifierKey, parse_vkey
from convenio.shared.errors import InvalidInputError, NotFoundError
from convenio.terms import public as terms
from convenio.terms import services as terms_services

app = typer.Typer(help="The verifiable ledger: checkpoints, proofs, export, verify.")
keys_app = typer.Typer(help="Ed25519 keys of parties and monitors (in CONVENIO_KEYS_DIR).")

OriginOption = typer.Option(
    None,
    "--origin",
    envvar="CONVENIO_LEDGER_ORIGIN",
    help="Log origin line (default: convenio.example/<agreement id>).",
)


def _b64(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")


def _store() -> KeyStore:
    return KeyStore(context.settings().keys_dir)


def _origin(origin: str | None) -> str:
    if origin:
        return origin
    try:
        agreement = terms_services.current_agreement(context.services().uow())
    except NotFoundError:
        agreement = terms.default_agreement()
    return f"convenio.example/{agreement.id}"


def _trusted(values: Sequence[str]) -> list[VerifierKey]:
    keys = []
    for value in values:
        text = Path(value).read_text(encoding="ascii") if Path(value).is_file() else value
        try:
            keys.append(parse_vkey(text))
        except NoteFormatError as error:
            raise InvalidInputError(f"--key {value!r}: {error}", field="key") from error
    return keys


@keys_app.command("init")
def keys_init(name: str = typer.Option(..., "--name", help="Key name, e.g. party-a.")) -> None:
    """Create an Ed25519 key pair (private file mode 0600; never in the database)."""
    key = _store().create(name)
    context.console.print(f"[green]created key {name}[/green]; verifier key:")
    context.console.print(key.text(), highlight=False, soft_wrap=True)


@keys_app.command("list")
def keys_list() -> None:
    """Show the verifier keys of the keys directory."""
    table = Table(title=f"verifier keys in {context.settings().keys_dir}")
    table.add_column("name")
    table.add_column("key id")
    table.add_column("verifier key", overflow="fold")
    for key in _store().verifier_keys():
        table.add_row(key.name, key.key_id.hex(), key.text())
    context.console.print(table)


@app.command("head")
def head() -> None:
    """Show the size and root hash of the log, and its leaves by event type."""
    with context.services().uow() as uow:
        tree = ledger.tree_head(uow.session)
        counts = ledger.leaf_count_by_type(uow.session)
    context.console.print(f"size {tree.size}, root {_b64(tree.root_hash)}", highlight=False)
    for event_type, count in counts.items():
        context.console.print(f"  {event_type}: {count}", highlight=False)


@app.command("checkpoint")
def checkpoint(
    key: str = typer.Option(..., "--key", help="Name of the signing key."),
    origin: str | None = OriginOption,
) -> None:
    """Sign the current tree head as a C2SP checkpoint and store it."""
    signer = _store().signer(key)
    record = services.sign_checkpoint(context.services().uow(), signer, _origin(origin))
    context.console.print(f"[green]checkpoint {record.seq}[/green] (size {record.size}):")
    context.console.print(record.note, highlight=False, markup=False, end="", soft_wrap=True)


@app.command("cosign")
def cosign(
    key: str = typer.Option(..., "--key", help="Name of the cosigning key."),
    seq: int | None = typer.Option(None, "--checkpoint", help="Checkpoint number (latest)."),
) -> None:
    """Add another party's signature to a checkpoint (stored as a new checkpoint row)."""
    signer = _store().signer(key)
    record = services.cosign_checkpoint(context.services().uow(), signer, seq)
    context.console.print(f"[green]checkpoint {record.seq}[/green] cosigns {record.extends_seq}:")
    context.console.print(record.note, highlight=False, markup=False, end="", soft_wrap=True)


@app.command("checkpoints")
def checkpoints() -> None:
    """List the stored checkpoints."""
    table = Table(title="checkpoints")
    for column in ("#", "size", "root", "signed by", "extends", "at"):
        table.add_column(column, overflow="fold")
    with context.services().uow() as uow:
        for r in ledger.list_checkpoints(uow.session):
            signers = [line.split(" ")[1] for line in r.note.split("\n\n")[-1].splitlines()]
            table.add_row(
                str(r.seq),
                str(r.size),
                _b64(r.root_hash),
                ", ".join(signers),
                str(r.extends_seq or ""),
                r.created_at.isoformat(),
            )
    context.console.print(table)


@app.command("prove-inclusion")
def prove_inclusion(
    index: int = typer.Argument(..., help="Leaf index."),
    size: int | None = typer.Option(None, "--size", help="Tree size (default: current)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (base64 hashes)."),
) -> None:
    """Print the RFC 9162 inclusion proof of a leaf, checked against the root."""
    with context.services().uow() as uow:
        size = ledger.tree_head(uow.session).size if size is None else size
        proof = ledger.inclusion_proof(uow.session, index, size)
        root = ledger.root_at(uow.session, size)
        leaf = ledger.list_leaves(uow.session, index, 1)[0]
    ledger.verify_inclusion(index, size, ledger.hash_leaf(leaf.leaf.encode()), proof, root)
    result = {
        "index": index,
        "tree_size": size,
        "leaf": leaf.leaf,
        "leaf_hash": _b64(leaf.leaf_hash),
        "root_hash": _b64(root),
        "inclusion_path": [_b64(h) for h in proof],
    }
    _print_proof(result, as_json)


@app.command("prove-consistency")
def prove_consistency(
    old: int = typer.Argument(..., help="Older tree size."),
    new: int = typer.Argument(..., help="Newer tree size."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (base64 hashes)."),
) -> None:
    """Print the RFC 9162 consistency proof between two tree sizes, checked."""
    with context.services().uow() as uow:
        proof = ledger.consistency_proof(uow.session, old, new)
        old_root, new_root = ledger.root_at(uow.session, old), ledger.root_at(uow.session, new)
    ledger.verify_consistency(old, new, old_root, new_root, proof)
    result = {
        "tree_size_1": old,
        "tree_size_2": new,
        "root_hash_1": _b64(old_root),
        "root_hash_2": _b64(new_root),
        "consistency_path": [_b64(h) for h in proof],
    }
    _print_proof(result, as_json)


def _print_proof(result: dict[str, object], as_json: bool) -> None:
    if as_json:
        context.console.print_json(json.dumps(result))
        return
    for name, value in result.items():
        if isinstance(value, list):
            context.console.print(f"{name}:")
            for item in value:
                context.console.print(f"  {item}", highlight=False)
        else:
            context.console.print(f"{name}: {value}", highlight=False, markup=False, soft_wrap=True)
    context.console.print("[green]verified[/green] (RFC 9162)")


@app.command("export")
def export(
    out: Path = typer.Option(..., "--out", help="Bundle file to write."),
    origin: str | None = OriginOption,
) -> None:
    """Write the whole log, its signed checkpoints and the verifier keys to a JSON bundle."""
    keys = _store().verifier_keys()
    with context.services().uow() as uow:
        bundle = verification.bundle_of(uow.session, _origin(origin), keys)
    out.write_bytes(orjson.dumps(bundle))
    context.console.print(
        f"[green]{out}[/green]: {len(bundle['leaves'])} leaves, "
        f"{len(bundle['checkpoints'])} checkpoints, {len(keys)} keys"
    )


@contextmanager
def _progress(total: int) -> Iterator[verification.Progress]:
    columns = (TextColumn("verifying"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=context.console, transient=True) as bar:
        task = bar.add_task("leaves", total=total)
        yield lambda done: bar.advance(task, done)


@app.command("verify")
def verify(
    bundle_path: Path | None = typer.Option(None, "--bundle", help="Bundle (default: database)."),
    key: list[str] = typer.Option([], "--key", help="Trusted verifier key (text or file)."),
) -> None:
    """Recompute every root and check every signature; names the first bad leaf or signature."""
    trusted = _trusted(key)
    if bundle_path is not None:
        bundle = verification.read_bundle(bundle_path)
        if not trusted:
            context.errors.print(
                "[yellow]no --key given: trusting the keys inside the bundle[/yellow]"
            )
            trusted = _trusted(bundle["keys"])
        with _progress(len(bundle["leaves"])) as advance:
            report = verification.verify_bundle(bundle, trusted, advance)
    else:
        trusted = trusted or _store().verifier_keys()
        with context.services().uow() as uow:
            total = ledger.tree_head(uow.session).size
            with _progress(total) as advance:
                report = ledger.verify_database(uow.session, trusted, advance)
    _show_report(report)


def _show_report(report: ledger.VerificationReport) -> None:
    for checked in report.checkpoints:
        signers = ", ".join(checked.signers) or "no trusted signature"
        context.console.print(
            f"checkpoint #{checked.position}: size {checked.checkpoint.size}, signed by {signers}",
            highlight=False,
        )
    if not report.checkpoints:
        context.errors.print("[yellow]no checkpoint: nothing here is signed yet[/yellow]")
    if report.ok:
        context.console.print(
            f"[green]OK[/green]: {report.size} leaves, root {_b64(report.root_hash)}, "
            f"{len(report.checkpoints)} checkpoints verified",
            highlight=False,
        )
        return
    first = report.first_problem
    assert first is not None
    context.errors.print(f"[red]FAILED[/red]: {first.message}", highlight=False)
    for problem in report.problems:
        if problem is not first:
            context.errors.print(f"  also: {problem.message}", highlight=False)
    raise typer.Exit(1)


def register(root: typer.Typer) -> None:
    """Add ``ledger`` and ``keys`` to the root command."""
    root.add_typer(app, name="ledger")
    root.add_typer(keys_app, name="keys")
