"""Server-drawn SVG geometry, so charts need neither JavaScript nor inline style."""

from dataclasses import dataclass

ORS_MAX = 40


@dataclass(frozen=True)
class ChartPoint:
    x: int
    y: int
    label_y: int
    score: str


def ors_chart(scores: list, *, width: int = 420, height: int = 160) -> dict:
    """Coordinates for ORS scores (0–40) drawn left to right, one point per session."""
    baseline, top, left = height - 20, 10, 40
    step = (width - left - 10) / max(len(scores) - 1, 1)
    points = []
    for index, score in enumerate(scores):
        y = round(baseline - (float(score) / ORS_MAX) * (baseline - top))
        points.append(
            ChartPoint(
                x=round(left + index * step),
                y=y,
                label_y=max(y - 8, 9),
                score=f"{score:g}".replace(".", ","),
            )
        )
    return {
        "width": width,
        "height": height,
        "baseline": baseline,
        "points": points,
        "polyline": " ".join(f"{p.x},{p.y}" for p in points),
    }
