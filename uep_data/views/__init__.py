"""One view per page: for each page (and the meeting screens and the board pack), a function
that takes the filters and the audience and returns a typed result holding every figure the
page shows, already under the audience's disclosure control. The pages, the board pack, the
CSV downloads and `python -m uep_data page` only arrange these results.

Which function is a page's view is said once, in the page's declaration (pages.py);
`PAGE_VIEWS` finds them there, by the page's address."""

import functools
import importlib

from .. import collector, pages
from .ask import Ask
from .board_pack import BoardPackContents, board_audience
from .drill_down import DRILLABLE
from .filters import (
    Filters,
    cut_at,
    default_as_of,
    default_filters,
    filter_options,
    month_end_shown,
)


def _made_in_one_go(view):
    """A view is made with the cycle collector paused: a steering group's view builds
    controlled tables of many thousands of small tuples and no cycles, and the collector
    walking them cost a third of its time."""

    @functools.wraps(view)
    def made(*args, **kwargs):
        with collector.paused():
            return view(*args, **kwargs)

    return made


def _view_of(page: pages.Page):
    module, function = page.view_name
    return getattr(importlib.import_module(f"{__name__}.{module}"), function)


# each page's address and its view, as the pages declare them
PAGE_VIEWS = {
    page.address: _made_in_one_go(_view_of(page))
    for page in (*pages.PAGES, *pages.PAPERS)
    if page.view_name is not None
}

__all__ = [
    "DRILLABLE",
    "PAGE_VIEWS",
    "Ask",
    "BoardPackContents",
    "Filters",
    "board_audience",
    "cut_at",
    "default_as_of",
    "month_end_shown",
    "default_filters",
    "filter_options",
]
