"""One view per page: for each page (and the meeting screens and the board pack), a function
that takes the filters and the audience and returns a typed result holding every figure the
page shows, already under the audience's disclosure control. The pages, the board pack, the
CSV downloads and `python -m uep_data page` only arrange these results.

Each page's view is in the module of its name (`views.overview.overview`); `PAGE_VIEWS` finds
them by the page's address."""

import functools

from .. import collector
from .ask import Ask
from .board_pack import BoardPackContents, board_audience
from .board_pack import board_pack as _board_pack
from .contacts import contacts as _contacts
from .coverage import coverage as _coverage
from .drill_down import DRILLABLE
from .drill_down import drill_down as _drill_down
from .filters import Filters, cut_at, default_as_of, default_filters, filter_options
from .funding import funding as _funding
from .meeting import meeting as _meeting
from .overview import overview as _overview
from .recruitment import recruitment as _recruitment
from .stages import stages as _stages
from .targets import targets_page as _targets_page
from .watch_list import watch_list as _watch_list
from .work_preparation import work_preparation as _work_preparation


def _made_in_one_go(view):
    """A view is made with the cycle collector paused: a steering group's view builds
    controlled tables of many thousands of small tuples and no cycles, and the collector
    walking them cost a third of its time."""

    @functools.wraps(view)
    def made(*args, **kwargs):
        with collector.paused():
            return view(*args, **kwargs)

    return made


# each page's address and its view
PAGE_VIEWS = {
    address: _made_in_one_go(view)
    for address, view in {
        "overview": _overview,
        "targets": _targets_page,
        "coverage": _coverage,
        "stages": _stages,
        "contacts": _contacts,
        "work_preparation": _work_preparation,
        "recruitment": _recruitment,
        "funding": _funding,
        "drill_down": _drill_down,
        "meeting": _meeting,
        "board_pack": _board_pack,
        "watch_list": _watch_list,
    }.items()
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
    "default_filters",
    "filter_options",
]
