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
    return status or wire.main()


if __name__ == "__main__":
    sys.exit(main())
