"""An invoice as CSV (one row per line, amounts as exact decimals) and as a printable,
self-contained HTML page (inline style, no external assets)."""

from __future__ import annotations

import csv
import io
from html import escape

from convenio.billing.queries import InvoiceView, LineView

CSV_COLUMNS = (
    "invoice_number",
    "line_id",
    "position",
    "kind",
    "for_month",
    "facility_id",
    "person_id",
    "stay_id",
    "first_day",
    "last_day",
    "days",
    "model",
    "schedule_from",
    "unit",
    "amount",
    "currency",
    "revision",
    "corrects_line_id",
    "source_events",
    "description",
)


def _cells(number: str, line: LineView) -> list[str]:
    return [
        number,
        line.line_id,
        str(line.position),
        line.kind,
        str(line.for_month),
        line.facility_id or "",
        line.person_id or "",
        line.stay_id or "",
        line.first_day.isoformat() if line.first_day else "",
        line.last_day.isoformat() if line.last_day else "",
        str(line.days),
        line.model,
        line.schedule_from.isoformat(),
        line.unit.amount_text(),
        line.amount.amount_text(),
        line.amount.currency,
        "" if line.revision is None else str(line.revision),
        line.corrects_line_id or "",
        " ".join(line.source_events),
        line.description,
    ]


def invoice_csv(view: InvoiceView) -> str:
    """One header row, one row per line, and a final ``total`` row equal to their sum."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    number = view.summary.number
    for line in view.lines:
        writer.writerow(_cells(number, line))
    total = [""] * len(CSV_COLUMNS)
    total[0], total[3] = number, "total"
    total[CSV_COLUMNS.index("amount")] = view.summary.total.amount_text()
    total[CSV_COLUMNS.index("currency")] = view.summary.total.currency
    writer.writerow(total)
    return out.getvalue()


_STYLE = """
body { font: 11pt/1.4 Georgia, serif; margin: 2em; color: #111; }
h1 { font-size: 16pt; margin: 0 0 .2em; }
table { border-collapse: collapse; width: 100%; margin-top: 1em; font-size: 9pt; }
th, td { border-bottom: 1px solid #999; padding: 3px 5px; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tfoot td { font-weight: bold; border-top: 2px solid #111; }
.meta td { border: none; padding: 1px 8px 1px 0; }
@media print { body { margin: 0; } }
"""


def _row(line: LineView) -> str:
    who = " ".join(x for x in (line.person_id, line.facility_id) if x)
    days = f"{line.first_day} – {line.last_day}" if line.first_day else ""
    corrects = f"<br>corrects {escape(line.corrects_line_id)}" if line.corrects_line_id else ""
    events = escape(", ".join(line.source_events))
    return (
        f"<tr><td>{line.position}</td><td>{escape(line.kind)}{corrects}</td>"
        f"<td>{line.for_month}</td><td>{escape(who)}</td><td>{escape(days)}</td>"
        f'<td class="n">{line.days}</td><td>{escape(line.model)} from {line.schedule_from}</td>'
        f"<td>{escape(line.description)}<br><small>{events}</small></td>"
        f'<td class="n">{line.amount.amount_text()}</td></tr>'
    )


def invoice_html(view: InvoiceView, title: str = "") -> str:
    """A printable page: header, status, every line and the total (equal to their sum)."""
    s = view.summary
    meta = [
        ("Number", s.number),
        ("Agreement", f"{s.agreement_id} {title}".strip()),
        ("Month", str(s.month)),
        ("Kind", s.kind.value),
        ("Status", s.status.value),
        ("Total", str(s.total)),
        ("Credited", str(s.credited)),
        ("Paid", str(s.paid)),
        ("Balance", str(s.balance)),
        ("Fingerprint", s.digest),
    ]
    meta_rows = "".join(f"<tr><td>{k}</td><td>{escape(v)}</td></tr>" for k, v in meta)
    head = "".join(
        f"<th{' class=n' if h in ('Days', 'Amount') else ''}>{h}</th>"
        for h in (
            "#",
            "Kind",
            "For",
            "Person / facility",
            "Days paid",
            "Days",
            "Schedule",
            "Detail and custody events",
            "Amount",
        )
    )
    body = "".join(_row(line) for line in view.lines)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>Invoice {escape(s.number)}</title><style>{_STYLE}</style></head><body>"
        f'<h1>Invoice {escape(s.number)}</h1><table class="meta">{meta_rows}</table>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody>"
        f'<tfoot><tr><td colspan="8">Total ({s.total.currency})</td>'
        f'<td class="n">{s.total.amount_text()}</td></tr></tfoot></table>'
        "<p><small>Amounts are exact; each line is rounded once, half-up to the cent. "
        "An issued invoice is never changed: corrections appear as repair lines on a later "
        "invoice or on a credit note.</small></p></body></html>\n"
    )
