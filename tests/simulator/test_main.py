"""Command line of the simulator: argument checks."""

from __future__ import annotations

import pytest

from nuagesdk.simulator.__main__ import main


@pytest.mark.parametrize("port", ["99999", "65536", "-1", "http"])
def test_main_rejects_bad_port(port, capsys):
    with pytest.raises(SystemExit) as excinfo:
        main(["--port", port])

    assert excinfo.value.code == 2
    assert "port" in capsys.readouterr().err


def test_main_reports_half_tls(capsys, tmp_path):
    cert = tmp_path / "c.pem"
    cert.write_text("x")

    status = main(["--port", "0", "--tls-cert", str(cert)])

    assert status == 2
    assert "did not start" in capsys.readouterr().err
