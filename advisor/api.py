"""The library call: answers in, a recommendation out, a report rendered from it.

    from advisor.api import load_answers, recommend, render

    answers = load_answers("examples/eu-marketing-hr.yaml")
    rec = recommend(answers)                      # the shipped catalog, today's date
    print(render(rec, "json"))                    # the JSON report; "md" and "html" too

Every command (`recommend`, `explain`, `start`, `batch`) goes through `recommend` and `render`. This module
is also where a run's machinery lives, so that the engine stays a pure function of its inputs: the
groundwork (the catalog worked out for the organisation's settings) and the robustness check's weight draws
are kept between runs in the cache folder and within a process in memory, and the cycle collector waits
while a decision builds its objects.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from advisor.answers.model import Answers
    from advisor.catalog.schema import Catalog
    from advisor.engine.evaluate import Groundwork
    from advisor.engine.recommendation import Recommendation
    from advisor.engine.robustness import Draws
    from advisor.report.render import ReportFormat, ReportSettings

__all__ = ["load_answers", "load_catalog", "recommend", "render"]

T = TypeVar("T")
GROUNDWORK_KEPT = 8  # groundworks remembered in one process (a batch of answers files mostly shares a few)
_groundworks: dict[tuple[object, ...], Groundwork] = {}


def load_catalog(overlays: Iterable[Path | str] = ()) -> Catalog:
    """The shipped catalog, with overlay folders on top (later ones win), validated and cross-checked."""
    from advisor.catalog.load import load_catalog as load

    return without_collecting(load, overlays, keep_frozen=True)


def load_answers(source: str | Path, overrides: Iterable[str] = (), catalog: Catalog | None = None) -> Answers:
    """Answers from a YAML or JSON file ('-': stdin), with `PATH=VALUE` overrides applied, checked against
    the catalog's use-case kinds. Raises `advisor.errors.AdvisorError` naming every problem and its place."""
    from advisor.answers.load import load_answers as load

    kinds = set((catalog or load_catalog()).use_case_kinds)
    return load(str(source), list(overrides), kinds)


def recommend(
    answers: Answers, *, catalog: Catalog | None = None, date: dt.date | None = None, keep: bool = True
) -> Recommendation:
    """The recommendation for these answers: the shipped catalog unless one is given, as of today unless a
    date is given. `keep=False` keeps nothing in the cache folder (what was kept is still read)."""
    from advisor.engine.robustness import weight_draws
    from advisor.engine.stack import decide

    catalog = catalog or load_catalog()
    day = date or dt.date.today()
    draws: Draws = weight_draws
    if keep:
        from advisor.cache import stored_draws

        draws = stored_draws(weight_draws)
    work = _groundwork(answers, catalog, day, keep)
    return without_collecting(lambda: decide(answers, catalog, day, groundwork=work, draws=draws))


def render(
    recommendation: Recommendation,
    format: ReportFormat | str = "md",
    *,
    catalog: Catalog | None = None,
    settings: ReportSettings | None = None,
) -> str:
    """The report as text: "md", "html" or "json". With the catalog it was decided from, the report's
    provenance, licence and staleness sections are complete; `settings` carries the branding."""
    from advisor.report.render import ReportFormat
    from advisor.report.render import render as render_report

    return render_report(recommendation, ReportFormat.parse(str(format)), catalog, settings)


def _groundwork(answers: Answers, catalog: Catalog, date: dt.date, keep: bool) -> Groundwork:
    """The groundwork of these answers' settings on this catalog: remembered in this process and, with
    `keep`, kept in the cache folder by reference to the kept catalog's parts."""
    from advisor.engine.evaluate import Groundwork, groundwork_settings, lay_groundwork

    settings = groundwork_settings(answers, catalog, date)
    key = (id(catalog), *settings)
    found = _groundworks.get(key)
    if found is not None and found.catalog is catalog:
        return found
    work = None
    if keep:
        from advisor.cache import stored

        work = stored("groundwork", catalog.parts(), Groundwork)(
            settings, lambda: lay_groundwork(answers, catalog, date)
        )
    if work is None or work.catalog is not catalog or work.date != date:
        work = lay_groundwork(answers, catalog, date)
    if len(_groundworks) >= GROUNDWORK_KEPT:
        _groundworks.pop(next(iter(_groundworks)))
    _groundworks[key] = work
    return work


def without_collecting(make: Callable[..., T], *args: object, keep_frozen: bool = False) -> T:
    """`make(*args)` with the cycle collector off; with `keep_frozen`, what exists then is moved out of the
    collector's way for good (`gc.freeze`: for what lives as long as the process, such as a catalog).

    Loading a catalog and deciding make a few hundred thousand small objects and almost no cycles: the
    collector would only walk them again and again (seconds on a 5,000-model catalog), so it waits.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        return make(*args)
    finally:
        if keep_frozen:
            gc.freeze()
        if collecting:
            gc.enable()
