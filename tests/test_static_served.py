"""The static files through gunicorn with production settings, as the README deploys Attune: what a partner's phone
fetches for the consent page, compressed and cached, measured against the same files sent plain."""

import re
import urllib.request
from pathlib import Path

from tests.servers import fresh_database, serving

ASSET = re.compile(r'(?:href|src)="(/static/[^"]+)"')


def fetch(url: str, accept: str = "") -> tuple[dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": accept} if accept else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return dict(response.headers), response.read()


def test_a_page_s_static_files_come_compressed_and_cached_from_production(tmp_path: Path) -> None:
    with fresh_database(tmp_path) as database, serving(database.env, "static") as server:
        _headers, html = fetch(server.base + "/accounts/login/")
        assets = ASSET.findall(html.decode())
        assert any("bootstrap" in asset for asset in assets) and len(assets) >= 4
        plain = compressed = 0
        for asset in assets:
            headers, body = fetch(server.base + asset, accept="gzip, deflate, br")
            assert "max-age=315360000" in headers["Cache-Control"] and "immutable" in headers["Cache-Control"]
            if asset.endswith((".css", ".js")):  # images stay as they are: PNG is compressed already
                assert headers["Content-Encoding"] == "br", asset
            compressed += len(body)
            plain += len(fetch(server.base + asset)[1])
    print(f"the sign-in page's static files: {plain} bytes plain, {compressed} bytes compressed")
    assert compressed * 3 < plain
