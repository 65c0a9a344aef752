"""Draws the field app's icons (static/field/icon-192.png and icon-512.png) from the same shapes
as static/field/icon.svg: a white house with an amber coin on the bank's blue. Pure Python
(zlib writes the PNG), run by hand when the icon changes; the PNGs are committed:

    .venv/bin/python -m policycredit.field.icons
"""

import struct
import zlib
from pathlib import Path

BLUE, WHITE, AMBER = (11, 61, 145), (255, 255, 255), (245, 158, 11)
SIDE = 512  # the SVG's view box
ROOF = ((256, 104), (416, 232), (96, 232))
WALLS = (136, 232, 376, 392)  # left, top, right, bottom
COIN = (256, 300, 62)  # centre x, centre y, radius
SAMPLES = 3  # per axis, for smooth edges


def _in_roof(x: float, y: float) -> bool:
    (ax, ay), (bx, by), (cx, cy) = ROOF

    def side(px, py, qx, qy):
        return (qx - px) * (y - py) - (qy - py) * (x - px)

    d1, d2, d3 = side(ax, ay, bx, by), side(bx, by, cx, cy), side(cx, cy, ax, ay)
    return (d1 >= 0 and d2 >= 0 and d3 >= 0) or (d1 <= 0 and d2 <= 0 and d3 <= 0)


def colour_at(x: float, y: float) -> tuple[int, int, int]:
    """The colour of a point of the 512-unit drawing."""
    cx, cy, r = COIN
    if (x - cx) ** 2 + (y - cy) ** 2 <= r * r:
        return AMBER
    left, top, right, bottom = WALLS
    if left <= x <= right and top <= y <= bottom or _in_roof(x, y):
        return WHITE
    return BLUE


def pixels(size: int) -> list[bytes]:
    scale = SIDE / size
    rows = []
    for j in range(size):
        row = bytearray()
        for i in range(size):
            total = [0, 0, 0]
            for sj in range(SAMPLES):
                for si in range(SAMPLES):
                    x = (i + (si + 0.5) / SAMPLES) * scale
                    y = (j + (sj + 0.5) / SAMPLES) * scale
                    for k, value in enumerate(colour_at(x, y)):
                        total[k] += value
            row.extend(round(v / SAMPLES**2) for v in total)
        rows.append(bytes(row))
    return rows


def png(size: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = b"".join(b"\x00" + row for row in pixels(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def main() -> None:
    folder = Path(__file__).resolve().parent / "static" / "field"
    for size in (192, 512):
        (folder / f"icon-{size}.png").write_bytes(png(size))


if __name__ == "__main__":
    main()
