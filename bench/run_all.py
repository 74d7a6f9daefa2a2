"""Run every benchmark of bench/ in turn (``make bench``); each prints its own figures."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

SCRIPTS = (
    "bench_screen.py",
    "bench_import.py",
    "bench_ledger.py",
    "bench_billing.py",
    "bench_cases.py",
    "bench_custody.py",
    "bench_api.py",
    "bench_web.py",
)


def main() -> int:
    """Run the scripts; report which failed."""
    folder = Path(__file__).parent
    failed = []
    for script in SCRIPTS:
        print(f"\n=== {script}", flush=True)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, str(folder / script)], check=False)
        print(f"=== {script}: exit {result.returncode} in {time.perf_counter() - started:.0f} s")
        if result.returncode:
            failed.append(script)
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
