"""HTTP benchmark: gunicorn with production settings (gunicorn.conf.py: 2 workers) on loopback, driven by wrk.
`BENCH_WORKERS` sets another number of workers, for a side-by-side.

Run by `make bench` on SQLite and on PostgreSQL (`DATABASE_URL`), each against a database seeded with
10,000 couples across 20 therapists (bench/seed.py). A seed takes minutes, so it is made once per engine,
size and schema and kept under `var/bench-seed/` (a file copy, or a `pg_dump`), then restored for each run.
Every page is measured in the same run as /healthz, the framework's floor, and reported as a ratio to it: in
`BENCH_ROUNDS` rounds (4), each measuring every page in turn for an equal share of `BENCH_DURATION` (8 s a page in
all), each round's ratios against that round's floor. The table gives each page's median round and its lowest: a
stretch of the shared machine's noise, which on this VM has halved pages of a table for seconds at a time, then
lowers one round of a page rather than the whole of one page (bench/README.md, seventh part).
Then the background worker's memory across PDF renders.
"""

import ast
import hashlib
import json
import os
import re
import runpy
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
DURATION = os.environ.get("BENCH_DURATION", "8s")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "4"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
WORKERS = int(os.environ.get("BENCH_WORKERS") or 0) or None  # None: gunicorn.conf.py's own number
QUIET = ["--access-logfile", "/dev/null"]
CSRF = secrets.token_hex(16)  # a 32-character CSRF secret, sent as cookie and form field alike


PG_BIN = Path(os.environ.get("ATTUNE_PG_BIN", "/usr/lib/postgresql/15/bin"))
SEEDS = ROOT / "var" / "bench-seed"


def production_env(var_dir: str, keys: dict[str, str]) -> dict[str, str]:
    return {
        **os.environ,
        "ATTUNE_DEBUG": "0",
        "ATTUNE_SECRET_KEY": keys["secret"],
        "ATTUNE_ALLOWED_HOSTS": "127.0.0.1",
        "ATTUNE_ENCRYPTION_KEYS": keys["fernet"],
        "ATTUNE_VAR_DIR": var_dir,
        "ATTUNE_SSL_REDIRECT": "0",  # wrk speaks plain HTTP on loopback; TLS ends at the proxy in production
        "ATTUNE_REQUIRE_2FA": "0",  # the seeded therapist session is not OTP-verified
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(env: dict[str, str], port: int, workers: int | None = WORKERS) -> subprocess.Popen:
    """gunicorn as production runs it; `workers` None for gunicorn.conf.py's number."""
    count = ["-w", str(workers)] if workers else []
    process = subprocess.Popen(
        # gunicorn.conf.py logs every request, as production does; the lines go nowhere here.
        [GUNICORN, "clinic.wsgi", *count, "-b", f"127.0.0.1:{port}", "--log-level", "warning", *QUIET],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(600):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return process
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(20)


def wrk(url: str, headers: dict[str, str], script: str | None, seconds: float) -> dict[str, float]:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds:g}s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", script]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rps = float(_found(r"Requests/sec:\s+([\d.]+)", output)[0])
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {"rps": rps, "p50": _ms(output, "50%"), "p99": _ms(output, "99%"), "bad": int(bad.group(1)) if bad else 0}


def _found(pattern: str, text: str, flags: int = 0) -> tuple[str, ...]:
    """The groups of `pattern` in `text`; a missing line means wrk or /proc changed its output."""
    match = re.search(pattern, text, flags)
    if match is None:
        raise RuntimeError(f"no {pattern!r} in the output")
    return match.groups()


def _ms(output: str, label: str) -> float:
    value, unit = _found(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def post_script(path: Path, body: str) -> str:
    path.write_text(
        f'wrk.method = "POST"\nwrk.body = "{body}"\nwrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
    )
    return str(path)


def status(url: str, headers: dict[str, str], data: bytes | None = None) -> int:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object) -> None:
            return None

    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        return urllib.request.build_opener(NoRedirect).open(request, timeout=30).status
    except urllib.error.HTTPError as error:
        return error.code


def configured_workers() -> int:
    """The number of workers gunicorn.conf.py starts (it imports Attune's logging: the project on the path)."""
    sys.path.insert(0, str(ROOT))
    try:
        return int(runpy.run_path(str(ROOT / "gunicorn.conf.py"))["workers"])
    finally:
        sys.path.remove(str(ROOT))


def engine() -> str:
    return "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"


def http_table(env: dict[str, str], seed: dict, tmp: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    therapist = {"Cookie": f"sessionid={seed['therapist_cookie']}"}
    partner = {"Cookie": f"sessionid={seed['partner_cookie']}; csrftoken={CSRF}"}
    body = f"csrfmiddlewaretoken={CSRF}&action=save&" + "&".join(f"o{n}={1 + n % 5}" for n in range(1, 9))
    check_in = {"Cookie": f"sessionid={seed['check_in_cookie']}"}
    couple = f"/couples/{seed['answered']}"
    pages = [
        ("/healthz (floor)", "/healthz", {}, None),
        ("intake step GET", "/i/step/3/", partner, None),
        ("intake step POST (save)", "/i/step/3/", partner, post_script(tmp / "post.lua", body)),
        (f"dashboard (page 1, {seed['shown']} couples)", "/couples/", therapist, None),
        ("dashboard search", "/couples/?q=Couple+0012", therapist, None),
        ("comparison page", f"{couple}/comparison/", therapist, None),
        ("plan page", f"{couple}/plan/", therapist, None),
        ("plan edit page", f"{couple}/plan/edit/", therapist, None),
        ("check-in page (partner)", "/i/check-in/", check_in, None),
    ]
    server = start_gunicorn(env, port)
    try:
        for label, path, headers, script in pages:  # each must answer properly before it is timed
            expected = 303 if script else 200
            got = status(
                base + path,
                {**headers, "Content-Type": "application/x-www-form-urlencoded"},
                body.encode() if script else None,
            )
            assert got == expected, f"{label}: {got}"
        share = _seconds(DURATION) / ROUNDS
        rounds = [
            [wrk(base + path, headers, script, share) for _label, path, headers, script in pages] for _ in range(ROUNDS)
        ]
    finally:
        stop(server)
    print(
        f"\n{engine()}: {seed['couples']} couples, {seed['therapists']} therapists; {ROUNDS} rounds of {share:g} s a page"
    )
    print(f"{'page':<36}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'ratio':>8}{'lowest':>8}{'errors':>8}")
    for n, (label, *_rest) in enumerate(pages):
        measured = [measured_round[n] for measured_round in rounds]
        ratios = [page["rps"] / measured_round[0]["rps"] for page, measured_round in zip(measured, rounds, strict=True)]
        rps, p50, p99 = (statistics.median(page[key] for page in measured) for key in ("rps", "p50", "p99"))
        bad = sum(int(page["bad"]) for page in measured)
        print(
            f"{label:<36}{rps:>9.0f}{p50:>9.2f}{p99:>9.2f}{statistics.median(ratios):>8.3f}{min(ratios):>8.3f}{bad:>8}"
        )


def _seconds(duration: str) -> float:
    """wrk's duration ("8s", "1m") in seconds."""
    value, unit = _found(r"^([\d.]+)(s|m)?$", duration)
    return float(value) * (60 if unit == "m" else 1)


def rss_mib(pid: int) -> float:
    text = Path(f"/proc/{pid}/status").read_text()
    return int(_found(r"VmRSS:\s+(\d+)", text)[0]) / 1024


def memory_after_renders(env: dict[str, str], seed: dict) -> None:
    """The background worker's memory after 20 and after 200 PDF renders: 100 new versions of the answered
    couple's plan, each queuing its two PDFs, rendered by one `db_worker` (each render in a child process)."""
    renders = int(os.environ.get("BENCH_RENDERS", "200"))
    subprocess.run([PY, "bench/seed.py", "versions", str(renders // 2)], cwd=ROOT, env=env, check=True)
    worker = subprocess.Popen(
        [PY, "manage.py", "db_worker", "--no-reload", "--interval", "0.2", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    readings: dict[int, float] = {}
    try:
        assert worker.stderr is not None
        done = 0
        for line in worker.stderr:  # one "state=SUCCESSFUL" line per finished task
            if "render_pdf state=SUCCESSFUL" in line:
                done += 1
                if done in (20, renders):
                    readings[done] = rss_mib(worker.pid)
                if done >= renders:
                    break
            elif "state=FAILED" in line:
                raise RuntimeError(line)
    finally:
        stop(worker)
    print(
        f"\nworker memory after 20 PDF renders: {readings[20]:.0f} MiB; after {renders}: {readings[renders]:.0f} MiB "
        f"(ratio {readings[renders] / readings[20]:.2f}, targets <= 1.2 and < 250 MiB)"
    )


def _migrations() -> set[str]:
    return {f"{path.parent.parent.name}/{path.stem}" for path in ROOT.glob("*/migrations/0*.py")}


def _seed_code_digest() -> str:
    """The seed's code as Python reads it: a comment or a docstring reworded makes the same seed."""
    tree = ast.parse((ROOT / "bench" / "seed.py").read_text())
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef) and body and _is_docstring(body[0]):
            node.body = body[1:] or [ast.Pass()]
    return hashlib.sha256(ast.dump(tree).encode()).hexdigest()[:12]


def _is_docstring(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )


def _seed_dir() -> Path:
    """One saved seed per engine, size and seed code. A seed saved under older migrations is still used, migrated
    forward (`main` runs `migrate` after restoring it, as a deployment migrates a practice's data, data migrations
    included); one saved under a migration that no longer exists is made again."""
    size = f"{os.environ.get('BENCH_COUPLES', '10000')}x{os.environ.get('BENCH_THERAPISTS', '20')}"
    return SEEDS / f"{engine().lower()}-{size}-{_seed_code_digest()}"


def _usable(saved: Path) -> bool:
    listed = saved / "migrations.txt"
    if not (saved / "keys.json").exists() or not listed.exists():
        return False
    return set(listed.read_text().split()) <= _migrations()


def _pg(tool: str, *args: str) -> None:
    url = urlsplit(os.environ["DATABASE_URL"])
    where = ["-h", url.hostname or "127.0.0.1", "-p", str(url.port or 5432), "-U", url.username or "postgres"]
    subprocess.run(
        [str(PG_BIN / tool), *where, *args], check=True, env={**os.environ, "PGPASSWORD": url.password or ""}
    )


def _database_name() -> str:
    return urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/")


def seeded(var_dir: Path) -> dict[str, str]:
    """Restore the saved seed into this run's database, or make it and save it; returns its keys."""
    saved = _seed_dir()
    sqlite_file = var_dir / "attune.sqlite3"
    if not _usable(saved):
        from cryptography.fernet import Fernet

        keys = {"secret": secrets.token_urlsafe(50), "fernet": Fernet.generate_key().decode()}
        env = production_env(str(var_dir), keys)
        if engine() == "PostgreSQL":
            _pg("dropdb", "--if-exists", _database_name())
            _pg("createdb", _database_name())
        for command in (["migrate", "--noinput", "-v0"], ["createcachetable"]):
            subprocess.run([PY, "manage.py", *command], cwd=ROOT, env=env, check=True)
        start = time.monotonic()
        subprocess.run([PY, "bench/seed.py", "data"], cwd=ROOT, env=env, check=True)
        print(f"seed made in {time.monotonic() - start:.0f} s; saved in {saved.relative_to(ROOT)}")
        saved.mkdir(parents=True, exist_ok=True)
        if engine() == "PostgreSQL":
            _pg("pg_dump", "-Fc", "-f", str(saved / "dump"), _database_name())
        else:
            shutil.copyfile(sqlite_file, saved / "attune.sqlite3")
        (saved / "keys.json").write_text(json.dumps(keys))
        (saved / "keys.json").chmod(0o600)
        (saved / "migrations.txt").write_text("\n".join(sorted(_migrations())) + "\n")
        return keys
    start = time.monotonic()
    if engine() == "PostgreSQL":
        _pg("dropdb", "--if-exists", _database_name())
        _pg("createdb", _database_name())
        _pg("pg_restore", "--no-owner", "-d", _database_name(), str(saved / "dump"))
    else:
        shutil.copyfile(saved / "attune.sqlite3", sqlite_file)
    print(f"seed restored from {saved.relative_to(ROOT)} in {time.monotonic() - start:.0f} s")
    return json.loads((saved / "keys.json").read_text())


def analyze(env: dict[str, str]) -> None:
    """Planner statistics, as a database in service has them: a restored dump has none until autovacuum gets to
    it, part-way through a run, and the same page measured 9 or 44 requests a second on PostgreSQL depending on
    whether its queries were planned before or after (bench/README.md)."""
    statement = "from django.db import connection; connection.cursor().execute('ANALYZE')"
    subprocess.run([PY, "manage.py", "shell", "-c", statement], cwd=ROOT, env=env, check=True)


def deployed(env: dict[str, str]) -> None:
    """What a deployment runs before it serves (README, "Production"): the restored seed migrated forward, the cache
    table, and the exercise library as this checkout has it. A seed saved before the library had its Arabic texts
    served pages that read an exercise's translations without any (bench/README.md, seventh part)."""
    for command in (["migrate", "--noinput", "-v0"], ["createcachetable"], ["loadexercises"]):
        subprocess.run([PY, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    analyze(env)


def main() -> None:
    var_dir = Path(os.environ["ATTUNE_VAR_DIR"])
    env = production_env(str(var_dir), seeded(var_dir))
    deployed(env)
    seed = json.loads(
        subprocess.run(
            [PY, "bench/seed.py", "sessions"], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        ).stdout.splitlines()[-1]
    )
    workers = WORKERS or f"{configured_workers()} (gunicorn.conf.py)"
    print(
        f"{engine()}: {seed['couples']} couples; gunicorn workers: {workers}; "
        f"wrk -t2 -c{CONNECTIONS}, {DURATION} a page in {ROUNDS} rounds"
    )
    http_table(env, seed, var_dir)
    if os.environ.get("BENCH_RENDERS", "200") != "0":
        memory_after_renders(env, seed)


if __name__ == "__main__":
    main()
