"""The pytest plugin, the command line and TLS, each in a fresh process or server."""

from __future__ import annotations

import datetime
import ipaddress
import os
import signal
import subprocess
import sys
import textwrap
from importlib import metadata
from pathlib import Path

import pytest
import requests

from nuagesdk.simulator.__main__ import build_parser, build_simulator
from nuagesdk.simulator.server import Simulator

REPOSITORY = Path(__file__).resolve().parents[2]


def run_python(
    *args: str, cwd: Path | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ, PYTHONPATH=str(REPOSITORY))
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd or REPOSITORY,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def plugin_installed() -> bool:
    entry_points = metadata.entry_points()
    if hasattr(entry_points, "select"):
        group = entry_points.select(group="pytest11")
    else:  # Python 3.9 returns a dict of groups
        group = entry_points.get("pytest11", [])
    return any(entry.name == "nuagesdk" for entry in group)


def test_plugin_import_stays_light() -> None:
    result = run_python(
        "-c",
        "import sys, nuagesdk.simulator.pytest_plugin; "
        "print(sorted(m for m in ('werkzeug', 'requests', 'nuagesdk.rest', 'nuagesdk.v6') "
        "if m in sys.modules))",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_plugin_fixtures_serve_tests(tmp_path: Path) -> None:
    (tmp_path / "test_uses_fixtures.py").write_text(
        textwrap.dedent(
            """
            from nuagesdk import v6


            def test_first_creates(vsd_session, vsd_simulator):
                assert vsd_session.api_url == vsd_simulator.url
                vsd_session.user.create_child(v6.NUEnterprise(name="from-test"))
                names = [e.name for e in vsd_session.user.enterprises.get()]
                assert names == ["csp", "from-test"]


            def test_second_starts_clean(vsd_session):
                assert [e.name for e in vsd_session.user.enterprises.get()] == ["csp"]


            def test_simulator_is_shared(vsd_simulator):
                assert vsd_simulator.is_running
            """
        ),
        encoding="utf-8",
    )
    options = [] if plugin_installed() else ["-p", "nuagesdk.simulator.pytest_plugin"]
    result = run_python(
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        *options,
        str(tmp_path),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed" in result.stdout


def test_command_line_arguments_map_to_settings(tmp_path: Path) -> None:
    args = build_parser().parse_args(
        ["--port", "0", "--state", str(tmp_path / "s.json"), "--job-duration", "0.5",
         "--username", "admin", "--enterprise", "lab", "--no-confirm-deletes",
         "--api-key-lifetime", "60"]
    )  # fmt: skip
    simulator = build_simulator(args)
    assert simulator.requested_port == 0
    assert simulator.state_file == str(tmp_path / "s.json")
    assert simulator.settings.job_duration == 0.5
    assert simulator.settings.username == "admin"
    assert simulator.settings.enterprise == "lab"
    assert simulator.settings.confirm_deletes is False
    assert simulator.settings.api_key_lifetime == 60
    assert simulator.host == "127.0.0.1"


def test_command_line_rejects_half_tls() -> None:
    args = build_parser().parse_args(["--tls-cert", "cert.pem"])
    with pytest.raises(ValueError, match="both tls_cert and tls_key"):
        build_simulator(args)


def test_command_line_serves_until_terminated() -> None:
    environment = dict(
        os.environ, PYTHONPATH=str(REPOSITORY), VSD_SIMULATOR_PASSWORD="pw"
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "nuagesdk.simulator",
            "--port",
            "0",
            "--log-level",
            "WARNING",
        ],
        cwd=REPOSITORY,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first_line = process.stdout.readline()
        assert first_line.startswith("VSD simulator at http://127.0.0.1:")
        url = first_line.split()[3]
        response = requests.get(
            f"{url}/nuage/api/v6/me",
            auth=("csproot", "pw"),
            headers={"X-Nuage-Organization": "csp"},
            timeout=10,
        )
        assert response.status_code == 200
        assert response.json()[0]["role"] == "CSPROOT"
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)
    assert process.returncode == 0


def make_certificate(folder: Path) -> tuple[str, str]:
    crypto = pytest.importorskip("cryptography")
    del crypto
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path = folder / "cert.pem"
    key_path = folder / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return str(cert_path), str(key_path)


def test_tls_session_verifies_certificate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cert, key = make_certificate(tmp_path)
    # NOTE: requests lets these variables override a Session's verify setting,
    # which is how the SDK passes its CA bundle.
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    with Simulator(tls_cert=cert, tls_key=key) as simulator:
        assert simulator.url.startswith("https://127.0.0.1:")
        response = requests.get(
            simulator.url + "/nuage/api/v6/me",
            auth=("csproot", "csproot"),
            headers={"X-Nuage-Organization": "csp"},
            verify=cert,
            timeout=10,
        )
        assert response.status_code == 200
        session = simulator.session("6")
        try:
            assert session.user.user_name == "csproot"
        finally:
            session.close()
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(simulator.url + "/nuage/api/v6/me", timeout=10)
