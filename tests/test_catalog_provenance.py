"""Provenance a client may read: every source is a public document or URL, never one of our own files nor a
price file's internals; a figure without a public source says it is not verified."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from advisor.api import recommend, render
from advisor.catalog.schema import Catalog

OUR_FILES = re.compile(r"DOMAIN\.md|DESIGN\.md|STYLE\.md|README|this session|from (own )?knowledge", re.I)
PRICE_FILE_INTERNALS = re.compile(r"price file: key|_cost_per_token|uplift_multiplier|deprecation_date", re.I)


def _every_source(catalog: Catalog) -> list[tuple[str, str]]:
    out = [(f"model {m.id}", s) for m in catalog.models.values() for s in m.sources]
    out += [(f"offer {o.id}", s) for o in catalog.offers.values() for s in o.sources]
    out += [(f"gpu {g.id}", s) for g in catalog.gpus.values() for s in g.sources]
    out += [(f"host {h.id}", s) for h in catalog.dedicated_hosts.values() for s in h.sources]
    out += [(f"provider {p.id}", s) for p in catalog.providers.values() for s in p.sources]
    out += [("staff costs", s) for s in catalog.meta.staff_cost_sources]
    return [*out, ("currency rates", catalog.meta.rates_source)]


def test_no_source_cites_a_file_of_ours_or_a_price_files_internals(catalog: Catalog) -> None:
    bad = [(where, s) for where, s in _every_source(catalog) if OUR_FILES.search(s) or PRICE_FILE_INTERNALS.search(s)]
    assert not bad, bad[:5]


def test_figures_without_a_public_source_say_they_are_not_verified(catalog: Catalog) -> None:
    for gpu in catalog.gpus.values():
        unsourced = [s for s in gpu.sources if not s.startswith("https://")]
        assert all("NOT VERIFIED" in s for s in unsourced), (gpu.id, unsourced)
    staff = [s for s in catalog.meta.staff_cost_sources if not s.startswith("https://")]
    assert all("NOT VERIFIED" in s for s in staff)


@pytest.mark.parametrize("name", ["eu-marketing-hr", "clinic-regulated", "startup-support-bot"])
def test_reports_cite_public_sources_and_mark_what_is_unverified(example, name: str) -> None:
    rec = recommend(example(name), date=dt.date(2026, 11, 27), keep=False)
    report = render(rec, "md")
    assert not OUR_FILES.search(report), OUR_FILES.search(report)
    assert "price file: key" not in report
    if "Mercatus" in report:  # a GPU price from the survey is shown: it says it is not verified
        assert "Mercatus GPU cloud pricing survey, May 2026" in report and "NOT VERIFIED" in report


def test_a_report_dated_before_a_figure_was_checked_gives_it_age_0_and_says_so(example) -> None:
    """A report dated in the past is made with today's catalog: a figure checked after the report's date is no
    older than the report (age 0, never a negative age) and the table says it was checked after that date."""
    import json

    early = dt.date(2026, 11, 1)  # before every offer was verified (2026-11-27 or later)
    rec = recommend(example("eu-marketing-hr"), date=early, keep=False)
    entries = json.loads(render(rec, "json"))["provenance"]["entries"]
    assert entries and all(e["age_days"] >= 0 for e in entries)
    later = [e for e in entries if e["verified"] > early.isoformat()]
    assert later and all(e["age_days"] == 0 and e["checked_after_report"] for e in later)
    assert all(not e["checked_after_report"] for e in entries if e["verified"] <= early.isoformat())
    markdown = render(rec, "md")
    assert "| 0 | current, checked after the report date |" in markdown
    assert "| -" not in markdown.split("### Catalog provenance")[1].split("Method")[0]
    assert "Figures checked after this report's date (2026-11-01) are given an age of 0 days" in markdown
    assert "checked after the report date" in render(rec, "html")


def test_a_report_dated_after_every_check_says_nothing_of_later_checks(example) -> None:
    rec = recommend(example("eu-marketing-hr"), date=dt.date(2026, 12, 20), keep=False)
    markdown = render(rec, "md")
    assert "checked after the report date" not in markdown
    assert "Figures checked after this report's date" not in markdown
