"""The transparency report: published tables with small cells suppressed, no personal data."""

from __future__ import annotations

import calendar
import csv
import hashlib
import html
import io
import json
from dataclasses import dataclass
from datetime import date, datetime

from convenio.oversight.domain import suppression
from convenio.shared.errors import InvalidInputError

# Section key -> (English title, Spanish title)
SECTIONS: dict[str, tuple[str, str]] = {
    "transfers": ("Transfers (arrivals in custody)", "Traslados (ingresos en custodia)"),
    "population_by_nationality": ("Population by nationality", "Población por nacionalidad"),
    "population_by_category": ("Population by category", "Población por categoría"),
    "population_by_legal_basis": ("Population by legal basis", "Población por base jurídica"),
    "decisions_by_outcome": ("Screening decisions by outcome", "Decisiones por resultado"),
    "decisions_by_reason": (
        "Screening decisions by reason code",
        "Decisiones por motivo",
    ),
    "holds": ("Court orders and legal holds and their effect", "Órdenes judiciales y su efecto"),
    "exits": ("Releases, returns and other exits", "Liberaciones, devoluciones y otras salidas"),
    "deaths": ("Deaths in custody", "Muertes bajo custodia"),
    "complaints": ("Complaints by stage", "Quejas por etapa"),
    "fees": ("Fees invoiced (minor units)", "Honorarios facturados (unidades menores)"),
}

# Sections that count money or documents, not people: published as they are.
UNSUPPRESSED = frozenset({"fees", "holds"})


@dataclass(frozen=True, slots=True)
class LedgerReference:
    """The ledger head the report was computed from: anyone can check it against a checkpoint."""

    size: int
    root_hex: str


@dataclass(frozen=True, slots=True)
class TransparencyReport:
    """Published figures for a period, already suppressed."""

    period_start: date
    period_end: date
    computed_at: datetime
    ledger: LedgerReference
    sections: dict[str, dict[str, int | str]]

    def to_json(self) -> str:
        """Canonical JSON of the report (what its digest covers)."""
        return json.dumps(
            {
                "period_start": self.period_start.isoformat(),
                "period_end": self.period_end.isoformat(),
                "computed_at": self.computed_at.isoformat(),
                "ledger": {"size": self.ledger.size, "root": self.ledger.root_hex},
                "sections": self.sections,
            },
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
        )

    @property
    def digest(self) -> str:
        """SHA-256 of the canonical JSON."""
        return hashlib.sha256(self.to_json().encode()).hexdigest()


def publish(
    period_start: date,
    period_end: date,
    computed_at: datetime,
    ledger: LedgerReference,
    raw: dict[str, dict[str, int]],
) -> TransparencyReport:
    """Apply suppression to raw counts and build the report."""
    sections: dict[str, dict[str, int | str]] = {}
    for key, values in raw.items():
        sections[key] = dict(values) if key in UNSUPPRESSED else suppression.table(values)
    return TransparencyReport(period_start, period_end, computed_at, ledger, sections)


def to_csv(report: TransparencyReport) -> str:
    """One row per published cell: section, label, value."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["section", "label", "value"])
    for section, values in report.sections.items():
        for label, value in values.items():
            writer.writerow([section, label, value])
    writer.writerow(["ledger", "tree_size", report.ledger.size])
    writer.writerow(["ledger", "root_sha256", report.ledger.root_hex])
    return buffer.getvalue()


def bar_chart(values: dict[str, int | str]) -> str:
    numbers = {k: v for k, v in values.items() if isinstance(v, int)}
    if not numbers:
        return ""
    top = max(numbers.values()) or 1
    rows = []
    for index, (label, value) in enumerate(numbers.items()):
        width = int(300 * value / top)
        y = index * 22
        rows.append(
            f'<text x="0" y="{y + 15}" font-size="12">{html.escape(label)}</text>'
            f'<rect x="170" y="{y + 4}" width="{width}" height="14" fill="#2f5d8a"></rect>'
            f'<text x="{175 + width}" y="{y + 15}" font-size="12">{value}</text>'
        )
    height = 22 * len(numbers)
    return (
        f'<svg role="img" width="560" height="{height}" viewBox="0 0 560 {height}" '
        f'xmlns="http://www.w3.org/2000/svg">{"".join(rows)}</svg>'
    )


def to_html(report: TransparencyReport, *, spanish: bool = False) -> str:
    """A self-contained printable page (no scripts, no external assets) with bar charts."""
    title = "Informe de transparencia" if spanish else "Transparency report"
    parts = [
        "<!doctype html>",
        f'<html lang="{"es" if spanish else "en"}"><head><meta charset="utf-8">',
        f"<title>{title} {report.period_start} – {report.period_end}</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .6rem}"
        "</style></head><body>",
        f"<h1>{title}</h1>",
        f"<p>{report.period_start.isoformat()} – {report.period_end.isoformat()}</p>",
        "<p>"
        + (
            "Calculado a partir del registro en el tamaño "
            if spanish
            else "Computed from the ledger at tree size "
        )
        + f"<code>{report.ledger.size}</code>, root <code>{report.ledger.root_hex}</code>; "
        + f"digest <code>{report.digest}</code>. "
        + (
            "Las celdas menores que 5 se suprimen (&lt;5)."
            if spanish
            else "Cells under 5 are suppressed (&lt;5)."
        )
        + "</p>",
    ]
    for key, values in report.sections.items():
        english, castellano = SECTIONS.get(key, (key, key))
        parts.append(f"<h2>{html.escape(castellano if spanish else english)}</h2>")
        if not values:
            parts.append("<p>—</p>")
            continue
        parts.append(bar_chart(values))
        parts.append("<table><tbody>")
        for label, value in values.items():
            parts.append(f"<tr><th scope=row>{html.escape(label)}</th><td>{value}</td></tr>")
        parts.append("</tbody></table>")
    parts.append("</body></html>")
    return "\n".join(parts)


def period_of(month: str | None, start: date | None, end: date | None) -> tuple[date, date]:
    """The days a report covers: a month ``YYYY-MM``, or ``start``..``end`` (inclusive).

    Raises:
        InvalidInputError: neither a month nor both days, or a malformed month.
    """
    if month:
        try:
            first = date.fromisoformat(f"{month}-01")
        except ValueError:
            raise InvalidInputError(
                f"month: {month!r} is not a month (YYYY-MM)", field="month"
            ) from None
        days = calendar.monthrange(first.year, first.month)[1]
        return first, first.replace(day=days)
    if start is None or end is None:
        raise InvalidInputError(
            "give a month (YYYY-MM) or both a start and an end day", field="month"
        )
    if end < start:
        raise InvalidInputError("the period ends before it starts", field="end")
    return start, end
