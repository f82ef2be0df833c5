"""Run every benchmark workload: ``python benchmarks/run.py``.

Object-model workloads first (import, construction, serialization), then
the wire workloads against a simulator in a child process.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import objects  # noqa: E402
import wire  # noqa: E402


def main() -> int:
    status = objects.main()
    print()
    status = status or wire.main()
    print("\nTargets")
    for target, value, holds in objects.TARGETS + wire.TARGETS:
        print(
            f"   {'holds ' if holds else 'MISSED'}  {target:50s} measured {value:.2f}"
        )
    return status


if __name__ == "__main__":
    sys.exit(main())
