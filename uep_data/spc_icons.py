"""The Making Data Count icons, drawn as NHS England draws them: a ring in the colour of the
reading, a small run of points inside it, and a letter (H or L for which side a special cause
is on; P or F for a target passed or failed reliably). Hit-or-miss shows the points crossing
the target line.

Each icon is a list of simple shapes in a 100 x 100 box, so that the dashboard (as SVG) and
the board pack (drawn straight into the PDF) show the same icon.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from . import spc

# Making Data Count's colours (as NHSRplotthedots uses them), with a darker shade of each for
# letters, so that text keeps its contrast on white
RING = {
    spc.GREY: "#7B7D7D",
    spc.BLUE: "#289DE0",
    spc.ORANGE: "#FAB428",
    spc.PURPLE: "#361475",
}
LETTER = {
    spc.GREY: "#425563",
    spc.BLUE: "#0B5A8E",
    spc.ORANGE: "#8A4B00",
    spc.PURPLE: "#361475",
}
TARGET_RED = "#D5281B"


@dataclass(frozen=True)
class Circle:
    cx: float
    cy: float
    r: float
    stroke: str | None = None
    fill: str | None = None
    width: float = 0


@dataclass(frozen=True)
class Polyline:
    points: tuple[tuple[float, float], ...]
    stroke: str
    width: float
    dashed: bool = False


@dataclass(frozen=True)
class Letter:
    x: float
    y: float  # the baseline
    text: str
    colour: str
    size: float


Shape = Circle | Polyline | Letter

# The run of seven points inside an icon (x positions), flat, rising at the end, or falling
_XS = (24, 32, 40, 48, 56, 64, 72)
FLAT = (52, 46, 54, 48, 53, 47, 52)
RISING = (56, 50, 57, 51, 44, 36, 28)
FALLING = (44, 50, 43, 49, 56, 64, 72)


def _run(ys: tuple[float, ...], colours: tuple[str, ...]) -> list[Shape]:
    points = tuple(zip(_XS, ys, strict=True))
    shapes: list[Shape] = [Polyline(points, RING[spc.GREY], 2.2)]
    shapes += [
        Circle(x, y, 4.2, fill=colour) for (x, y), colour in zip(points, colours, strict=True)
    ]
    return shapes


def _ring(colour: str) -> list[Shape]:
    return [Circle(50, 50, 44, stroke=RING[colour], fill="#FFFFFF", width=7)]


def variation_shapes(icon: str) -> list[Shape]:
    """The variation icon: common cause (grey, a flat run), or special cause improvement,
    concern or neither (blue, orange, purple) with the last points high or low and the
    letter H or L."""
    if icon == spc.COMMON_CAUSE:
        return _ring(spc.GREY) + _run(FLAT, (RING[spc.GREY],) * 7)
    kind, side = icon.rsplit("_", 1)
    colour = {"improvement": spc.BLUE, "concern": spc.ORANGE, "neither": spc.PURPLE}[kind]
    ys = RISING if side == spc.HIGH else FALLING
    colours = (RING[spc.GREY],) * 4 + (RING[colour],) * 3
    letter = Letter(
        50, 30 if side == spc.LOW else 84, "H" if side == spc.HIGH else "L", LETTER[colour], 22
    )
    return _ring(colour) + _run(ys, colours) + [letter]


def assurance_shapes(icon: str) -> list[Shape]:
    """The assurance icon: P (blue, the points clear of the target line), F (orange, the
    points on the wrong side of it), or hit and miss (grey, the points crossing it)."""
    if icon == spc.PASS:
        return (
            _ring(spc.BLUE)
            + [Polyline(((20, 66), (80, 66)), TARGET_RED, 3, dashed=True)]
            + _run(tuple(y - 8 for y in FLAT), (RING[spc.BLUE],) * 7)
            + [Letter(50, 86, "P", LETTER[spc.BLUE], 18)]
        )
    if icon == spc.FAIL:
        return (
            _ring(spc.ORANGE)
            + [Polyline(((20, 34), (80, 34)), TARGET_RED, 3, dashed=True)]
            + _run(tuple(y + 8 for y in FLAT), (RING[spc.ORANGE],) * 7)
            + [Letter(50, 86, "F", LETTER[spc.ORANGE], 18)]
        )
    if icon == spc.HIT_OR_MISS:
        crossing = (40, 60, 38, 62, 40, 60, 42)
        return (
            _ring(spc.GREY)
            + [Polyline(((20, 50), (80, 50)), TARGET_RED, 3, dashed=True)]
            + _run(crossing, (RING[spc.GREY],) * 7)
        )
    return []


ICON_NAMES = {
    spc.COMMON_CAUSE: "Common cause variation",
    "improvement_high": "Special cause improvement, high",
    "improvement_low": "Special cause improvement, low",
    "concern_high": "Special cause concern, high",
    "concern_low": "Special cause concern, low",
    "neither_high": "Special cause, neither improvement nor concern, high",
    "neither_low": "Special cause, neither improvement nor concern, low",
    spc.PASS: "Target consistently passed",
    spc.FAIL: "Target consistently failed",
    spc.HIT_OR_MISS: "Target hit and miss",
}


def svg(shapes: list[Shape], label: str, size: int = 64) -> str:
    """An icon as inline SVG, named for screen readers."""
    parts = []
    for shape in shapes:
        if isinstance(shape, Circle):
            parts.append(
                f'<circle cx="{shape.cx}" cy="{shape.cy}" r="{shape.r}" '
                f'fill="{shape.fill or "none"}" stroke="{shape.stroke or "none"}" '
                f'stroke-width="{shape.width}"/>'
            )
        elif isinstance(shape, Polyline):
            points = " ".join(f"{x},{y}" for x, y in shape.points)
            dash = ' stroke-dasharray="6 4"' if shape.dashed else ""
            parts.append(
                f'<polyline points="{points}" fill="none" stroke="{shape.stroke}" '
                f'stroke-width="{shape.width}"{dash}/>'
            )
        else:
            parts.append(
                f'<text x="{shape.x}" y="{shape.y}" text-anchor="middle" '
                f'font-family="Arial, Helvetica, sans-serif" font-weight="700" '
                f'font-size="{shape.size}" fill="{shape.colour}">{escape(shape.text)}</text>'
            )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="{size}" '
        f'height="{size}" role="img" aria-label="{escape(label)}"><title>{escape(label)}'
        f"</title>{''.join(parts)}</svg>"
    )


def variation_svg(icon: str, size: int = 64) -> str:
    return (
        svg(variation_shapes(icon), ICON_NAMES.get(icon, ""), size) if icon != spc.NO_ICON else ""
    )


def assurance_svg(icon: str, size: int = 64) -> str:
    return (
        svg(assurance_shapes(icon), ICON_NAMES.get(icon, ""), size) if icon != spc.NO_ICON else ""
    )
