"""Secondary suppression across every line of a table: a line is a total and the parts it is
the sum of (a directorate and its professions, a year and its quarters, a quarter and its
months...). A viewer who sees some figures exactly, some rounded and some as `*` can work
out bounds for each hidden figure from every line it is in, and from the bounds of the other
figures in those lines, and so on. Wherever that reasoning would give a suppressed figure's
true value exactly, another figure of a line that pins it is hidden too (the smallest
non-zero one, a zero only when nothing else is left), until none can be.

What a viewer can tell of a figure from what they are shown, and so is taken to know:
- an exact figure: itself;
- a figure rounded to the nearest R (R = 5) from more than S (S = 7): the R values that
  round to it, and more than S;
- a `*`: 0 to S (it stands for 1 to S people, or for a zero hidden beside one);
- a figure "not shown": nothing (a figure over S hidden beside a `*`, or a figure withheld
  because nothing else could be hidden).

So a `*` is never anything but 0 to S, and every figure hidden beside one is either a zero
(shown as `*`) or "not shown", which could be anything.

Where no other figure can be hidden (an exact trust-wide 14 whose two parts are both `*`, so
7 each), the figure and the others of its lines are withheld: shown as "not shown", which
says nothing of the number behind it.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence

from .rules import SUPPRESSED, Rules, control_count

WITHHELD = "withheld"  # a figure shown as "not shown": no bound on it at all
Node = Hashable
Line = tuple[Node, Sequence[Node]]  # (total, parts)
INFINITY = float("inf")


def shown_bounds(shown, rules: Rules) -> tuple[float, float]:
    """What a viewer can tell of a figure's true value from what is shown of it."""
    if shown is None or shown == WITHHELD:
        return (0, INFINITY)
    if shown == SUPPRESSED:
        return (0, rules.suppress_up_to)
    if shown == 0:
        return (0, 0)
    # round half up to a multiple of R: r stands for r - R//2 up to r + (R - 1)//2
    low = shown - rules.round_to // 2
    return (max(rules.suppress_up_to + 1, low), shown + (rules.round_to - 1) // 2)


def propagate(
    bounds: Mapping[Node, tuple[float, float]], lines: Sequence[Line], most: int = 50
) -> dict[Node, tuple[float, float]]:
    """Narrow every figure's bounds by every line (a total is the sum of its parts), until
    nothing moves: what a patient viewer could work out. Each line is looked at again only
    when one of its figures has moved (at most `most` times each)."""
    names = list(bounds)
    index = {node: n for n, node in enumerate(names)}
    lows = [bounds[node][0] for node in names]
    highs = [bounds[node][1] for node in names]
    numbered = [(index[total], [index[p] for p in parts]) for total, parts in lines]
    _narrow(lows, highs, numbered, most)
    return {node: (lows[n], highs[n]) for n, node in enumerate(names)}


def _narrow(lows: list, highs: list, lines: list[tuple[int, list[int]]], most: int) -> None:
    """`propagate` over numbered figures, in place."""
    lines_of: dict[int, list[int]] = {}
    for n, (total, parts) in enumerate(lines):
        for member in (total, *parts):
            lines_of.setdefault(member, []).append(n)
    waiting = list(range(len(lines)))
    queued = [True] * len(lines)
    looked = [0] * len(lines)
    while waiting:
        n = waiting.pop()
        queued[n] = False
        looked[n] += 1
        if looked[n] > most:
            continue
        total, parts = lines[n]
        low_sum = sum(lows[p] for p in parts)
        high_sum = sum(highs[p] for p in parts)
        moved = []
        if low_sum > lows[total]:
            lows[total] = low_sum
            moved.append(total)
        if high_sum < highs[total]:
            highs[total] = high_sum
            moved.append(total)
        t_low, t_high = lows[total], highs[total]
        for p in parts:
            low, high = lows[p], highs[p]
            new_low = t_low - (high_sum - high)
            new_high = t_high - (low_sum - low)
            if new_low > low:
                lows[p] = new_low
                moved.append(p)
            if new_high < high:
                highs[p] = new_high
                moved.append(p)
        for member in moved:
            for other in lines_of[member]:
                if not queued[other]:
                    queued[other] = True
                    waiting.append(other)


Count = tuple[Sequence[Node], int]  # (parts, how many of them a viewer knows are not zero)


def control_lines(
    true: Mapping[Node, int],
    lines: Iterable[Line],
    rules: Rules,
    exact: Iterable[Node] = (),
) -> dict[Node, object]:
    """Every figure as it may be shown: exact where it is at trust level (`exact`), by the
    rule otherwise, then hidden (`*`) wherever a suppressed figure could be worked out."""
    return control_table(true, lines, rules, exact).shown


class Controlled:
    """A table as it may be shown (`shown`), and the counts of non-zero parts (see
    `control_table`) that could not be kept without giving a figure away."""

    def __init__(self, shown: dict, counts_given_away: list[int]):
        self.shown = shown
        self.counts_given_away = counts_given_away


def control_table(
    true: Mapping[Node, int],
    lines: Iterable[Line],
    rules: Rules,
    exact: Iterable[Node] = (),
    counts: Sequence[Count] = (),
    hidden: Iterable[Node] = (),
    seen_from: Mapping[Node, object] | None = None,
) -> Controlled:
    """`control_lines`, knowing two more things a viewer may know:

    - `counts`: for some groups of parts, how many of them are not zero (directorates
      covered, shown exactly, says how many directorates have someone in post: then a `*`
      beside it may be known to be 1 to 7 rather than 0 to 7);
    - `hidden`: figures never shown but that a viewer can work out through the lines (the
      people who left in a month, from two month-end totals and the month's starts); like a
      `*`, none may be worked out when it is 1 to 7.

    Where a count of non-zero parts would pin a figure, a zero among those parts is hidden
    (as a `*`) so that the viewer cannot tell which part is the zero; where no zero is left
    to hide, the count is given away (its index is in `counts_given_away`) and the caller
    must not show it.

    `seen_from` says, for a table whose figures are not all seen at once (a financial year's,
    by period), the day from which a viewer can see each figure (a count over a period, from
    the period's end). What the exact figures alone tell is theirs to tell only from the day
    they are all published: before it (on 30 November, when the year's exact total is still
    to come), a figure must not be worked out from what can be seen by then."""
    # a line of one part says the two are equal: a viewer uses that too
    lines = [(total, list(parts)) for total, parts in lines if parts]
    names = list(true)
    index = {node: n for n, node in enumerate(names)}
    numbered = [(index[total], [index[p] for p in parts]) for total, parts in lines]
    numbered_counts = [([index[p] for p in parts], known) for parts, known in counts]
    lines_of: dict[int, list[tuple[int, list[int]]]] = {}
    for line in numbered:
        for member in (line[0], *line[1]):
            lines_of.setdefault(member, []).append(line)
    values = [true[node] for node in names]
    exact = {index[node] for node in exact if node in index}
    never_shown = {index[node] for node in hidden if node in index}
    shown: list = [
        WITHHELD if n in never_shown else value if n in exact else control_count(value, rules)
        for n, value in enumerate(values)
    ]
    secret = [n for n, value in enumerate(shown) if value == SUPPRESSED]
    secret += [n for n in never_shown if 1 <= values[n] <= rules.suppress_up_to]
    # the days a viewer looks on: each is what can be seen by then (None: everything)
    first_seen = None if seen_from is None else [seen_from[node] for node in names]
    seen_by = {None: (numbered, lines_of)}
    if first_seen is not None:
        for day in sorted(set(first_seen)):
            # a total is seen no sooner than its parts, so a line is seen when its total is
            some = [line for line in numbered if first_seen[line[0]] <= day]
            some_of: dict[int, list[tuple[int, list[int]]]] = {}
            for line in some:
                for member in (line[0], *line[1]):
                    some_of.setdefault(member, []).append(line)
            seen_by[day] = (some, some_of)
    # each secret figure is checked against what can be seen on the last day before the exact
    # figures alone pin it (None: every day, everything the table shows)
    checked_on: dict[int, object] = {n: None for n in secret}
    if exact and secret:
        # what the exact figures alone tell is theirs to tell (they are published): nothing
        # hidden beside them could keep it, so it is not chased (a year with no starts but
        # one, and month-end totals that rise by one in that month, say when it was) from the
        # day they tell it; before that day it is chased as any other
        days = [None] if first_seen is None else sorted(set(first_seen))
        pinned_from: dict[int, object] = {}
        for day in days:
            some = seen_by[day][0]
            lows = [
                values[n] if n in exact and (day is None or first_seen[n] <= day) else 0
                for n in range(len(values))
            ]
            highs = [
                values[n] if n in exact and (day is None or first_seen[n] <= day) else INFINITY
                for n in range(len(values))
            ]
            _narrow(lows, highs, some, 50)
            for n in secret:
                if n not in pinned_from and lows[n] == highs[n]:
                    pinned_from[n] = day
        kept = []
        for n in secret:
            if n not in pinned_from:
                kept.append(n)
                continue
            day = pinned_from[n]
            if day is None or day <= first_seen[n]:
                continue  # pinned by the published figures from the day it is first seen
            kept.append(n)
            checked_on[n] = max(d for d in days if d < day)
        secret = kept

    def worked_out(day=None):
        some = seen_by[day][0]
        known = [(v, v) if n in exact else shown_bounds(v, rules) for n, v in enumerate(shown)]
        lows, highs = [k[0] for k in known], [k[1] for k in known]
        if secret:
            counted = numbered_counts
            if day is not None:
                counted = [c for c in counted if all(first_seen[p] <= day for p in c[0])]
            _narrow_with_counts(lows, highs, some, counted)
        return lows, highs

    idle = 0
    for _ in range(len(shown) + 1):
        lows, highs = worked_out()
        pinned = [n for n in secret if checked_on[n] is None and lows[n] == highs[n]]
        bounds_of = {n: (lows, highs, lines_of) for n in pinned}
        for day in sorted({checked_on[n] for n in secret} - {None}):
            day_lows, day_highs = worked_out(day)
            for n in secret:
                if checked_on[n] == day and day_lows[n] == day_highs[n]:
                    pinned.append(n)
                    bounds_of[n] = (day_lows, day_highs, seen_by[day][1])
        if not pinned:
            break
        changed = False
        # a count of non-zero parts that leaves no doubt which parts are zero: hide a zero
        for parts, known in numbered_counts:
            if _count_is_tight(parts, known, lows, highs):
                zero = next(
                    (p for p in parts if values[p] == 0 and shown[p] == 0 and p not in exact),
                    None,
                )
                if zero is not None:
                    shown[zero] = SUPPRESSED
                    changed = True
        if changed:
            continue
        for n in pinned:  # each pinned figure's smallest neighbour hidden, in one go
            n_lows, n_highs, n_lines_of = bounds_of[n]
            hideable = _hideable(n, n_lines_of, (n_lows, n_highs), values, shown, exact)
            if hideable:
                chosen = min(hideable, key=lambda p: (values[p] == 0, values[p], p))
                # a zero hidden is a `*` (which may stand for 0); a larger figure is withheld
                shown[chosen] = SUPPRESSED if values[chosen] == 0 else WITHHELD
                changed = True
            else:
                changed |= _withhold(n, n_lines_of.get(n, []), shown, exact)
        if not changed:  # every figure of its lines already hidden: withhold all joined to it
            before = list(shown)
            for n in pinned:
                _withhold_joined(n, lines_of, shown, exact)
            idle = idle + 1 if shown == before else 0
            if idle > 1:  # nothing more can be hidden
                break
    given_away = _counts_that_pin(shown, secret, exact, rules, numbered, numbered_counts)
    table = {node: shown[n] for n, node in enumerate(names) if n not in never_shown}
    return Controlled(table, given_away)


def _counts_that_pin(shown, secret, exact, rules, lines, counts) -> list[int]:
    """The counts of non-zero parts that a figure of the table, as shown, is pinned through:
    each one that alone unpins every figure when left out, or all of them."""

    def pins(kept) -> bool:
        known = [(v, v) if n in exact else shown_bounds(v, rules) for n, v in enumerate(shown)]
        lows, highs = [k[0] for k in known], [k[1] for k in known]
        _narrow_with_counts(lows, highs, lines, [counts[i] for i in kept])
        return any(lows[n] == highs[n] for n in secret)

    everything = list(range(len(counts)))
    if not counts or not pins(everything):
        return []
    alone = [i for i in everything if not pins([k for k in everything if k != i])]
    return alone[:1] if alone else everything


def _count_is_tight(parts, known, lows, highs) -> bool:
    """Whether a count of non-zero parts tells, of every part not already known, whether it
    is zero: the non-zero ones are all those not known to be zero, or all those known."""
    nonzero = sum(1 for p in parts if lows[p] >= 1)
    unknown = sum(1 for p in parts if lows[p] < 1 and highs[p] > 0)
    return unknown > 0 and known - nonzero in (0, unknown)


def _narrow_with_counts(lows, highs, lines, counts, rounds: int = 20) -> None:
    """`_narrow`, and what each count of non-zero parts adds: when the parts that must be
    non-zero are exactly those not known to be zero, each is at least 1; when they are
    exactly those known to be non-zero, the rest are 0. Repeated until nothing moves."""
    for _ in range(rounds):
        _narrow(lows, highs, lines, 50)
        moved = False
        for parts, known in counts:
            nonzero = [p for p in parts if lows[p] >= 1]
            unknown = [p for p in parts if lows[p] < 1 and highs[p] > 0]
            if not unknown:
                continue
            if known - len(nonzero) == len(unknown):
                for p in unknown:
                    lows[p] = 1
                moved = True
            elif known == len(nonzero):
                for p in unknown:
                    highs[p] = 0
                moved = True
        if not moved:
            return


def _hideable(node, lines_of: Mapping, bounds, true, shown, exact, depth: int = 4) -> list:
    """The figures that could be hidden so that `node` is no longer worked out: the others
    still shown in the lines that pin it; where those are all hidden already, the figures
    still shown in the lines that pin them, and so on. A zero comes last (a `*` beside zeros
    is the total itself); never an exact trust-level figure."""

    def still_shown(member) -> bool:
        return shown[member] not in (SUPPRESSED, WITHHELD) and member not in exact

    looking, seen = [node], {node}
    for _ in range(depth):
        pinning = [
            line
            for figure in looking
            for line in lines_of.get(figure, [])
            if _pins(line, figure, bounds, true[figure])
        ]
        found = [m for total, parts in pinning for m in (total, *parts) if still_shown(m)]
        if found:
            return found
        looking = [
            m
            for total, parts in pinning
            for m in (total, *parts)
            if m not in seen and m not in exact and not seen.add(m)
        ]
        if not looking:
            break
    return [m for line in lines_of.get(node, []) for m in (line[0], *line[1]) if still_shown(m)]


def _pins(line: Line, node, bounds, value) -> bool:
    """Whether the line, given what is known of its other figures, bounds `node` at its
    value on one side or both."""
    total, parts = line
    lows, highs = bounds
    if node == total:
        low = sum(lows[p] for p in parts)
        high = sum(highs[p] for p in parts)
    else:
        others = [p for p in parts if p != node]
        low = lows[total] - sum(highs[p] for p in others)
        high = highs[total] - sum(lows[p] for p in others)
    return low >= value or high <= value


def _withhold(node, lines: Sequence[Line], shown, exact) -> bool:
    """Withhold the figure and every other figure below trust level of its lines: none of
    them can be shown without giving it away. Whether any was still shown."""
    changed = False
    for total, parts in lines:
        for member in (total, *parts):
            if member not in exact and shown[member] != WITHHELD:
                shown[member] = WITHHELD
                changed = True
    return changed


def _withhold_joined(node, lines_of: Mapping, shown, exact) -> None:
    """Withhold every figure below trust level joined to the figure through the lines."""
    reached, waiting = {node}, [node]
    while waiting:
        for total, parts in lines_of.get(waiting.pop(), []):
            for member in (total, *parts):
                if member not in reached and member not in exact:
                    reached.add(member)
                    waiting.append(member)
    for member in reached:
        shown[member] = WITHHELD
