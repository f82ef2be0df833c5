"""The suite-wide log scan finds what it must."""

from __future__ import annotations

from tests.conftest import find_leaks


def test_log_scan_finds_secret():
    lines = ["GET /me -> 200", "key is 7d2e91b0-aaaa"]

    assert find_leaks(lines, {"7d2e91b0-aaaa"}) == ["key is 7d2e91b0-aaaa"]


def test_log_scan_finds_authorization():
    assert find_leaks(["Authorization: XREST YWxp"], set()) == [
        "Authorization: XREST YWxp"
    ]


def test_log_scan_passes_clean_lines():
    assert find_leaks(["GET /enterprises -> 200 (1.2 ms)"], {"s3cret-pass"}) == []
