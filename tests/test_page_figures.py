"""`python -m uep_data page`: every figure of every page, for every role that may see it, as
docs/page-figures.md specifies; the same view as the page. Every trust-wide figure the programme
lead sees agrees with `summary` for the same date and period, and a figure repeated on
several pages (and in the board pack) has one value for an audience."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from pathlib import Path

import pytest

from tests.app_support import label
from uep_data import access, cli, db, importer, measures, pages
from uep_data.periods import Period

TYPED = Path(__file__).parent / "fixtures" / "typed_in_libreoffice.xlsx"
FIGURE_PAGES = [p.address for p in (*pages.PAGES, *pages.PAPERS) if p.figures]
RECORD_FIELDS = {
    "where",
    "measure",
    "label",
    "unit",
    "value",
    "shown",
    "as_of",
    "from",
    "to",
    "directorate",
    "profession",
    "group",
}


@pytest.fixture(scope="module")
def typed_url(tmp_path_factory):
    """A second data set: the workbook typed by hand into LibreOffice."""
    url = f"sqlite:///{tmp_path_factory.mktemp('typed') / 'uep.sqlite'}"
    engine = db.create_engine(url)
    db.upgrade(engine)
    result = importer.import_files(engine, [(TYPED.name, TYPED.read_bytes())], who="test")
    assert result.ok, [str(p) for p in result.problems]
    engine.dispose()
    return url


@pytest.fixture(params=["sample", "typed"])
def data_url(request, sample_url, typed_url):
    return sample_url if request.param == "sample" else typed_url


def page(capsys, url, name, role, *options):
    code = cli.main(["page", name, "--as", role, "--db", url, "--json", *options])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def every_page(capsys, url, role):
    return {
        name: page(capsys, url, name, role)
        for name in FIGURE_PAGES
        if access.may_open(role, name)
        and not (name == "watch_list")
        and not (name == "funder_return" and not has_funding(url))
    }


def has_funding(url: str) -> bool:
    """Whether the data record funding in the latest financial year ended (a funder's return
    has nothing to report without: `page funder_return` refuses, in one line)."""
    from uep_data import views
    from uep_data.commands.common import as_of_for
    from uep_data.disclosure import NotOffered
    from uep_data.periods import financial_year_to_date

    engine = db.create_engine(url)
    try:
        with db.reading(engine) as conn:
            as_of = as_of_for(conn, None)  # the page command's default date
            views.PAGE_VIEWS["funder_return"](
                conn, views.Filters(as_of, financial_year_to_date(as_of))
            )
        return True
    except NotOffered:
        return False
    finally:
        engine.dispose()


@pytest.mark.parametrize("role", access.ROLES)
def test_page_prints_every_figure_of_every_page_for_every_role(capsys, data_url, role):
    found = every_page(capsys, data_url, role)
    assert set(found) == {
        p
        for p in FIGURE_PAGES
        if access.may_open(role, p)
        and p != "watch_list"
        and (p != "funder_return" or has_funding(data_url))
    }
    for name, answer in found.items():
        assert answer["page"] == name and answer["audience"] == role
        # every page shows figures (the hand-typed workbook has no targets to show)
        assert answer["figures"] or (name == "targets" and data_url.find("typed") >= 0), name
        for record in answer["figures"]:
            assert set(record) == RECORD_FIELDS, record
            assert record["shown"] not in (None, ""), record


# the papers and the page that shows them: under disclosure control whoever asks
PAPERS_SHOWN = ("reports", *(p.address for p in pages.PAPERS))


def audience_of(role: str, name: str) -> str:
    """Whom a page's figures are for: the meeting screens are always under disclosure control
    and the board pack always at board level, whoever asks; the other pages follow the role."""
    if role == access.PROGRAMME_LEAD and name not in ("meeting", *PAPERS_SHOWN):
        return "exact"
    return "controlled"


def test_every_trust_wide_figure_the_lead_sees_agrees_with_summary(capsys, data_url):
    found = {
        name: answer
        for name, answer in every_page(capsys, data_url, access.PROGRAMME_LEAD).items()
        if audience_of(access.PROGRAMME_LEAD, name) == "exact"
    }
    engine = db.create_engine(data_url)
    summaries: dict[tuple, dict] = {}
    compared = 0
    with db.reading(engine) as conn:
        for name, answer in found.items():
            for f in answer["figures"]:
                if f["measure"] not in measures.metric_keys():
                    continue
                if f["directorate"] or f["profession"] or f["group"] or not_measured(f):
                    continue
                as_of = dt.date.fromisoformat(f["as_of"])
                period = (
                    Period(dt.date.fromisoformat(f["from"]), dt.date.fromisoformat(f["to"]))
                    if f["from"]
                    else None
                )
                key = (as_of, period)
                if key not in summaries:
                    summaries[key] = measures.summary(conn, as_of, period)
                assert f["value"] == summaries[key][f["measure"]], (name, f)
                compared += 1
    assert compared > 20


def not_measured(figure: dict) -> bool:
    """A target whose period has not begun (next year's interim target) shows no figure for
    it yet: no value, and its label says so; that is no claim about the count on the date."""
    return figure["value"] is None and figure["label"].endswith("(not measured yet)")


def test_a_figure_repeated_on_several_pages_and_the_pack_has_one_value(capsys, data_url):
    """For each audience (exact, or under disclosure control: the steering group, the board,
    the meeting room and the pack alike), one figure has one value wherever it is shown."""
    seen = defaultdict(set)
    for role in access.ROLES:
        for name, answer in every_page(capsys, data_url, role).items():
            for f in answer["figures"]:
                if not_measured(f):
                    continue
                identity = (
                    audience_of(role, name),
                    f["measure"],
                    f["as_of"],
                    f["from"],
                    f["to"],
                    f["directorate"],
                    f["profession"],
                    json.dumps(f["group"], sort_keys=True),
                )
                seen[identity].add((json.dumps(f["value"]), f"{role} {name}"))
    repeated = 0
    for identity, values in seen.items():
        assert len({value for value, _ in values}) == 1, (identity, values)
        repeated += len({where.split()[1] for _, where in values}) > 1
    assert repeated > 5  # the check has something to compare


def refusal(err: str) -> list[str]:
    """What a command said besides naming the database it used (its first line)."""
    return [line for line in err.strip().splitlines() if not line.startswith("Database: ")]


def test_a_page_the_role_may_not_see_is_refused_in_one_line(capsys, sample_url):
    code = cli.main(["page", "coverage", "--as", "board", "--db", sample_url])
    _, err = capsys.readouterr()
    said = refusal(err)
    assert code == 2 and said == ["uep_data: the board may not see coverage"]


def test_a_filter_the_page_does_not_offer_is_refused(capsys, sample_url):
    code = cli.main(
        ["page", "coverage", "--as", "programme_lead", "--db", sample_url, "--directorate", "X"]
    )
    assert code == 2 and "not narrowed to a directorate" in capsys.readouterr().err


def test_an_unknown_directorate_is_refused_with_the_names_that_exist(capsys, sample_url):
    code = cli.main(
        [
            "page",
            "overview",
            "--as",
            "steering_group",
            "--db",
            sample_url,
            "--directorate",
            "Human resorces",
        ]
    )
    err = capsys.readouterr().err
    assert code == 2 and "there is no directorate called 'Human resorces'" in err
    assert "Human Resources" in err and len(refusal(err)) == 1


def test_an_unknown_page_or_role_is_refused(capsys, sample_url):
    assert cli.main(["page", "nowhere", "--as", "board", "--db", sample_url]) == 2
    assert "pages are overview" in capsys.readouterr().err
    assert cli.main(["page", "overview", "--as", "chair", "--db", sample_url]) == 2
    assert "roles are programme_lead" in capsys.readouterr().err


def test_page_follows_the_date_period_and_directorate_asked_for(capsys, sample_url):
    answer = page(
        capsys,
        sample_url,
        "overview",
        "steering_group",
        "--as-of",
        "2003-03-31",
        "--from",
        "2002-04-01",
        "--to",
        "2003-03-31",
        "--directorate",
        "Human Resources",
    )
    assert (answer["as_of"], answer["from"], answer["directorate"]) == (
        "2003-03-31",
        "2002-04-01",
        "Human Resources",
    )
    headline = next(f for f in answer["figures"] if f["where"] == "headline")
    assert headline["directorate"] == "Human Resources" and headline["value"] == "*"


def test_the_readable_table_lists_where_what_and_the_text_on_screen(capsys, sample_url):
    assert cli.main(["page", "coverage", "--as", "steering_group", "--db", sample_url]) == 0
    out = capsys.readouterr().out
    assert out.startswith("coverage as steering_group: as of 31 Mar 2004")
    assert any(
        line.split()[0] == "table:hurdles" and label("clinical_posts") in line
        for line in out.splitlines()[1:]
    )
