"""Download links tickets signs for files intake and chat keep, and the headers of a download."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from helpdesk_runtime.file_links import LINK_LIFETIME_S, FileLinks, download_headers, served_type

LINKS = FileLinks("a-test-secret-of-enough-length")
NOW = 1_800_000_000.0


def _query(url: str) -> tuple[int, str]:
    query = parse_qs(urlsplit(url).query)
    return int(query["expires"][0]), query["signature"][0]


def test_a_signed_link_opens_its_file_until_it_expires() -> None:
    expires, signature = _query(LINKS.signed_url("http://intake", "/v1/files/x", "in/1", now=NOW))

    assert expires == NOW + LINK_LIFETIME_S
    assert LINKS.is_valid("in/1", expires, signature, now=NOW + LINK_LIFETIME_S)
    assert not LINKS.is_valid("in/1", expires, signature, now=NOW + LINK_LIFETIME_S + 1)


def test_a_link_opens_no_other_file_and_no_later_expiry_nor_another_secret() -> None:
    expires, signature = _query(LINKS.signed_url("http://intake", "/v1/files/x", "in/1", now=NOW))

    assert not LINKS.is_valid("in/2", expires, signature, now=NOW)
    assert not LINKS.is_valid("in/1", expires + 3600, signature, now=NOW)
    assert not LINKS.is_valid("in/1", expires, "ÛnÕ-é" + signature, now=NOW)
    assert not FileLinks("another-secret-of-enough-len").is_valid(
        "in/1", expires, signature, now=NOW
    )


def test_only_safe_images_show_inline_and_nothing_is_sniffed() -> None:
    png = download_headers(filename="tela.png", content_type="image/png", dangerous=False)
    svg = download_headers(filename="logo.svg", content_type="image/svg+xml", dangerous=False)
    html = download_headers(filename="a.html", content_type="text/html", dangerous=False)

    assert png["Content-Disposition"].startswith("inline;")
    assert svg["Content-Disposition"].startswith("attachment;")
    assert html["Content-Disposition"].startswith("attachment;")
    assert {png["X-Content-Type-Options"], html["X-Content-Type-Options"]} == {"nosniff"}
    assert "sandbox" in html["Content-Security-Policy"]


def test_a_dangerous_file_is_a_download_of_opaque_bytes_even_when_it_claims_an_image() -> None:
    headers = download_headers(filename="foto.png.exe", content_type="image/png", dangerous=True)

    assert headers["Content-Disposition"].startswith("attachment;")
    assert served_type("image/png", dangerous=True) == "application/octet-stream"


def test_file_names_are_quoted_so_no_header_can_be_injected() -> None:
    name = 'relatório "março"\r\nSet-Cookie: x=1.pdf'
    disposition = download_headers(filename=name, content_type="application/pdf", dangerous=False)[
        "Content-Disposition"
    ]

    assert "\r" not in disposition
    assert "\n" not in disposition
    assert "filename*=UTF-8''relat%C3%B3rio%20%22mar%C3%A7o%22%0D%0ASet-Cookie" in disposition
