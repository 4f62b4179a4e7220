"""Where a page's time goes: each page profiled in process (cProfile) against the benchmark seed, with production
settings, and every function's own time summed by layer: templates, the ORM with its database driver, crypto
(Fernet), and the rest of Python (views, forms, Attune's own logic, Django's request handling).

Run on PostgreSQL as `make bench` runs it: `ATTUNE_VAR_DIR=$(mktemp -d) bench/postgres.sh .venv/bin/python
bench/profile_pages.py [PATH ...]` (default: the dashboard and the plan edit page; `/i/step/3/` and `/i/check-in/`
as the seed's partners); on SQLite without `bench/postgres.sh`. The seed is the one `http_bench.py` saved under
`var/bench-seed/` (made first if missing). With `BENCH_PROFILE_TIME=1` each page is timed without the profiler
instead (CPU and wall clock, best and median, and the page's size): for a change's before and after.
"""

import cProfile
import json
import os
import pstats
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")

from bench import http_bench  # (the seed, its keys and the production settings, shared with the HTTP benchmark)

ROOT_NAME = Path(__file__).resolve().parent.parent.name
ROUNDS = int(os.environ.get("BENCH_PROFILE_ROUNDS", "20"))
# The partner's pages, each opened with the session the seed made for it; any other path as the first therapist.
PARTNER_PAGES = {"/i/step/3/": "partner_cookie", "/i/check-in/": "check_in_cookie"}
LAYERS = (
    ("template", ("django/template/", "django/templatetags/", "intake/templatetags/", "intake/controls.py")),
    ("ORM and driver", ("django/db/", "psycopg", "sqlite3")),
    ("crypto", ("cryptography/", "intake/crypto.py", "fernet")),
)


def layer(filename: str) -> str:
    for name, markers in LAYERS:
        if any(marker in filename for marker in markers):
            return name
    return "Python"


def profile(client: Any, path: str) -> None:
    from django.db import connection

    get = client.get
    assert get(path).status_code == 200, path
    queries = []

    def counted(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counted):
        get(path)
    profiler = cProfile.Profile(time.process_time)  # CPU time: a shared machine's waits are nobody's function
    start = time.perf_counter()
    profiler.enable()
    for _ in range(ROUNDS):
        get(path)
    profiler.disable()
    per_request = (time.perf_counter() - start) / ROUNDS * 1000
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    own: dict[str, float] = {}
    functions = []
    for (filename, line, name), (_calls, _primitive, tottime, _cumtime, _callers) in stats.items():
        own[layer(filename)] = own.get(layer(filename), 0.0) + tottime
        functions.append((tottime, f"{Path(filename).name}:{line}({name})"))
    total = sum(own.values())
    print(
        f"\n{path}: {per_request:.1f} ms a request (wall clock, in process, under the profiler), "
        f"{total / ROUNDS * 1000:.1f} ms of CPU, {len(queries)} queries"
    )
    for name in ("template", "ORM and driver", "crypto", "Python"):
        print(f"  {name:<16}{own.get(name, 0.0) / total:>6.0%}")
    if os.environ.get("BENCH_PROFILE_CUMULATIVE"):
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(int(os.environ["BENCH_PROFILE_CUMULATIVE"]))
    if os.environ.get("BENCH_PROFILE_CALLERS"):
        pstats.Stats(profiler).print_callers(os.environ["BENCH_PROFILE_CALLERS"])
    print("  most own time:")
    for tottime, where in sorted(functions, reverse=True)[:6]:
        print(f"    {tottime / total:>5.1%}  {where}")
    print("  Attune's functions, with what they call:")
    ours = [
        (cumtime, f"{Path(filename).parent.name}/{Path(filename).name}:{line}({name})")
        for (filename, line, name), (_c, _p, _t, cumtime, _callers) in stats.items()
        if f"{ROOT_NAME}/clinic/" in filename or f"{ROOT_NAME}/intake/" in filename
    ]
    for cumtime, where in sorted(ours, reverse=True)[:12]:
        print(f"    {cumtime / total:>5.1%}  {where}")


def timed(client: Any, path: str) -> None:
    """CPU and wall-clock time of one page without the profiler (which slows Python some threefold, not SQL),
    best and median of ROUNDS requests: for comparing one change's before and after in the same run."""
    get = client.get
    first = get(path)
    assert first.status_code == 200, path
    cpu, wall = [], []
    for _ in range(ROUNDS):
        c, w = time.process_time(), time.perf_counter()
        get(path)
        cpu.append((time.process_time() - c) * 1000)
        wall.append((time.perf_counter() - w) * 1000)
    cpu.sort()
    wall.sort()
    print(
        f"{path:<48} CPU best {cpu[0]:6.2f} median {cpu[len(cpu) // 2]:6.2f} ms; "
        f"wall best {wall[0]:6.2f} median {wall[len(wall) // 2]:6.2f} ms; {len(first.content) / 1024:.0f} KiB"
    )


def main() -> None:
    var_dir = Path(os.environ["ATTUNE_VAR_DIR"])
    env = http_bench.production_env(str(var_dir), http_bench.seeded(var_dir))
    http_bench.deployed(env)
    seed = json.loads(
        subprocess.run(
            [http_bench.PY, "bench/seed.py", "sessions"],
            cwd=http_bench.ROOT,
            env=env,
            check=True,
            text=True,
            capture_output=True,
        ).stdout.splitlines()[-1]
    )
    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    paths = sys.argv[1:] or ["/couples/", "/couples/{answered}/plan/edit/"]
    print(f"{http_bench.engine()}: {seed['couples']} couples; {ROUNDS} requests per page profiled")
    measure = timed if os.environ.get("BENCH_PROFILE_TIME") else profile
    for path in paths:
        client = Client()
        client.cookies["sessionid"] = seed[PARTNER_PAGES.get(path, "therapist_cookie")]
        measure(client, path.format(answered=seed["answered"]))


if __name__ == "__main__":
    main()
