"""HTTP benchmark: gunicorn with production settings (2 workers) on loopback, driven by wrk.

Run by `make bench` against a throwaway database seeded with 1,000 couples (bench/seed.py).
Every page is measured in the same run as /healthz, the framework's floor, and reported as a
ratio to it. Then worker memory across PDF renders.
"""

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
DURATION = os.environ.get("BENCH_DURATION", "8s")
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
QUIET = ["--access-logfile", "/dev/null"]
CSRF = secrets.token_hex(16)  # a 32-character CSRF secret, sent as cookie and form field alike


def production_env(var_dir: str) -> dict[str, str]:
    from cryptography.fernet import Fernet

    return {
        **os.environ,
        "ATTUNE_DEBUG": "0",
        "ATTUNE_SECRET_KEY": secrets.token_urlsafe(50),
        "ATTUNE_ALLOWED_HOSTS": "127.0.0.1",
        "ATTUNE_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "ATTUNE_VAR_DIR": var_dir,
        "ATTUNE_SSL_REDIRECT": "0",  # wrk speaks plain HTTP on loopback; TLS ends at the proxy in production
        "ATTUNE_REQUIRE_2FA": "0",  # the seeded therapist session is not OTP-verified
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(env: dict[str, str], port: int, workers: int = 2) -> subprocess.Popen:
    process = subprocess.Popen(
        # gunicorn.conf.py logs every request, as production does; the lines go nowhere here.
        [GUNICORN, "clinic.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}", "--log-level", "warning", *QUIET],
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


def wrk(url: str, headers: dict[str, str], script: str | None = None) -> dict[str, float]:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency"]
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


def http_table(env: dict[str, str], seed: dict, tmp: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    therapist = {"Cookie": f"sessionid={seed['therapist_cookie']}"}
    partner = {"Cookie": f"sessionid={seed['partner_cookie']}; csrftoken={CSRF}"}
    body = f"csrfmiddlewaretoken={CSRF}&action=save&" + "&".join(f"o{n}={1 + n % 5}" for n in range(1, 9))
    pages = [
        ("/healthz (floor)", "/healthz", {}, None),
        ("intake step GET", "/i/step/3/", partner, None),
        ("intake step POST (save)", "/i/step/3/", partner, post_script(tmp / "post.lua", body)),
        (f"dashboard (page 1 of {seed['couples']})", "/couples/", therapist, None),
        ("comparison page", f"/couples/{seed['answered']}/comparison/", therapist, None),
        ("plan page", f"/couples/{seed['answered']}/plan/", therapist, None),
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
        results = [(label, wrk(base + path, headers, script)) for label, path, headers, script in pages]
    finally:
        stop(server)
    floor = results[0][1]["rps"]
    print(f"\n{'page':<36}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'ratio':>8}{'errors':>8}")
    for label, r in results:
        print(f"{label:<36}{r['rps']:>9.0f}{r['p50']:>9.2f}{r['p99']:>9.2f}{r['rps'] / floor:>8.3f}{r['bad']:>8}")


def rss_mib(pid: int) -> float:
    text = Path(f"/proc/{pid}/status").read_text()
    return int(_found(r"VmRSS:\s+(\d+)", text)[0]) / 1024


def memory_after_renders(env: dict[str, str], seed: dict) -> None:
    port = free_port()
    env = {**env, "ATTUNE_PDF_CACHE_SECONDS": "0"}  # every download renders
    server = start_gunicorn(env, port, workers=1)
    url = f"http://127.0.0.1:{port}/couples/{seed['answered']}/plan.pdf"
    headers = {"Cookie": f"sessionid={seed['therapist_cookie']}"}
    try:
        worker = int(subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()[0])
        readings = {}
        for count in range(1, int(os.environ.get("BENCH_RENDERS", "200")) + 1):
            assert status(url, headers) == 200
            if count in (20, 200):
                readings[count] = rss_mib(worker)
    finally:
        stop(server)
    last = max(readings)
    print(
        f"\nworker memory after 20 PDF renders: {readings[20]:.0f} MiB; after {last}: {readings[last]:.0f} MiB "
        f"(ratio {readings[last] / readings[20]:.2f}, targets <= 1.2 and < 250 MiB)"
    )


def main() -> None:
    var_dir = Path(os.environ["ATTUNE_VAR_DIR"])
    env = production_env(str(var_dir))
    for command in (["migrate", "--noinput", "-v0"], ["createcachetable"]):
        subprocess.run([PY, "manage.py", *command], cwd=ROOT, env=env, check=True)
    seed = json.loads(
        subprocess.run(
            [PY, "bench/seed.py"], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        ).stdout.splitlines()[-1]
    )
    print(f"seeded {seed['couples']} couples; wrk -t2 -c{CONNECTIONS} -d{DURATION}")
    http_table(env, seed, var_dir)
    if os.environ.get("BENCH_RENDERS") != "0":
        memory_after_renders(env, seed)


if __name__ == "__main__":
    main()
