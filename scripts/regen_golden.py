"""Regenerate the golden reports in tests/golden/ from the examples: python scripts/regen_golden.py

Each example in examples/ is rendered in every format (md, html, json) with --date 2026-11-27, through the
same code path as `advisor recommend`. Review the diff before committing: it is the report a client reads.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOLDEN = ROOT / "tests" / "golden"
DATE = "2026-11-27"
COMMAND = "python scripts/regen_golden.py"


def golden_text(example: Path, fmt: str) -> str:
    """The report of one example in one format, exactly as `advisor recommend --date 2026-11-27` writes it."""
    import datetime as dt

    from advisor.api import load_answers, load_catalog, recommend, render

    catalog = load_catalog()
    rec = recommend(load_answers(example, catalog=catalog), catalog=catalog, date=dt.date.fromisoformat(DATE))
    return render(rec, fmt, catalog=catalog)


def main() -> int:
    os.environ.pop("ADVISOR_CATALOG", None)  # the shipped catalog only
    sys.path.insert(0, str(ROOT))
    GOLDEN.mkdir(parents=True, exist_ok=True)
    changed = 0
    for example in sorted(EXAMPLES.glob("*.yaml")):
        for fmt in ("md", "html", "json"):
            path = GOLDEN / f"{example.stem}.{fmt}"
            text = golden_text(example, fmt)
            old = path.read_text(encoding="utf-8") if path.exists() else None
            if old != text:
                path.write_text(text, encoding="utf-8", newline="\n")
                changed += 1
                print(f"updated {path.relative_to(ROOT)}")
    print(f"{changed} golden file(s) changed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
