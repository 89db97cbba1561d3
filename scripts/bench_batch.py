"""How many reports a second `advisor batch` writes on the shipped examples, once started.

    python scripts/bench_batch.py [--copies 20] [--format md|html|json] [--jobs 0]

Copies each example --copies times into a temporary folder (each copy with its own organisation name, so no
two decisions are alike), loads the catalog (start-up, not timed), then times one batch over all of them.
Prints `reports_per_second N` on stdout, a figure that can be compared as a ratio between runs; the details go
to stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    sys.path.insert(0, str(ROOT))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20, help="copies of each example (default 20)")
    parser.add_argument("--format", default="md", choices=["md", "html", "json"])
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (0: one per CPU core)")
    args = parser.parse_args()

    from rich.console import Console

    from advisor.catalog.load import load_catalog
    from advisor.cli.batch import run_batch
    from advisor.report.render import ReportFormat

    catalog = load_catalog()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = []
        for example in sorted((ROOT / "examples").glob("*.yaml")):
            text = example.read_text()
            for i in range(args.copies):
                path = folder / "answers" / f"{example.stem}-{i:03d}.yaml"
                path.parent.mkdir(exist_ok=True)
                path.write_text(text.replace("  name: ", f"  name: Copy {i} of ", 1))
                files.append(path)
        quiet = Console(file=io.StringIO())
        started = time.perf_counter()
        failures = run_batch(
            files,
            folder / "out",
            ReportFormat(args.format),
            catalog,
            dt.date(2026, 11, 27),
            jobs=args.jobs,
            console=quiet,
        )
        elapsed = time.perf_counter() - started
    if failures:
        print(f"{len(failures)} report(s) failed: {failures[0].message}", file=sys.stderr)
        return 1
    rate = len(files) / elapsed
    print(
        f"{len(files)} {args.format} reports in {elapsed:.2f} s with jobs={args.jobs or 'all cores'}", file=sys.stderr
    )
    print(f"reports_per_second {rate:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
