"""Bounded cost: generated hostile files (deep nesting, alias fans, floods of bad entries,
control characters, long texts) are answered within the time and memory budget.

The property runs in a child process of its own, so its memory can be measured (the
process's peak resident size, after each file) and capped (an address-space limit turns a
runaway into a failure, not a stalled machine). Time is the processor time the file costs,
so other work on a shared machine does not count against it. The run stops generating after
``BUDGET_SECONDS`` of wall time: at most 20 s in the suite.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import REPO

BUDGET_SECONDS = 14
PER_FILE_SECONDS = 5.0
"""The budget for any file up to 2 MiB; the generated files are smaller, so this has room
for a loaded machine."""
PER_FILE_BYTES = 500 * 1024 * 1024

CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    resource.setrlimit(resource.RLIMIT_AS, (3 * 1024**3, 3 * 1024**3))
    from hypothesis import HealthCheck, given, settings, strategies as st
    from desktop.io import DatasetError, default_gazetteer, parse_dataset
    from tests import hostile

    BUDGET, PER_FILE_SECONDS, PER_FILE_BYTES = {budget}, {seconds}, {memory}

    def peak_bytes():
        # This process's own high-water mark: ru_maxrss survives exec, so a child of a big
        # test process would report its parent's peak.
        try:
            with open("/proc/self/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) * 1024
        except OSError:
            pass
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

    gazetteer = default_gazetteer()
    started = time.perf_counter()
    worst = {{"seconds": 0.0, "bytes": 0, "files": 0, "largest": 0}}

    def nesting(depth, kind):
        opener, closer = {{"list": ("[", "]"), "map": ("{{a: ", "}}")}}[kind]
        return "notes: " + opener * depth + "x" + closer * depth + "\\n"

    def fan(text_bytes, copies, levels):
        out = "subtitle: &t0 " + "w" * text_bytes + "\\n"
        for level in range(1, levels + 1):
            out += f"x{{level}}: &t{{level}} [" + ", ".join([f"*t{{level - 1}}"] * copies) + "]\\n"
        return out

    def flood(count, what):
        lines = ["nations:\\n"]
        for i in range(count):
            if what == "unknown":
                lines.append(f"  - {{{{iso3: Nowhere {{i}}, category: participating}}}}\\n")
            elif what == "sources":
                lines.append(f"  - {{{{iso3: FRA, category: c{{i}}, sources: [s{{i}}]}}}}\\n")
            else:
                lines.append(f"  - {{{{iso3: FRA, category: participating, bogus{{i}}: 1}}}}\\n")
        return "".join(lines)

    pieces = st.one_of(
        st.builds(nesting, st.integers(1, 200_000), st.sampled_from(["list", "map"])),
        st.builds(fan, st.integers(1, 100_000), st.integers(1, 60), st.integers(1, 8)),
        st.builds(flood, st.integers(1, 6_000), st.sampled_from(["unknown", "sources", "keys"])),
        st.builds(lambda n: "notes: " + "long text " * n + "\\n", st.integers(1, 50_000)),
    )

    @settings(max_examples=150, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.lists(pieces, min_size=1, max_size=3), st.integers(0, 64), st.booleans())
    def bounded(parts, control_at, control):
        if time.perf_counter() - started > BUDGET:
            return
        text = hostile.HEAD + "".join(parts)
        if control:
            at = min(control_at * 997, len(text))
            text = text[:at] + "\\x07" + text[at:]
        text = text[: 2 * 1024 * 1024]
        began = time.process_time()
        try:
            parse_dataset(text, "fuzz.yaml", gazetteer)
        except DatasetError as error:
            assert error.problems and len(error.problems) <= 201
            for problem in error.problems:
                assert str(problem).startswith("fuzz.yaml"), problem
        seconds = time.process_time() - began
        peak = peak_bytes()
        worst["files"] += 1
        worst["largest"] = max(worst["largest"], len(text))
        worst["seconds"] = max(worst["seconds"], seconds)
        worst["bytes"] = max(worst["bytes"], peak)
        assert seconds <= PER_FILE_SECONDS, (seconds, len(text), text[:200])
        assert peak <= PER_FILE_BYTES, (peak, len(text), text[:200])

    bounded()
    worst["rss"] = peak_bytes()
    print(json.dumps(worst))
    """
)


@pytest.mark.slow
def test_hostile_files_stay_within_the_time_and_memory_budget():
    script = CHILD.format(budget=BUDGET_SECONDS, seconds=PER_FILE_SECONDS, memory=PER_FILE_BYTES)
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    worst = json.loads(done.stdout.strip().splitlines()[-1])
    assert worst["files"] >= 5
    assert worst["seconds"] <= PER_FILE_SECONDS
    assert worst["bytes"] <= PER_FILE_BYTES
    assert worst["rss"] <= PER_FILE_BYTES
