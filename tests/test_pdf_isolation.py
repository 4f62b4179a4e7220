"""Whatever text reaches a PDF, rendering opens no connection, reads no file, embeds nothing."""

import io

import pytest
from pypdf import PdfReader

from clinic.printing.pdf import ASSET_ROOT, RefusedURL, asset_path, html_to_pdf


def _hostile_html(port: int) -> str:
    base = f"http://127.0.0.1:{port}"
    return f"""<!doctype html><html><head>
      <link rel="stylesheet" href="{base}/sheet.css">
      <style>@import url("{base}/import.css"); body {{ background: url("{base}/bg.png"); }}
             @font-face {{ font-family: x; src: url("{base}/font.woff"); }}</style></head>
      <body><p>Report</p>
      <img src="file:///etc/passwd"><img src="{base}/img.png"><img src="http://169.254.169.254/latest/meta-data/">
      <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">
        <image href="{base}/svg.png" width="10" height="10"/><image xlink:href="file:///etc/hostname"/></svg>
      <a rel="attachment" href="file:///etc/passwd">passwd</a><a rel="attachment" href="{base}/a.bin">bin</a>
      <object data="file:///etc/passwd"></object><iframe src="{base}/frame"></iframe>
      </body></html>"""


def test_hostile_html_makes_no_connection_reads_no_file_embeds_nothing(
    listener: tuple[int, list[str]], caplog: pytest.LogCaptureFixture
) -> None:
    port, seen = listener
    pdf = html_to_pdf(_hostile_html(port))
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Report" in text
    assert seen == []
    assert "root:" not in text and b"root:x:0:0" not in pdf
    assert "/EmbeddedFiles" not in str(reader.trailer["/Root"])
    assert b"/EmbeddedFile" not in pdf


def test_only_files_under_the_asset_root_are_served(tmp_path: pytest.TempPathFactory) -> None:
    for url in (
        "file:///etc/passwd",
        f"file://{ASSET_ROOT}/../../../etc/passwd",
        "http://127.0.0.1/x",
        "data:text/css,body{}",
        f"file://{ASSET_ROOT}/missing.png",
        "ftp://example.org/x",
    ):
        with pytest.raises(RefusedURL):
            asset_path(url)


def test_an_asset_inside_the_root_is_allowed() -> None:
    files = [p for p in ASSET_ROOT.iterdir() if p.is_file()]
    assert files, "the PDF asset folder ships at least one file"
    assert asset_path(files[0].as_uri()) == files[0]
