"""Counting the colours of a picture, as the pixel tests do, without a Python loop per pixel."""

from __future__ import annotations

from collections import Counter

import numpy as np
from PySide6.QtGui import QImage


def colour_counts(image: QImage, step: int = 1) -> Counter:
    """How many of every ``step``-th pixel in both directions have each colour.

    Keys are ``QColor.name()`` strings (``"#0072b2"``, alpha ignored), the same counts as a
    loop over ``image.pixelColor(x, y)`` for x and y in ``range(0, size, step)``.
    """
    plain = image.convertToFormat(QImage.Format.Format_ARGB32)
    words = plain.bytesPerLine() // 4
    pixels = np.frombuffer(plain.constBits(), dtype=np.uint32, count=words * plain.height())
    grid = pixels.reshape(plain.height(), words)[:, : plain.width()][::step, ::step]
    values, counts = np.unique(grid & 0xFFFFFF, return_counts=True)
    return Counter({f"#{int(v):06x}": int(n) for v, n in zip(values, counts, strict=True)})
