"""The command line: the same core, exit codes, and JSON shapes for scripts."""

import json
import subprocess
import sys

import pytest

from tests.builders import person_rows, workbook_bytes
from uep_data import cli, measures


def run(capsys, *args):
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db_url(tmp_path):
    return f"sqlite:///{tmp_path / 'cli.sqlite'}"


def test_init_sample_summary_and_targets_as_json(capsys, db_url):
    assert run(capsys, "init", "--db", db_url)[0] == 0
    code, out, _ = run(capsys, "sample", "--db", db_url)
    assert code == 0 and "employments: 114 added" in out
    code, out, _ = run(capsys, "summary", "--db", db_url, "--json")
    summary = json.loads(out)
    assert summary["as_of"] == "2004-03-31" and summary["from"] == "2003-04-01"
    assert set(summary["metrics"]) == set(measures.metric_keys())
    code, out, _ = run(capsys, "targets", "--db", db_url, "--json", "--as-of", "2004-03-31")
    first = json.loads(out)["targets"][0]
    assert {
        "target_id",
        "title",
        "metric",
        "level",
        "value",
        "comparison",
        "actual",
        "status",
        "in_progress",
    } <= set(first)


def test_summary_can_be_narrowed_and_dated(capsys, db_url):
    run(capsys, "sample", "--db", db_url)
    code, out, _ = run(
        capsys,
        "summary",
        "--db",
        db_url,
        "--json",
        "--as-of",
        "2000-03-31",
        "--from",
        "1999-04-01",
        "--to",
        "2000-03-31",
        "--directorate",
        "Human Resources",
    )
    data = json.loads(out)
    assert (data["as_of"], data["directorate"]) == ("2000-03-31", "Human Resources")
    assert data["metrics"]["contacts"] is None  # contacts are not recorded by directorate


def test_import_exits_1_and_lists_every_error_as_json(capsys, db_url, tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(
        workbook_bytes(
            {
                "people": [
                    {"person_id": "P1", "route": "astronaut"},
                    {"person_id": None, "route": "self"},
                ]
            }
        )
    )
    code, out, _ = run(capsys, "import", str(bad), "--db", db_url, "--json")
    assert code == 1
    errors = json.loads(out)["errors"]
    assert {(e["sheet"], e["row"], e["column"]) for e in errors} == {
        ("people", 2, "route"),
        ("people", 3, "person_id"),
        ("people", 3, "route"),
    }
    assert set(errors[0]) == {"sheet", "row", "column", "value", "message"}


def test_import_prints_counts_and_dropped_identifiers_then_undo(capsys, db_url, tmp_path):
    good = tmp_path / "good.xlsx"
    good.write_bytes(workbook_bytes({"people": [{"person_id": "P1", "Full name": "A Person"}]}))
    code, out, _ = run(capsys, "import", str(good), "--db", db_url)
    assert code == 0 and "people: 1 added" in out and "'Full name'" in out
    code, out, _ = run(capsys, "import", str(good), "--db", db_url, "--dry-run", "--json")
    assert code == 0 and json.loads(out)["sheets"]["people"]["unchanged"] == 1
    code, out, _ = run(capsys, "undo", "--db", db_url)
    assert code == 0 and "Undid import 1" in out
    assert run(capsys, "undo", "--db", db_url)[0] == 1


def test_replace_is_given_per_sheet(capsys, db_url, tmp_path):
    first = tmp_path / "first.xlsx"
    first.write_bytes(workbook_bytes({"people": person_rows("P1", "P2")}))
    second = tmp_path / "second.xlsx"
    second.write_bytes(workbook_bytes({"people": person_rows("P2")}))
    run(capsys, "import", str(first), "--db", db_url)
    code, out, _ = run(capsys, "import", str(second), "--db", db_url, "--replace", "people")
    assert code == 0 and "1 removed" in out


def test_summary_before_init_says_what_to_do(capsys, db_url):
    code, _, err = run(capsys, "summary", "--db", db_url)
    assert code == 2 and "python -m uep_data init" in err


def test_template_writes_a_workbook(capsys, tmp_path):
    out = tmp_path / "template.xlsx"
    assert run(capsys, "template", str(out))[0] == 0
    assert out.read_bytes()[:2] == b"PK"


def test_the_command_line_never_imports_streamlit(tmp_path):
    code = (
        "import sys, uep_data.cli, uep_data.measures, uep_data.views, uep_data.importer; "
        "print('streamlit' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_dates_on_the_command_line_are_read_as_uploads_read_them(capsys, db_url):
    """2004-03-31 and 31/03/2004 alike; anything else is refused saying how to write it."""
    with pytest.raises(SystemExit):
        cli.main(["summary", "--db", db_url, "--as-of", "31 March 2004"])
    assert "write it as 31/03/2004 or 2004-03-31" in capsys.readouterr().err


# --- spc: a Making Data Count chart of a CSV ----------------------------------------------------


def _reference_csv(tmp_path, scenario: str):
    """One scenario of the reference test data as a date,value CSV (and its colours)."""
    from tests.test_spc import POINTS

    rows = POINTS[scenario]
    path = tmp_path / "series.csv"
    path.write_text(
        "date,value\n" + "".join(f"{r['Date']},{r['Value']}\n" for r in rows), encoding="utf-8"
    )
    return path, [r["Colour"] for r in rows]


def test_spc_prints_the_chart_as_json_with_the_tools_colours_and_icons(capsys, tmp_path):
    path, colours = _reference_csv(tmp_path, "Recalculations - Recalculated")
    code, out, _ = run(
        capsys, "spc", str(path), "--improvement", "high", "--recalculate-at", "16", "--json"
    )
    chart = json.loads(out)
    assert code == 0
    assert set(chart) == {
        "points",
        "mean",
        "lower_limit",
        "upper_limit",
        "variation_icon",
        "assurance_icon",
    }
    assert [p["colour"] for p in chart["points"]] == colours
    assert chart["points"][0] == {"date": "2023-01-01", "value": 16.0, "colour": "grey"}
    assert round(chart["mean"][0], 2) == 20.0 and round(chart["mean"][15], 2) == 30.33
    assert round(chart["upper_limit"][29], 2) == 40.21
    assert (chart["variation_icon"], chart["assurance_icon"]) == ("concern_low", "none")


def test_spc_assurance_from_a_target_and_a_baseline(capsys, tmp_path):
    path, _ = _reference_csv(tmp_path, "Summary icons - assurance - high is good")
    for target, icon in (("40", "fail"), ("30", "hit_or_miss"), ("10", "pass")):
        code, out, _ = run(
            capsys, "spc", str(path), "--improvement", "high", "--target", target, "--json"
        )
        assert json.loads(out)["assurance_icon"] == icon
    path, colours = _reference_csv(tmp_path, "Baselines - Recalculated")
    code, out, _ = run(capsys, "spc", str(path), "--improvement", "high", "--baseline", "15")
    assert code == 0 and "Variation: improvement_high." in out


def test_spc_says_what_is_wrong_with_a_file(capsys, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("month,count\n2024-01-31,3\n", encoding="utf-8")
    code, _, err = run(capsys, "spc", str(path), "--improvement", "high")
    assert code == 2 and "columns named date and value" in err
    path.write_text("date,value\n2024-01-31,3\n2024-02-29,three\n", encoding="utf-8")
    code, _, err = run(capsys, "spc", str(path), "--improvement", "high")
    assert code == 2 and "row 3, value 'three' must be a number" in err
    path.write_text("date,value\n2024-02-29,3\n2024-01-31,4\n", encoding="utf-8")
    code, _, err = run(capsys, "spc", str(path), "--improvement", "high")
    assert code == 2 and "row 3: 31/01/2024 is not after the row before" in err
    path.write_text("date,value\n2024-01-31,3\n2024-02-29,4\n", encoding="utf-8")
    code, _, err = run(capsys, "spc", str(path), "--improvement", "high", "--recalculate-at", "9")
    assert code == 2 and "recalculation starts at a point from 2 to 2" in err
    code, _, err = run(capsys, "spc", str(tmp_path / "missing.csv"), "--improvement", "high")
    assert code == 2 and "cannot read" in err


def test_dates_outside_the_years_the_data_hold_are_refused_in_words(capsys, db_url):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["summary", "--db", db_url, "--as-of", "1800-01-01"])
    assert exit_.value.code == 2
    assert "outside the years the programme's data can hold" in capsys.readouterr().err


def test_a_period_running_past_the_as_of_date_is_refused(capsys, tmp_path):
    """Figures as of D count nothing after D: a period ending later is refused in words."""
    url = f"sqlite:///{tmp_path / 'uep.sqlite'}"
    assert cli.main(["init", "--db", url]) == 0
    capsys.readouterr()
    code = cli.main(
        [
            "summary",
            "--db",
            url,
            "--as-of",
            "2003-12-31",
            "--from",
            "2003-04-01",
            "--to",
            "2004-03-31",
        ]
    )
    assert code == 2 and "ends after the as-of date" in capsys.readouterr().err


def test_the_import_command_can_start_reading_before_it_loads_the_database_layer():
    """Its reading workers start first and read while SQLAlchemy, the data core, the measures
    and openpyxl load: loading the command loads none of them."""
    script = (
        "import sys, types, uep_data.cli\n"
        "heavy = ('sqlalchemy', 'openpyxl', 'numpy', 'uep_data.measures', 'uep_data.db')\n"
        "print([name for name in heavy if name in sys.modules\n"
        "       and type(sys.modules[name]) is types.ModuleType])\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "[]"
