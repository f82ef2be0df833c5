"""Failures: one message on stderr with the next step, a status, no traceback."""

from __future__ import annotations

import socket
import time
from pathlib import Path
from typing import Iterator

import pytest
import trustme

from nuagesdk.simulator import Simulator

from .conftest import Lab, Result, Runner, point_at

SECRET = "s3cret-Pa55word"


def assert_one_error(result: Result, status: int = 1) -> None:
    assert result.status == status, result.err
    assert result.err.splitlines()[-1].startswith("Error: ")
    assert result.err.count("Error: ") == 1
    assert "Traceback" not in result.err


def test_error_unknown_attribute(nuage: Runner, lab: Lab) -> None:
    result = nuage("create", "enterprise", "-p", "nmae=acme2")

    assert_one_error(result, 2)
    assert "enterprise has no attribute 'nmae'" in result.err
    assert "Did you mean 'name'?" in result.err
    assert result.out == ""


def test_error_unknown_field(nuage: Runner, lab: Lab) -> None:
    result = nuage("list", "enterprises", "--fields", "ID,nam")

    assert_one_error(result, 2)
    assert "Did you mean 'name'?" in result.err


def test_error_wrong_value_type(nuage: Runner, lab: Lab) -> None:
    result = nuage(
        "create", "domain", "--in", "enterprise", lab.enterprise.id,
        "-p", "name=x", "-p", "color=blue",
    )  # fmt: skip

    assert_one_error(result, 2)
    assert "invalid -p color: 'blue' is not an integer" in result.err


def test_error_value_not_a_choice(nuage: Runner, lab: Lab) -> None:
    result = nuage("update", "domain", lab.domain.id, "-p", "DPI=maybe")

    assert_one_error(result, 2)
    assert "'maybe' is not an allowed value" in result.err
    assert "ENABLED" in result.err


def test_error_boolean_value(nuage: Runner, lab: Lab) -> None:
    result = nuage("update", "domain", lab.domain.id, "-p", "fecEnabled=perhaps")

    assert_one_error(result, 2)
    assert "not a boolean (true or false)" in result.err


def test_error_read_only_attribute(nuage: Runner, lab: Lab) -> None:
    result = nuage("update", "domain", lab.domain.id, "-p", "creationDate=1")

    assert_one_error(result, 2)
    assert "creationDate of domain is read-only" in result.err


def test_error_missing_required_value(nuage: Runner, lab: Lab) -> None:
    result = nuage("create", "enterprise", "-p", "description=x")

    assert_one_error(result, 2)
    assert "name: a value is required" in result.err
    assert "-p NAME=VALUE" in result.err


def test_error_bad_json_file(nuage: Runner, lab: Lab, tmp_path: Path) -> None:
    broken = tmp_path / "params.json"
    broken.write_text("{not json", encoding="utf-8")

    missing = nuage(
        "job", "run", "EXPORT", "--in", "domain", lab.domain.id,
        "-p", f"parameters=@{tmp_path / 'absent.json'}",
    )  # fmt: skip
    invalid = nuage(
        "job", "run", "EXPORT", "--in", "domain", lab.domain.id,
        "-p", f"parameters=@{broken}",
    )  # fmt: skip

    assert_one_error(missing, 2)
    assert "cannot read" in missing.err
    assert_one_error(invalid, 2)
    assert "not valid JSON" in invalid.err


def test_error_missing_parent(nuage: Runner, lab: Lab) -> None:
    listed = nuage("list", "domains", "--in", "enterprise", "no-such-id")
    created = nuage(
        "create", "domain", "--in", "enterprise", "no-such-id",
        "-p", "name=x", "-p", f"templateID={lab.template.id}",
    )  # fmt: skip

    for result in (listed, created):
        assert_one_error(result)
        assert "enterprise 'no-such-id' not found" in result.err
        assert "nuage list enterprises" in result.err


def test_error_missing_object(nuage: Runner, lab: Lab) -> None:
    result = nuage("show", "domain", "no-such-id")

    assert_one_error(result)
    assert "domain 'no-such-id' not found" in result.err


def test_error_wrong_parent_entity(nuage: Runner, lab: Lab) -> None:
    result = nuage("list", "vports", "--in", "enterprise", lab.enterprise.id)

    assert_one_error(result, 2)
    assert "vports are not children of enterprise" in result.err


def test_error_bad_filter(nuage: Runner, lab: Lab) -> None:
    result = nuage("list", "enterprises", "--filter", "name ===")

    assert_one_error(result, 2)
    assert "the VSD rejected the filter 'name ==='" in result.err
    assert "for example" in result.err


def test_error_missing_settings(nuage: Runner) -> None:
    result = nuage("list", "enterprises")

    assert_one_error(result, 2)
    assert "VSD_API_URL" in result.err
    assert "VSD_USERNAME" in result.err
    assert "VSD_ENTERPRISE" in result.err


def test_error_missing_password(
    nuage: Runner, vsd_simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    point_at(monkeypatch, vsd_simulator, password=False)

    result = nuage("list", "enterprises")

    assert_one_error(result, 2)
    assert "set VSD_PASSWORD" in result.err


def test_error_unsupported_api_version(nuage: Runner) -> None:
    result = nuage("--api-version", "7", "objects")

    assert_one_error(result, 2)
    assert "6, 5.0, 3.2" in result.err


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_error_unreachable_url(nuage: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VSD_API_URL", f"http://127.0.0.1:{free_port()}")
    monkeypatch.setenv("VSD_USERNAME", "csproot")
    monkeypatch.setenv("VSD_ENTERPRISE", "csp")
    monkeypatch.setenv("VSD_PASSWORD", SECRET)

    result = nuage("list", "enterprises")

    assert_one_error(result)
    assert "cannot connect to http://127.0.0.1:" in result.err
    assert "VSD_API_URL" in result.err
    assert SECRET not in result.err


@pytest.mark.parametrize(
    "url",
    ["ftp://127.0.0.1:1", "127.0.0.1:8443", "http://127.0.0.1:1/nuage/api/v6"],
)
def test_error_invalid_url(
    nuage: Runner, vsd: Simulator, monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    monkeypatch.setenv("VSD_API_URL", url)

    result = nuage("list", "enterprises")

    assert_one_error(result, 2)
    assert "https://HOST:PORT" in result.err


def test_error_url_with_credentials(
    nuage: Runner, vsd: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VSD_API_URL", f"http://csproot:{SECRET}@127.0.0.1:1")

    result = nuage("--verbose", "list", "enterprises")

    assert_one_error(result, 2)
    assert "must not contain a user name or password" in result.err
    assert SECRET not in result.err


@pytest.mark.parametrize("mode", [[], ["--json"], ["--verbose"], ["--json", "-v"]])
def test_error_bad_credentials_hide_password(
    nuage: Runner, vsd: Simulator, monkeypatch: pytest.MonkeyPatch, mode: list[str]
) -> None:
    monkeypatch.setenv("VSD_PASSWORD", SECRET)

    result = nuage(*mode, "list", "enterprises")

    assert_one_error(result)
    assert "login to" in result.err
    assert "rejected the credentials" in result.err
    assert "VSD_USERNAME" in result.err
    assert SECRET not in result.err
    assert SECRET not in result.out
    assert "Authorization" not in result.err
    if "--verbose" in mode or "-v" in mode:
        assert "GET http://" in result.err


def test_error_password_as_value(nuage: Runner, vsd: Simulator) -> None:
    result = nuage("--password", SECRET, "list", "enterprises")

    assert_one_error(result, 2)
    assert "--password takes no value" in result.err
    assert SECRET not in result.err


def test_error_password_with_equals(nuage: Runner, vsd: Simulator) -> None:
    result = nuage(f"--password={SECRET}", "list", "enterprises")

    assert result.status == 2
    assert SECRET not in result.err


@pytest.fixture(scope="module")
def secret_simulator() -> Iterator[Simulator]:
    """A simulator whose administrator password is SECRET."""
    with Simulator(job_duration=0, password=SECRET) as simulator:
        yield simulator


def test_verbose_logs_requests_without_secrets(
    nuage: Runner, secret_simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    point_at(monkeypatch, secret_simulator)

    result = nuage("--verbose", "--json", "list", "enterprises")

    assert result.status == 0
    assert "GET http://127.0.0.1" in result.err
    assert "/nuage/api/v6/me -> 200" in result.err
    assert "logged in" in result.err
    assert SECRET not in result.err
    assert "XREST" not in result.err
    assert [e["name"] for e in result.json()] == ["csp"]


def test_password_prompt_hides_input(
    nuage: Runner, secret_simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    point_at(monkeypatch, secret_simulator, password=False)
    monkeypatch.setattr("nuagesdk.cli.connection.stdin_is_terminal", lambda: True)
    typed: list[str] = []

    def fake_getpass(prompt: str, stream: object = None) -> str:
        typed.append(prompt)
        return secret_simulator.password

    monkeypatch.setattr("getpass.getpass", fake_getpass)

    result = nuage("--json", "list", "enterprises")

    assert result.status == 0, result.err
    assert typed == ["Password of csproot@csp: "]
    assert SECRET not in result.out + result.err


def test_password_option_always_prompts(
    nuage: Runner, secret_simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    point_at(monkeypatch, secret_simulator)
    monkeypatch.setenv("VSD_PASSWORD", "not-the-password")
    monkeypatch.setattr("getpass.getpass", lambda prompt, stream=None: SECRET)

    result = nuage("--password", "--json", "count", "enterprises")

    assert result.status == 0, result.err
    assert result.json() == {"count": 1}


@pytest.fixture(scope="module")
def short_key_simulator() -> Iterator[Simulator]:
    with Simulator(job_duration=0, api_key_lifetime=0.3) as simulator:
        yield simulator


def test_error_expired_api_key(
    nuage: Runner, short_key_simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = short_key_simulator.session("6")
    api_key = session.api_key
    session.close()
    assert api_key
    point_at(monkeypatch, short_key_simulator, password=False)
    monkeypatch.setenv("VSD_API_KEY", api_key)

    fresh = nuage("--json", "count", "enterprises")
    time.sleep(0.4)
    expired = nuage("--verbose", "count", "enterprises")

    assert fresh.json() == {"count": 1}
    assert_one_error(expired)
    assert "rejected the API key" in expired.err
    assert "expired" in expired.err
    assert "VSD_PASSWORD" in expired.err
    assert api_key not in expired.err


def test_password_renews_expired_key(
    nuage: Runner, short_key_simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    point_at(monkeypatch, short_key_simulator)

    result = nuage("--json", "count", "enterprises")

    assert result.json() == {"count": 1}


@pytest.fixture(scope="module")
def certificate_authority() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="module")
def tls_files(
    certificate_authority: trustme.CA, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("tls")
    server = certificate_authority.issue_cert("127.0.0.1")
    files = {
        "cert": folder / "server.pem",
        "key": folder / "server.key",
        "ca": folder / "ca.pem",
    }
    server.cert_chain_pems[0].write_to_path(str(files["cert"]))
    server.private_key_pem.write_to_path(str(files["key"]))
    certificate_authority.cert_pem.write_to_path(str(files["ca"]))
    return files


@pytest.fixture(scope="module")
def tls_simulator(tls_files: dict[str, Path]) -> Iterator[Simulator]:
    with Simulator(
        job_duration=0, tls_cert=str(tls_files["cert"]), tls_key=str(tls_files["key"])
    ) as simulator:
        yield simulator


def test_error_tls_untrusted_certificate(
    nuage: Runner, tls_simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    point_at(monkeypatch, tls_simulator)
    monkeypatch.setenv("VSD_PASSWORD", SECRET)

    result = nuage("list", "enterprises")

    assert_one_error(result)
    assert "TLS certificate verification of https://127.0.0.1" in result.err
    assert "--ca-bundle" in result.err
    assert SECRET not in result.err


def test_tls_with_ca_bundle(
    nuage: Runner,
    tls_simulator: Simulator,
    tls_files: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    point_at(monkeypatch, tls_simulator)

    result = nuage("--ca-bundle", str(tls_files["ca"]), "--json", "list", "enterprises")

    assert result.status == 0, result.err
    assert result.err == ""
    assert [e["name"] for e in result.json()] == ["csp"]


def test_tls_insecure_warns(
    nuage: Runner, tls_simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    point_at(monkeypatch, tls_simulator)

    result = nuage("--insecure", "--json", "count", "enterprises")

    assert result.status == 0, result.err
    assert result.json() == {"count": 1}
    assert result.err.startswith("Warning: TLS certificate verification is off")
    assert result.err.count("Warning") == 1


def test_error_missing_ca_bundle(
    nuage: Runner, tls_simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    point_at(monkeypatch, tls_simulator)
    monkeypatch.setenv("VSD_CA_BUNDLE", "/nonexistent/ca.pem")

    result = nuage("count", "enterprises")

    assert_one_error(result, 2)
    assert "CA bundle '/nonexistent/ca.pem' not found" in result.err


def test_error_install_hint_without_click(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from nuagesdk.cli import main

    monkeypatch.setitem(__import__("sys").modules, "click", None)

    status = main(["--help"])

    assert status == 1
    assert 'pip install "nuagesdk[cli]"' in capsys.readouterr().err
