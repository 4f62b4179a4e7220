"""PDF benchmark: the demo plan against a plain reference document of the same page count.

Run by `make bench` against a throwaway database. Prints median render times,
their ratio, the repeat-download speed-up from the PDF cache, the first download of
a freshly saved version once the worker has rendered it, and peak memory.
Ratios are measured side by side in one run, because absolute times drift on a
shared machine.
"""

import io
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")

from pypdf import PdfReader

REPEATS = int(os.environ.get("BENCH_REPEATS", "5"))


def median_time(fn: Callable[[], object], repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def html_to_pdf(html: str) -> bytes:
    from clinic.printing.pdf import html_to_pdf as render

    return render(html)


def pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def reference_html(blocks: int) -> str:
    """Plain HTML of the same kinds of content: headings, paragraphs, tables and one SVG chart."""
    bars = "".join(
        f'<rect x="10" y="{10 + i * 22}" width="{40 + i * 25}" height="14" fill="#1d4f91"/>' for i in range(16)
    )
    chart = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 380" width="100%">{bars}</svg>'
    para = "<p>" + "Reference paragraph text of ordinary length, set in the body font. " * 6 + "</p>"
    rows = "".join(f"<tr><td>Row {i}</td><td>Value {i}</td><td>Note {i}</td></tr>" for i in range(8))
    body = "".join(f"<h2>Section {n}</h2>{para}<table>{rows}</table>{para}" for n in range(blocks))
    return (
        "<!doctype html><html><head><style>@page { size: A4; margin: 22mm 18mm; "
        "@bottom-right { content: counter(page) ' / ' counter(pages); } } "
        "html { font: 10pt/1.45 'DejaVu Sans', sans-serif; } table { width: 100%; border-collapse: collapse; } "
        "td { border-bottom: 0.5pt solid #ccc; padding: 1mm; }</style></head>"
        f"<body><h1>Reference</h1>{chart}{body}</body></html>"
    )


def matched_reference(target_pages: int) -> tuple[str, int]:
    blocks = 1
    while True:
        html = reference_html(blocks)
        got = pages(html_to_pdf(html))
        if got >= target_pages:
            return html, got
        blocks += max(1, blocks * (target_pages - got) // max(got, 1))


def main() -> None:
    # Django is set up here, not at import: PDF renders run in child processes that re-import
    # this module, and they must not set Django up again for every render.
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    from intake.models import Couple

    call_command("loadexercises", stdout=io.StringIO())
    call_command("demo", stdout=io.StringIO())
    couple = Couple.objects.get(name="Sam & Alex", therapist__username="demo")
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(get_user_model().objects.get(username="demo"))
    settings.ALLOWED_HOSTS = ["*"]
    if not hasattr(couple, "plan"):
        client.post(f"/couples/{couple.pk}/plan/", {"action": "draft"})
    url = f"/couples/{couple.pk}/plan.pdf"

    def first_download() -> bytes:
        cache.clear()
        return client.get(url).content

    plan_pdf = first_download()
    plan_pages = pages(plan_pdf)
    reference, reference_pages = matched_reference(plan_pages)
    html_to_pdf(reference)  # warm up fonts and caches for both sides alike
    plan_first = median_time(first_download)
    reference_time = median_time(lambda: html_to_pdf(reference))
    client.get(url)
    plan_repeat = median_time(lambda: client.get(url).content, repeats=20)

    def saved_then_worker() -> None:
        """A new version saved (its renders queued), the worker's run, and nothing else in the cache."""
        cache.clear()
        client.post(f"/couples/{couple.pk}/plan/", {"action": "draft"})
        call_command("db_worker", batch=True, reload=False, startup_delay=False, interval=0, stdout=io.StringIO())

    after_worker = []
    for _ in range(REPEATS):
        saved_then_worker()
        start = time.perf_counter()
        pdf = client.get(url).content
        after_worker.append(time.perf_counter() - start)
        assert pdf.startswith(b"%PDF-")
    plan_after_worker = statistics.median(after_worker)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"{'measure':<42}{'value':>12}")
    print(f"{'plan PDF pages / reference pages':<42}{plan_pages:>7} / {reference_pages}")
    print(f"{'plan PDF, first download (median)':<42}{plan_first * 1000:>10.0f} ms")
    print(f"{'reference document (median)':<42}{reference_time * 1000:>10.0f} ms")
    print(f"{'ratio plan / reference (target <= 1.2)':<42}{plan_first / reference_time:>12.2f}")
    print(f"{'plan PDF, repeat download (median)':<42}{plan_repeat * 1000:>10.1f} ms")
    print(f"{'speed-up of repeat (target >= 20)':<42}{plan_first / plan_repeat:>11.0f}x")
    print(f"{'first download after save + worker':<42}{plan_after_worker * 1000:>10.1f} ms")
    print(f"{'speed-up after the worker (target >= 20)':<42}{plan_first / plan_after_worker:>11.0f}x")
    print(f"{'peak memory of this process':<42}{peak:>9.0f} MiB")
    print("(PDFs render in a child process per document; the peak above is the web process's own.)")


if __name__ == "__main__":
    main()
