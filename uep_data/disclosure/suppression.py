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


def control_lines(
    true: Mapping[Node, int],
    lines: Iterable[Line],
    rules: Rules,
    exact: Iterable[Node] = (),
) -> dict[Node, object]:
    """Every figure as it may be shown: exact where it is at trust level (`exact`), by the
    rule otherwise, then hidden (`*`) wherever a suppressed figure could be worked out."""
    # a line of one part says the two are equal: a viewer uses that too
    lines = [(total, list(parts)) for total, parts in lines if parts]
    names = list(true)
    index = {node: n for n, node in enumerate(names)}
    numbered = [(index[total], [index[p] for p in parts]) for total, parts in lines]
    lines_of: dict[int, list[tuple[int, list[int]]]] = {}
    for line in numbered:
        for member in (line[0], *line[1]):
            lines_of.setdefault(member, []).append(line)
    values = [true[node] for node in names]
    exact = {index[node] for node in exact if node in index}
    shown: list = [
        value if n in exact else control_count(value, rules) for n, value in enumerate(values)
    ]
    secret = [n for n, value in enumerate(shown) if value == SUPPRESSED]
    for _ in range(len(shown) + 1):
        known = [(v, v) if n in exact else shown_bounds(v, rules) for n, v in enumerate(shown)]
        lows, highs = [k[0] for k in known], [k[1] for k in known]
        if secret:
            _narrow(lows, highs, numbered, 50)
        pinned = [n for n in secret if lows[n] == highs[n]]
        if not pinned:
            break
        changed = False
        for n in pinned:  # each pinned figure's smallest neighbour hidden, in one go
            hideable = _hideable(n, lines_of, (lows, highs), values, shown, exact)
            if hideable:
                chosen = min(hideable, key=lambda p: (values[p] == 0, values[p], p))
                # a zero hidden is a `*` (which may stand for 0); a larger figure is withheld
                shown[chosen] = SUPPRESSED if values[chosen] == 0 else WITHHELD
                changed = True
            else:
                changed |= _withhold(n, lines_of.get(n, []), shown, exact)
        if not changed:  # every figure of its lines already hidden: withhold all joined to it
            for n in pinned:
                _withhold_joined(n, lines_of, shown, exact)
    return dict(zip(names, shown, strict=True))


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
