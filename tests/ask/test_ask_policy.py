"""The host policy, as a pure function: no traffic goes anywhere (names resolve through a
resolver passed in)."""

from __future__ import annotations

import socket
import ssl

import pytest

from glasses.ask.config import AskConfig
from glasses.ask.policy import address_allowed, check, parse_url, tls_context
from glasses.configfile import load_section
from glasses.errors import ConfigError, GlassesError


def no_lookup(host, port):
    raise AssertionError(f"an address literal must not be looked up ({host})")


@pytest.mark.parametrize("address", [
    "127.0.0.1", "127.8.9.10", "::1", "10.0.0.1", "10.255.255.255", "172.16.0.5", "172.31.255.255",
    "192.168.1.20", "fd00::1", "fc12:3456::1", "169.254.10.20", "fe80::1", "fe80::1%eth0", "::ffff:192.168.1.1",
])
def test_own_network_addresses_are_allowed(address):
    assert address_allowed(address)
    assert check(f"http://{'[' + address + ']' if ':' in address else address}:11434/v1",
                 resolve=no_lookup).addresses == (address,)


@pytest.mark.parametrize("address", [
    "8.8.8.8", "1.1.1.1", "172.32.0.1", "172.15.255.255", "192.169.0.1", "100.64.0.1", "0.0.0.0",
    "224.0.0.1", "255.255.255.255", "2001:4860:4860::8888", "::", "::ffff:8.8.8.8", "not-an-ip",
])
def test_public_and_odd_addresses_are_refused(address):
    assert not address_allowed(address)


def test_a_public_address_is_one_line_naming_ask_url():
    with pytest.raises(GlassesError) as info:
        check("http://8.8.8.8/v1", resolve=no_lookup)
    line = str(info.value)
    assert line.startswith("ask.url: 8.8.8.8, a public address") and "allow_public" in line and "\n" not in line
    assert check("http://8.8.8.8/v1", allow_public=True, resolve=no_lookup).addresses == ("8.8.8.8",)


@pytest.mark.parametrize("answers, allowed", [
    (["192.168.1.5"], True),
    (["127.0.0.1", "::1"], True),
    (["192.168.1.5", "8.8.8.8"], False),      # every address is checked, not just the first
    (["93.184.216.34"], False),
])
@pytest.mark.parametrize("name", ["nas.local", "homeserver.lan", "engine.example.com"])
def test_every_address_a_name_resolves_to_is_checked(name, answers, allowed):
    asked = []

    def resolver(host, port):
        asked.append((host, port))
        return answers

    url = f"http://{name}:8080/v1"
    if allowed:
        assert check(url, resolve=resolver).addresses == tuple(answers)
    else:
        with pytest.raises(GlassesError, match=rf"^ask\.url: {name} resolves to .*public address"):
            check(url, resolve=resolver)
        assert check(url, allow_public=True, resolve=resolver).addresses == tuple(answers)
    assert asked[0] == (name, 8080)


def test_a_name_that_does_not_resolve_is_an_os_error_not_a_config_error():
    def resolver(host, port):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    with pytest.raises(OSError):
        check("http://nas.local:11434/v1", resolve=resolver)
    with pytest.raises(OSError):
        check("http://nas.local:11434/v1", resolve=lambda h, p: [])


@pytest.mark.parametrize("url, says", [
    ("ftp://192.168.1.2/v1", "must start with http:// or https://"),
    ("192.168.1.2:11434/v1", "must start with http:// or https://"),
    ("http:///v1", "no host"),
    ("http://user:secret@192.168.1.2/v1", "ask.key_file, not in the URL"),
    ("http://192.168.1.2/v1?x=1", "no ?query"),
    ("http://192.168.1.2:99999/v1", "not a valid URL"),
    ("http://192.168.1.2/v 1", "spaces or control characters"),
    ("http://192.168.1.2/v1\n", "spaces or control characters"),
    ("", "no engine URL"),
])
def test_bad_urls_are_one_line_naming_ask_url(url, says):
    with pytest.raises(GlassesError) as info:
        parse_url(url)
    assert str(info.value).startswith("ask.url: ") and says in str(info.value)
    assert "secret" not in str(info.value)


def test_url_parts_and_paths():
    u = parse_url("http://192.168.1.20:11434/v1/")
    assert (u.scheme, u.host, u.port, u.path("chat/completions")) == ("http", "192.168.1.20", 11434,
                                                                       "/v1/chat/completions")
    assert parse_url("https://nas.local/v1").port == 443
    assert parse_url("http://nas.local").path("chat/completions") == "/chat/completions"
    v6 = parse_url("http://[fd00::1]:8080/v1")
    assert (v6.host, v6.hostport) == ("fd00::1", "[fd00::1]:8080")


def test_https_context_verifies_certificates_and_names():
    ctx = tls_context()
    assert ctx.verify_mode == ssl.CERT_REQUIRED and ctx.check_hostname


def test_config_refuses_a_bad_url_with_file_and_line():
    assert load_section(AskConfig, "url: http://192.168.1.20:11434/v1\nmodel: llama3.2\n", "config.yaml").enabled
    with pytest.raises(ConfigError) as info:
        load_section(AskConfig, "model: llama3.2\nurl: ftp://nas.local/v1\n", "config.yaml")
    assert str(info.value).startswith("config.yaml:2: url: must start with http:// or https://")
