"""Server-drawn SVG geometry, so charts need neither JavaScript nor inline style."""

from dataclasses import dataclass

ORS_MAX = 40


@dataclass(frozen=True)
class ChartPoint:
    x: int
    y: int
    label_y: int
    score: str
    held_on: object


def ors_chart(sessions: list[tuple], *, width: int = 420, height: int = 160) -> dict:
    """Coordinates for (date, ORS score 0–40) pairs drawn left to right, one per session."""
    baseline, top, left = height - 20, 10, 40
    step = (width - left - 10) / max(len(sessions) - 1, 1)
    points = []
    for index, (held_on, score) in enumerate(sessions):
        y = round(baseline - (float(score) / ORS_MAX) * (baseline - top))
        points.append(
            ChartPoint(
                x=round(left + index * step),
                y=y,
                label_y=max(y - 8, 9),
                score=f"{float(score):g}".replace(".", ","),
                held_on=held_on,
            )
        )
    return {
        "width": width,
        "height": height,
        "baseline": baseline,
        "points": points,
        "polyline": " ".join(f"{p.x},{p.y}" for p in points),
    }
