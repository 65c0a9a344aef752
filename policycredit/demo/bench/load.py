"""``policycredit bench load``: many people at once on the production server.

In a scratch database (a temporary SQLite file, or a PostgreSQL database made beside the one
given and dropped after), the bench builds an office with a point for every simulated teller's
day (`load_build`), collects the static files and starts ``policycredit serve`` (gunicorn, the
production settings, a secret key of its own, plain HTTP on 127.0.0.1 only). Locust, in a
process of its own, plays the tellers, controllers and directors (`locustfile`) until the
measured window ends. The server is then stopped, and the scratch database is proved: nothing
saved lost, nothing posted twice (`load_check`), and ``ledger check --deep``.

The figures: requests a second, each kind of request's 50th, 95th and 99th percentile and
errors (Locust's, from the people's side), and the entries posted a second at sign-off (the
server's own time for each sign-off).
"""

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from policycredit.demo.bench.load_build import GROUPS_PER_POINT
from policycredit.demo.bench.load_stats import kinds, summary, window_requests
from policycredit.demo.bench.scratch import scratch_database

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
SAVE = "save entry sheet"
TARGETS = {"save_p95_ms": 300, "entries_per_second_at_sign_off": 200}  # at 100 people
# A controller signs off what about five tellers submit (a day is two of its requests against
# a teller's fourteen, and each is read before it is signed); directors are few.
CONTROLLER_SHARE = 0.15
DIRECTOR_SHARE = 0.05


def people(users: int) -> tuple[int, int, int]:
    """Tellers, controllers and directors among ``users`` people."""
    if users < 3:
        raise ValueError("bench load needs at least 3 users: a teller, a controller, a director")
    controllers = max(1, round(users * CONTROLLER_SHARE))
    directors = max(1, round(users * DIRECTOR_SHARE))
    return users - controllers - directors, controllers, directors


def days_per_teller(seconds: float, think: float) -> int:
    """Enough points that a teller never runs out of days within the window (a day is about
    two requests a group and six more, a thought apart)."""
    a_day = (2 * GROUPS_PER_POINT + 6) * think
    return int(seconds // a_day) + 1


def run(
    *,
    users: int,
    seconds: int,
    database: str | None = None,
    think: float = 10.0,
    workers: int | None = None,
    progress=print,
) -> dict:
    tellers, controllers, directors = people(users)
    workers = workers or (os.cpu_count() or 1) * 2 + 1  # gunicorn_conf's own rule
    phases = _Phases(progress)
    with (
        tempfile.TemporaryDirectory(prefix="policycredit-load-") as folder,
        scratch_database(database, "load") as url,
    ):
        folder = Path(folder)
        base = _environment(url)
        server_env = _production(base, folder)
        # The static files need no database: collected while the office is built.
        collecting = subprocess.Popen(
            [sys.executable, "-m", "policycredit", "collectstatic", "--noinput", "-v0"],
            env=server_env,
        )
        try:
            with phases("migrate", "Migrating the scratch database…"):
                _manage(base, "migrate", "-v0")
            with phases("build", f"Building an office for {tellers} tellers…"):
                built = _python(
                    base,
                    "from policycredit.demo.bench.load_build import build; "
                    f"print(json.dumps(build(tellers={tellers}, controllers={controllers}, "
                    f"directors={directors}, "
                    f"days_per_teller={days_per_teller(seconds, think)})))",
                )
        finally:
            if collecting.wait() != 0:
                raise RuntimeError("collectstatic failed")
        plan = folder / "plan.json"
        plan.write_text(json.dumps(built["plan"]), encoding="utf-8")
        port = _free_port()
        log = folder / "server.log"
        journal = folder / "journal.jsonl"
        server = _Server(server_env, port, workers, log)
        try:
            with phases("start", f"Starting the server on 127.0.0.1:{port}, {workers} workers…"):
                server.start()
            with phases("run", f"{users} people signing in, then at work for {seconds} s…"):
                stats = _locust(base, folder, plan, journal, server, users, seconds, think)
        finally:
            server.stop()
        with phases("proof", "Proving the database: nothing lost or doubled, the deep check…"):
            proof = _python(
                base,
                "from policycredit.demo.bench.load_check import run; "
                f"print(json.dumps(run({str(journal)!r}, {str(log)!r})))",
            )
            deep = _deep_check(base)
        _keep(folder)
    return _figures(
        built,
        stats,
        proof,
        deep,
        database=base["DATABASE_URL"].split(":", 1)[0],
        users=users,
        people=(tellers, controllers, directors),
        seconds=seconds,
        think=think,
        workers=workers,
        port=port,
        phase_seconds=phases.seconds,
    )


class _Phases:
    """Says what the bench is doing, and keeps how long each step took."""

    def __init__(self, progress):
        self.progress, self.seconds = progress, {}

    @contextlib.contextmanager
    def __call__(self, name: str, message: str):
        self.progress(message)
        started = time.perf_counter()
        yield
        self.seconds[name] = round(time.perf_counter() - started, 1)


def _keep(folder: Path) -> None:
    """The run's plan, journal and logs, copied where POLICYCREDIT_LOAD_KEEP says (to read a
    failure afterwards)."""
    if os.environ.get("POLICYCREDIT_LOAD_KEEP"):
        shutil.copytree(
            folder,
            os.environ["POLICYCREDIT_LOAD_KEEP"],
            ignore=shutil.ignore_patterns("static", "staging"),
            dirs_exist_ok=True,
        )


def _environment(url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    if url.startswith("sqlite"):
        # Several web workers write at once: each transaction takes the write lock when it
        # begins and waits its turn, instead of failing on "database is locked".
        url += "?transaction_mode=IMMEDIATE&timeout=60"
    env.update(DATABASE_URL=url, POLICYCREDIT_MODE="demo")
    return env


def _production(base: dict, folder: Path) -> dict:
    """The production settings, on plain HTTP and this machine only, with a key of its own."""
    return {
        **base,
        "POLICYCREDIT_MODE": "production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SSL_REDIRECT": "0",
        "DJANGO_INSECURE_COOKIES": "1",
        "DJANGO_HSTS_SECONDS": "0",
        # The bench's people sign in with a password alone: no authenticator app to drive.
        "POLICYCREDIT_OTP_REQUIRED": "0",
        "STATIC_ROOT": str(folder / "static"),
        "POLICYCREDIT_STAGING": str(folder / "staging"),
        # gunicorn's control socket is one path per machine user: a bench must not take it
        # from a server already running here.
        "GUNICORN_CMD_ARGS": "--no-control-socket",
    }


def _manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "policycredit", *args], env=env, check=True)


def _python(env: dict, code: str) -> dict:
    setup = (
        "import django, json, os; "
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'policycredit.settings'); "
        "django.setup(); "
    )
    done = subprocess.run(
        [sys.executable, "-c", setup + code], env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"{code}\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Server:
    """``policycredit serve`` in a session of its own: the server and its workers are stopped
    together, and only they."""

    def __init__(self, env: dict, port: int, workers: int, log: Path):
        self.env, self.port, self.workers, self.log = env, port, workers, log
        self.process = None

    def start(self) -> None:
        command = [sys.executable, "-m", "policycredit", "serve"]
        command += ["--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers)]
        with open(self.log, "wb") as output:
            self.process = subprocess.Popen(
                command, env=self.env, stdout=output, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server stopped: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health/", timeout=5):
                    return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("the server did not answer /health/ within 120 s")

    def stop(self) -> None:
        """gunicorn finishes the requests in flight on SIGTERM (a sign-off being posted)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def _locust(base, folder, plan, journal, server, users, seconds, think) -> list[dict]:
    env = {
        **base,
        "POLICYCREDIT_LOAD_SERVER_SESSION": str(server.process.pid),
        "POLICYCREDIT_LOAD_PLAN": str(plan),
        "POLICYCREDIT_LOAD_JOURNAL": str(journal),
        "POLICYCREDIT_LOAD_THINK": str(think),
        "POLICYCREDIT_LOAD_SECONDS": str(seconds),
    }
    stats = folder / "locust"
    # The locustfile ends the run itself when the window closes; -t is only a safety net.
    limit = 60 + users + seconds + 120
    command = [
        sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
        "-u", str(users), "-r", str(min(users, 20)), "-t", f"{limit}s",
        "--host", f"http://127.0.0.1:{server.port}", "--json-file", str(stats), "--only-summary",
        "--exit-code-on-error", "0", "--loglevel", "WARNING",
    ]  # fmt: skip
    with open(folder / "locust.log", "wb") as output:
        done = subprocess.run(
            command, env=env, stdout=output, stderr=subprocess.STDOUT, timeout=limit + 60
        )
    if done.returncode != 0:
        raise RuntimeError(f"locust failed: {(folder / 'locust.log').read_text()[-3000:]}")
    return json.loads(Path(f"{stats}.json").read_text())


def _deep_check(env: dict) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "policycredit", "ledger", "check", "--deep", "--json"],
        env=env,
        capture_output=True,
        text=True,
    )
    reports, decoder, text = [], json.JSONDecoder(), done.stdout.strip()
    while text:
        report, end = decoder.raw_decode(text)
        reports.append(report)
        text = text[end:].strip()
    return {
        "ok": done.returncode == 0,
        "books_ok": all(r.get("books_ok", False) for r in reports) and bool(reports),
        "loans": sum(r.get("loans", 0) for r in reports),
        "seconds": round(sum(r.get("seconds", 0) for r in reports), 1),
        "differences": sum(r.get("differences", 0) for r in reports),
        "first_differences": [d for r in reports for d in r.get("first_differences", [])][:10]
        or done.stderr.strip().splitlines()[-10:],
    }


def _figures(built, stats, proof, deep, **run) -> dict:
    window = proof.pop("window") or {}
    seconds = (window.get("end", 0) - window.get("start", 0)) or run["seconds"]
    by_kind = kinds(stats)
    requests, errors = window_requests(by_kind)
    sign_off = proof["sign_off"]
    tellers, controllers, directors = run.pop("people")
    save = by_kind.get(SAVE, {})
    result = {
        **run,
        "tellers": tellers,
        "controllers": controllers,
        "directors": directors,
        "window_seconds": round(seconds, 1),
        "portfolio": built["portfolio"],
        "requests": requests,
        "requests_per_second": round(requests / seconds, 1),
        "errors": errors,
        "entries_posted_per_second_at_sign_off": sign_off["entries_per_second"],
        "entries_posted_per_second_of_window": round(proof["entries_posted"] / seconds, 1),
        "kinds": by_kind,
        # Who used the machine's cores during the window (seconds of CPU; "other" is anything
        # else running on the machine meanwhile).
        "cpu_seconds": {
            **window.get("cpu_seconds", {}),
            "available": round((os.cpu_count() or 1) * seconds, 1),
        },
        "proof": {**proof, "deep_check": deep},
        "checks_passed": proof["posted_exactly_once"] and deep["ok"],
    }
    result["targets"] = {
        "save_p95_ms": save.get("p95"),
        "save_p95_met": save.get("p95") is not None and save["p95"] <= TARGETS["save_p95_ms"],
        "sign_off_met": (sign_off["entries_per_second"] or 0)
        >= TARGETS["entries_per_second_at_sign_off"],
        "no_error": errors == 0,
    }
    result["summary"] = summary(result)
    return result
