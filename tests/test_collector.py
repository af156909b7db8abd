"""The cycle collector paused while a view or an import is made, and running again after."""

import gc
import threading

import pytest

from uep_data import collector, views


@pytest.fixture(autouse=True)
def collecting():
    gc.enable()
    yield
    gc.enable()


def test_it_is_paused_inside_and_runs_again_after_even_after_an_error():
    with collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), collector.paused():
        raise ValueError("a view that fails")
    assert gc.isenabled()


def test_it_stays_paused_until_the_last_of_several_threads_leaves():
    first_inside, first_may_leave = threading.Event(), threading.Event()
    seen = {}

    def first():
        with collector.paused():
            first_inside.set()
            first_may_leave.wait(5)
        seen["after the first left"] = gc.isenabled()

    thread = threading.Thread(target=first)
    thread.start()
    first_inside.wait(5)
    with collector.paused():
        first_may_leave.set()
        thread.join(5)  # the first has left; this one is still inside
        seen["while the second is inside"] = gc.isenabled()
    assert seen == {"after the first left": False, "while the second is inside": False}
    assert gc.isenabled()


def test_a_process_that_had_it_off_keeps_it_off():
    gc.disable()
    with collector.paused():
        pass
    assert not gc.isenabled()


def test_every_page_view_is_made_with_it_paused():
    seen = []

    def view(conn, filters, audience, **options):
        seen.append(gc.isenabled())
        return "view"

    assert views._made_in_one_go(view)(None, None, None) == "view"
    assert seen == [False]
    assert gc.isenabled()
    assert all(
        view.__wrapped__.__module__.startswith("uep_data.views.")
        for view in views.PAGE_VIEWS.values()
    )
