"""TLS against the simulator with a certificate authority made for the test."""

from __future__ import annotations

import pytest

from nuagesdk import v6
from nuagesdk.rest import TLSError
from nuagesdk.simulator.server import Simulator

trustme = pytest.importorskip("trustme", reason="trustme is not installed (test extra)")


@pytest.fixture(scope="module")
def authority():
    return trustme.CA()


@pytest.fixture(scope="module")
def tls_simulator(authority, tmp_path_factory):
    folder = tmp_path_factory.mktemp("tls")
    certificate = authority.issue_cert("127.0.0.1", "localhost")
    cert_path = folder / "server.pem"
    key_path = folder / "server.key"
    ca_path = folder / "ca.pem"
    certificate.cert_chain_pems[0].write_to_path(str(cert_path))
    certificate.private_key_pem.write_to_path(str(key_path))
    authority.cert_pem.write_to_path(str(ca_path))
    with Simulator(
        job_duration=0,
        tls_cert=str(cert_path),
        tls_key=str(key_path),
        tls_client_ca=str(ca_path),
    ) as sim:
        yield sim


def client_certificate(authority, folder, name: str) -> tuple[str, str]:
    issued = authority.issue_cert(f"{name}@example.invalid", common_name=name)
    cert_path = folder / f"{name}.pem"
    key_path = folder / f"{name}.key"
    issued.cert_chain_pems[0].write_to_path(str(cert_path))
    issued.private_key_pem.write_to_path(str(key_path))
    return str(cert_path), str(key_path)


def session_for(simulator, **options):
    return v6.NUVSDSession(
        username=simulator.username,
        password=simulator.password,
        enterprise=simulator.enterprise,
        api_url=simulator.url,
        **options,
    )


def test_untrusted_certificate_is_refused(tls_simulator, monkeypatch):
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)

    with pytest.raises(TLSError) as excinfo:
        session_for(tls_simulator).start()

    message = str(excinfo.value)
    assert tls_simulator.url in message
    assert "ca_bundle" in message


def test_ca_bundle_makes_it_trusted(tls_simulator, authority, tmp_path):
    bundle = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(bundle))

    session = session_for(tls_simulator, ca_bundle=str(bundle)).start()

    assert session.user.user_name == tls_simulator.username
    assert session.user.enterprises.get_count() >= 1


def test_verify_off_works_with_warning(tls_simulator, caplog):
    session = session_for(tls_simulator, verify=False)

    session.start()

    assert "verification is off" in caplog.text
    assert session.user.user_name == tls_simulator.username


def test_client_certificate_authenticates(tls_simulator, authority, tmp_path):
    bundle = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(bundle))
    certificate = client_certificate(authority, tmp_path, tls_simulator.username)
    session = v6.NUVSDSession(
        username=tls_simulator.username,
        enterprise=tls_simulator.enterprise,
        api_url=tls_simulator.url,
        certificate=certificate,
        ca_bundle=str(bundle),
    )

    session.start()

    assert session.user.user_name == tls_simulator.username
    assert session.user.enterprises.get_count() >= 1


def test_certificate_of_other_user_rejected(tls_simulator, authority, tmp_path):
    from nuagesdk.rest import AuthenticationError

    bundle = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(bundle))
    certificate = client_certificate(authority, tmp_path, "mallory")
    session = v6.NUVSDSession(
        username=tls_simulator.username,
        enterprise=tls_simulator.enterprise,
        api_url=tls_simulator.url,
        certificate=certificate,
        ca_bundle=str(bundle),
    )

    with pytest.raises(AuthenticationError):
        session.start()


def test_empty_secret_without_certificate_rejected(tls_simulator, authority, tmp_path):
    from nuagesdk.rest import AuthenticationError

    bundle = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(bundle))
    session = v6.NUVSDSession(
        username=tls_simulator.username,
        enterprise=tls_simulator.enterprise,
        api_url=tls_simulator.url,
        password="",
        ca_bundle=str(bundle),
    )

    with pytest.raises(AuthenticationError):
        session.start()
