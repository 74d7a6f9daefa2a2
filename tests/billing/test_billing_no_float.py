"""No float anywhere in billing: no float() call, no float annotation, no float literal."""

import io
import tokenize
from pathlib import Path

import convenio.billing

BILLING = Path(convenio.billing.__file__).parent


def _offences(path: Path) -> list[str]:
    found = []
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text("utf-8")).readline)
    for token in tokens:
        if token.type == tokenize.NAME and token.string == "float":
            found.append(f"{path.name}:{token.start[0]}: float")
        text = token.string.lower()
        if token.type == tokenize.NUMBER and any(c in text for c in ".ej") and "x" not in text:
            found.append(f"{path.name}:{token.start[0]}: literal {token.string}")
    return found


def test_billing_sources_exist():
    assert len(list(BILLING.rglob("*.py"))) >= 10


def test_no_float_in_billing_source():
    offences = [o for path in sorted(BILLING.rglob("*.py")) for o in _offences(path)]
    assert offences == []


def test_no_float_call_even_in_text():
    assert [p.name for p in BILLING.rglob("*.py") if "float(" in p.read_text("utf-8")] == []


def test_the_scan_catches_a_float(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("x = float('1')\ny = 0.5\n")
    assert len(_offences(sample)) == 2
