"""A large synthetic dataset for the benchmarks: 250 nations, 5,000 contributions, 2,000
sources, 500 events and 20 history entries per nation (about 1.4 MB of YAML).

Invented for measuring only (every text says so); nothing in it is a fact.
"""

from __future__ import annotations

import datetime as dt
import json

NATIONS = 250
CONTRIBUTIONS_EACH = 20
HISTORY_EACH = 20
SOURCES = 2000
EVENTS = 500
CATEGORIES = ("participating", "opposing", "undecided")
KINDS = ("troops", "air", "naval", "logistics", "funding", "political")


def nation_codes(count: int = NATIONS) -> list[str]:
    """``count`` codes the app knows: every map unit's, then other ISO 3166-1 codes."""
    import pycountry

    from desktop.paths import geodata_path

    with open(geodata_path("countries-index.json"), encoding="utf-8") as handle:
        codes = [row["iso3"] for row in json.load(handle) if row["iso3"] != "ATA"]
    for country in pycountry.countries:
        if len(codes) >= count:
            break
        if country.alpha_3 not in codes and country.alpha_3 != "ATA":
            codes.append(country.alpha_3)
    return codes[:count]


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def big_dataset_text() -> str:
    """The dataset file's text."""
    start = dt.date(2020, 1, 1)
    lines = [
        "format: coalition-atlas/1",
        "title: Synthetic benchmark coalition",
        "subtitle: Invented data for speed measurements",
        "as_of: 2026-01-01",
        "categories:",
        '  - {id: participating, label: Participating, color: "#0072B2"}',
        '  - {id: opposing, label: Opposing, color: "#D55E00"}',
        '  - {id: undecided, label: Undecided, color: "#E69F00"}',
        "sources:",
    ]
    for s in range(SOURCES):
        day = start + dt.timedelta(days=s % 2000)
        lines += [
            f"  src-{s:04d}:",
            f'    url: "https://example.org/r/{s:04d}"',
            f"    date: {day.isoformat()}",
        ]
    lines.append("nations:")
    for n, code in enumerate(nation_codes()):
        ids = [f"src-{(n * 8 + k) % SOURCES:04d}" for k in range(8)]
        lines += [
            f"  - iso3: {code}",
            # What the last history entry says, as validation requires.
            f"    category: {CATEGORIES[(n + HISTORY_EACH - 1) % 3]}",
            f"    role: Synthetic role {n}",
            "    summary: >-",
            "      An invented summary for benchmarking only; it stands for the paragraph a",
            "      researcher writes about a nation's stated position, with its caveats.",
            "    confidence: medium",
            f"    sources: [{', '.join(ids)}]",
            "    contributions:",
        ]
        for c in range(CONTRIBUTIONS_EACH):
            day = start + dt.timedelta(days=40 * c + n % 30)
            lines += [
                f"      - kind: {KINDS[(n + c) % len(KINDS)]}",
                f"        text: {_q(f'Invented contribution {c}.')}",
                f"        sources: [{ids[c % 8]}]",
                f"        date: {day.isoformat()}",
            ]
        lines.append("    history:")
        for h in range(HISTORY_EACH):
            day = start + dt.timedelta(days=60 * h + n % 30)
            lines += [
                f"      - date: {day.isoformat()}",
                f"        category: {CATEGORIES[(n + h) % 3]}",
                f"        note: {_q(f'Invented change {h}.')}",
                f"        sources: [{ids[h % 8]}]",
            ]
    lines.append("events:")
    codes = nation_codes()
    for e in range(EVENTS):
        day = start + dt.timedelta(days=(e * 4) % 2190)
        participants = ", ".join(codes[(e * 3 + k) % len(codes)] for k in range(3))
        lines += [
            f"  - date: {day.isoformat()}",
            f"    title: Invented meeting {e}",
            "    place: Nowhere",
            f"    summary: {_q(f'Invented event {e} for measurements.')}",
            f"    participants: [{participants}]",
            f"    sources: [src-{(e * 4) % SOURCES:04d}]",
        ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import sys

    with open(sys.argv[1], "w", encoding="utf-8") as handle:
        handle.write(big_dataset_text())
