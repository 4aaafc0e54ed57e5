"""
PDF rendering reads nothing but the app's static files: a document that names
file:///etc/passwd or a local network service gets neither into the PDF.
"""

import http.server
import re
import threading
from pathlib import Path

import pytest
from django.conf import settings

from pqr_portal import pdf

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def local_server():
    """An HTTP server on 127.0.0.1 that counts the requests it gets."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server API
            hits.append(self.path)
            body = b"SECRET-FROM-THE-NETWORK"
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], hits
    server.shutdown()
    server.server_close()


def hostile_html(port: int, secret_file: Path) -> str:
    net = f"http://127.0.0.1:{port}"
    return f"""<html><head>
<link rel="stylesheet" href="{net}/style.css">
<link rel="stylesheet" href="file://{secret_file}">
<style>@import url("{net}/import.css"); body {{ background: url("{net}/bg.png"); }}
@font-face {{ font-family: x; src: url("file:///etc/passwd"); }}</style>
</head><body><p>Carta</p>
<img src="file:///etc/passwd"><img src="{net}/pixel.png"><img src="/../../etc/passwd">
<object data="file://{secret_file}"></object>
<a rel="attachment" href="file:///etc/passwd">adjunto</a>
<a rel="attachment" href="file://{secret_file}">adjunto</a>
<a rel="attachment" href="{net}/attachment.txt">adjunto</a>
<a rel="attachment" href="{settings.SITE_URL}/static/../../etc/passwd">adjunto</a>
</body></html>"""


def test_a_document_naming_local_files_and_the_network_fetches_nothing(local_server, tmp_path):
    port, hits = local_server
    secret = tmp_path / "secreto.txt"
    secret.write_text("SECRET-FROM-THE-DISK")
    content = pdf.html_to_pdf(hostile_html(port, secret))
    assert content.startswith(b"%PDF")
    assert hits == []  # no request reached the server
    for leak in (b"SECRET-FROM-THE-DISK", b"root:x:0:0", b"SECRET-FROM-THE-NETWORK"):
        assert leak not in content
    assert b"/EmbeddedFile" not in content  # no rel="attachment" got embedded


def test_the_default_fetcher_would_have_leaked_the_file(tmp_path):
    """The attack is real: WeasyPrint's own fetcher embeds the file named by rel=attachment."""
    import weasyprint

    secret = tmp_path / "secreto.txt"
    secret.write_text("SECRET-FROM-THE-DISK")
    html = f'<p>x</p><a rel="attachment" href="file://{secret}">a</a>'
    assert b"/EmbeddedFile" in weasyprint.HTML(string=html).write_pdf()


def test_data_uris_and_the_apps_static_files_are_allowed():
    fetcher = pdf.url_fetcher()
    css = fetcher.fetch(settings.SITE_URL.rstrip("/") + settings.STATIC_URL + "css/app.css")
    assert css.read() == (ROOT / "static" / "css" / "app.css").read_bytes()
    assert fetcher.fetch("data:text/plain;base64,aG9sYQ==").read() == b"hola"
    for url in ("file:///etc/passwd", settings.SITE_URL + "/media/x.pdf",
                settings.SITE_URL + "/static/../pqr_portal/settings.py",
                "http://169.254.169.254/latest/meta-data/", "ftp://127.0.0.1/x"):
        with pytest.raises(pdf.FetchRefused):
            fetcher.fetch(url)


def test_every_pdf_rendering_goes_through_the_one_fetcher():
    """No module but pqr_portal/pdf.py builds a weasyprint.HTML (where the fetcher is set)."""
    offenders = []
    tops = [d for d in ROOT.iterdir() if d.is_dir() and not d.name.startswith(".")
            and d.name not in ("tests", "var", "node_modules")]
    for path in (p for top in tops for p in top.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel == "pqr_portal/pdf.py":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"\bHTML\(|\bCSS\(|import weasyprint|from weasyprint", text):
            offenders.append(rel)
    assert offenders == []
