"""Are the forecasts' bands honest? A backtest over rolling origins: at each month of a
series' history, forecast from the months up to it only (as the dashboard would have on that
day), and see whether what then happened lies inside the 80% and 95% bands: a month end's
level 1 to 12 months ahead (people in employment, directorates covered), and a count added up
over the next 3, 6 and 12 months (job starts, support contacts: targets are over periods).
The 80% band should hold the outcome 70-90% of the time, the 95% band 90-99%.

    .venv/bin/python -m bench.forecast_backtest            # the sample and three generated
    .venv/bin/python -m bench.forecast_backtest --json      # the figures as JSON

The series are read through the measures, as the pages read them, from the bundled sample
and from programmes made by bench.large_database (small ones, three seeds); each forecast
reads the months the dashboard would: the chart's last three years up to its day."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import tempfile
from pathlib import Path

import numpy as np

from bench import large_database
from uep_data import db, forecast, importer, measures, sample, spc
from uep_data.measures import When
from uep_data.periods import Period, month_ends

LEVELS = ("in_employment", "directorates_covered_pct")
FLOWS = ("job_starts", "contacts")
HORIZONS = range(1, 13)
TOTALS = (3, 6, 12)
FIRST_ORIGIN = 24  # months of history before the first forecast
CHART_MONTHS = 36  # what the dashboard reads a series from: its chart's last three years


def monthly(engine, key: str, first: dt.date, last: dt.date) -> tuple[list, list]:
    ends = month_ends(Period(first, last))
    if measures.kind_of(key) == measures.POINT:
        whens = [When(end) for end in ends]
    else:
        whens = [When(end, Period(end.replace(day=1), end)) for end in ends]
    with db.reading(engine) as conn:
        found = measures.read(conn, [key], whens)[key]
    return ends, [cell.get((), measures.NOTHING).value or 0 for cell in found]


def backtest(months, values, shape: str, improvement: str) -> dict:
    """Coverage of the 80% and 95% bands over every origin with enough of its process."""
    options = spc.Options(improvement=improvement)
    inside = {"80": 0, "95": 0}
    count = 0
    for origin in range(FIRST_ORIGIN, len(values)):
        # the months the dashboard's chart shows on that day: the last three years
        first = max(0, origin - CHART_MONTHS)
        history = values[first:origin]
        process = forecast.present_process(months[first:origin], history, options)
        if process is None:
            continue
        # one simulation to the furthest month (as the fan is drawn), read at each horizon
        furthest = max(HORIZONS if shape == forecast.LEVEL else TOTALS)
        paths = forecast.simulate(history, process, shape, furthest)
        if shape == forecast.FLOW:
            paths = np.cumsum(np.clip(paths, 0, None), axis=1)  # the total to each month
        for ahead in HORIZONS if shape == forecast.LEVEL else TOTALS:
            if origin + ahead > len(values):
                break
            out = forecast.outlook(paths[:, ahead - 1])
            if shape == forecast.LEVEL:
                actual = values[origin + ahead - 1]
            else:
                actual = sum(values[origin : origin + ahead])
            count += 1
            inside["80"] += out.lo80 <= actual <= out.hi80
            inside["95"] += out.lo95 <= actual <= out.hi95
    return {
        "forecasts": count,
        "in_80": round(inside["80"] / count, 3) if count else None,
        "in_95": round(inside["95"] / count, 3) if count else None,
    }


def programmes(folder: Path):
    """The sample, and three generated programmes (small, so the run takes minutes)."""
    url = f"sqlite:///{folder / 'sample.sqlite'}"
    engine = db.create_engine(url)
    db.upgrade(engine)
    importer.import_files(engine, [(sample.SAMPLE_PATH.name, sample.SAMPLE_PATH.read_bytes())])
    yield "sample", engine, dt.date(1995, 4, 30), dt.date(2004, 3, 31)
    for seed in (1, 2, 3):
        url = f"sqlite:///{folder / f'generated_{seed}.sqlite'}"
        large_database.build(url, people=1500, contacts=60_000, seed=seed)
        yield (
            f"generated {seed}",
            db.create_engine(url),
            large_database.FIRST_DAY,
            large_database.LAST_DAY,
        )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    rows = []
    totals: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, engine, first, last in programmes(Path(folder)):
            for key in (*LEVELS, *FLOWS):
                shape = forecast.LEVEL if key in LEVELS else forecast.FLOW
                months, values = monthly(engine, key, first, last)
                found = backtest(months, values, shape, measures.measure(key).improvement)
                rows.append({"programme": name, "series": key, **found})
                kept = totals.setdefault(shape, {"forecasts": 0, "in_80": 0.0, "in_95": 0.0})
                if found["forecasts"]:
                    kept["forecasts"] += found["forecasts"]
                    kept["in_80"] += found["in_80"] * found["forecasts"]
                    kept["in_95"] += found["in_95"] * found["forecasts"]
            engine.dispose()
    for kept in totals.values():
        kept["in_80"] = round(kept["in_80"] / kept["forecasts"], 3)
        kept["in_95"] = round(kept["in_95"] / kept["forecasts"], 3)
    if args.json:
        print(json.dumps({"series": rows, "all": totals}, indent=2))
        return 0
    print(f"{'programme':<12} {'series':<26} {'forecasts':>9} {'in 80%':>7} {'in 95%':>7}")
    for row in rows:
        print(
            f"{row['programme']:<12} {row['series']:<26} {row['forecasts']:>9} "
            f"{row['in_80'] if row['in_80'] is not None else '–':>7} "
            f"{row['in_95'] if row['in_95'] is not None else '–':>7}"
        )
    for shape, kept in totals.items():
        print(
            f"{'all':<12} {shape + 's':<26} {kept['forecasts']:>9} {kept['in_80']:>7} "
            f"{kept['in_95']:>7}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
