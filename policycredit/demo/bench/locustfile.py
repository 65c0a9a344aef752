"""The people of ``policycredit bench load``, for Locust: tellers, controllers and directors
working the real screens of the production server, as a browser would.

Locust runs this in its own process (``policycredit bench load`` starts it): it patches the
standard library with gevent, so this module imports nothing of Django or of the project. It
reads the plan the bench built (``POLICYCREDIT_LOAD_PLAN``) and writes a journal, one JSON line
per entry sheet the server acknowledged and per day submitted or signed off
(``POLICYCREDIT_LOAD_JOURNAL``), from which the bench proves afterwards that nothing saved was
lost or posted twice.

* A teller signs in through the sign-in form, then works its own points one by one: opens the
  day, opens each group's entry sheet, types what the group leader brought (the sheet's
  interest and principal due, and a member's savings) and saves it as the entry screen's script
  does (a form post asking for JSON); now and then the same sheet is sent twice, as after a
  double click or a dropped connection. A group that brought nothing gets its note that it
  brought nothing, with the reason (a day is not submitted without one). Then it counts the
  cash and submits the day, and tells a controller (they sit at the same table).
* A controller opens each day handed to it, then its confirmation page (what will be posted),
  and confirms it: the day is signed off and posted, as it was shown.
* A director opens the dashboard, the overview and the reports, and reads each for a while
  (ten times a teller's thought).

Requests are named by kind, so Locust's figures group them. Between two steps a person thinks:
``POLICYCREDIT_LOAD_THINK`` seconds on average.
"""

import itertools
import json
import os
import random
import re
import time

import gevent
from gevent.event import Event
from gevent.queue import Empty, Queue
from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser

PLAN = json.loads(open(os.environ["POLICYCREDIT_LOAD_PLAN"], encoding="utf-8").read())
JOURNAL = open(os.environ["POLICYCREDIT_LOAD_JOURNAL"], "a", encoding="utf-8", buffering=1)
THINK = float(os.environ.get("POLICYCREDIT_LOAD_THINK", "10"))
SECONDS = float(os.environ["POLICYCREDIT_LOAD_SECONDS"])
SERVER_SESSION = int(os.environ.get("POLICYCREDIT_LOAD_SERVER_SESSION", "0"))
PEOPLE = len(PLAN["tellers"]) + len(PLAN["controllers"]) + len(PLAN["directors"])
# Everyone signs in first (a password hash is slow on purpose: a few hundred at once would
# swamp the work being measured); the work starts when all are in, or after this long.
SIGN_IN_SECONDS = 30 + PEOPLE
STAGGER_THOUGHTS = 3
SENT_TWICE = 0.1  # share of entry sheets sent a second time
SAVINGS = [0, 0, 20_000, 50_000, 50_000, 100_000, 200_000]  # what members bring, in đồng
NOTES = [500_000, 200_000, 100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000, 500, 200, 100]

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
AMOUNT = re.compile(r'<input class="pc-amount" name="([pisw]-\d+)"[^>]*?value="([^"]*)"')
DAY_URL = re.compile(r"/day/(\d+)/$")
EXPECTED = re.compile(r'data-testid="expected">([^<]*)<')
SEEN = re.compile(r'name="seen" value="([^"]*)"')

TELLERS = iter(PLAN["tellers"])
CONTROLLERS = iter(PLAN["controllers"])
DIRECTORS = iter(PLAN["directors"])
READY: Queue = Queue()  # days submitted, waiting for a controller
RANDOM = random.Random(2014)
SIGNED_IN = itertools.count(1)
WORK = Event()


@events.test_start.add_listener
def _clock(environment, **_kwargs):
    """Open the measured window when everyone is in, close the run when it ends."""

    def clock():
        WORK.wait(timeout=SIGN_IN_SECONDS)
        WORK.set()
        started, before = time.time(), cpu_seconds()
        gevent.sleep(SECONDS)
        after = cpu_seconds()
        used = {k: round(after[k] - before.get(k, 0), 1) for k in after}
        note(window={"start": started, "end": time.time(), "cpu_seconds": used})
        environment.runner.quit()

    gevent.spawn(clock)


def cpu_seconds() -> dict:
    """CPU seconds used so far on this machine (Linux's /proc), by whom: the web server (its
    session), the database, this load generator, anything else; and the machine in all."""
    used = dict.fromkeys(("web", "database", "load generator", "other"), 0.0)
    tick = os.sysconf("SC_CLK_TCK")
    try:
        with open("/proc/stat") as stat:
            machine = [int(n) for n in stat.readline().split()[1:]]
        pids = [name for name in os.listdir("/proc") if name.isdigit()]
    except OSError:
        return {}
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                text = stat.read()
        except OSError:
            continue  # ended meanwhile
        name = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        # Own time and that of children already reaped (a database backend, one a request).
        seconds = sum(int(n) for n in fields[11:15]) / tick
        if int(fields[3]) == SERVER_SESSION:
            used["web"] += seconds
        elif name.startswith("postgres"):
            used["database"] += seconds
        elif int(pid) == os.getpid():
            used["load generator"] += seconds
        else:
            used["other"] += seconds
    used["machine"] = (sum(machine) - machine[3] - machine[4]) / tick  # all but idle, iowait
    return used


def note(**fact) -> None:
    JOURNAL.write(json.dumps(fact) + "\n")


def token_of(html: str | None) -> str:
    found = TOKEN.search(html or "")
    return found.group(1) if found else ""


def typed(amount: int) -> str:
    """An amount as a teller types it: with the thousands dots or without."""
    return f"{amount:,}".replace(",", ".") if RANDOM.random() < 0.5 else str(amount)


def banknotes(amount: int) -> dict:
    """The till, counted by banknote; the few đồng below the smallest note stay uncounted."""
    counts = {}
    for value in NOTES:
        counts[f"n{value}"], amount = divmod(amount, value)
    return counts


class Person(FastHttpUser):
    abstract = True
    wait_time = between(0.5 * THINK, 1.5 * THINK)
    username = ""

    def sign_in(self) -> None:
        page = self.client.get("/login/", name="sign-in page")
        form = {
            "csrfmiddlewaretoken": token_of(page.text),
            "username": self.username,
            "password": PLAN["password"],
            "next": "/",
        }
        with self.client.post(
            "/login/", data=form, name="sign in", allow_redirects=False, catch_response=True
        ) as reply:
            if reply.status_code != 302:
                reply.failure(f"{self.username} was not signed in ({reply.status_code})")
        if next(SIGNED_IN) == PEOPLE:
            WORK.set()
        WORK.wait()
        # People do not all start at the same instant: a burst of everyone's first page would
        # be measured as if it were the day's load.
        gevent.sleep(RANDOM.uniform(0, STAGGER_THOUGHTS * THINK))

    def post_form(self, url: str, form: dict, name: str) -> str | None:
        """A form posted as a browser does; the page it redirects to, or None if refused."""
        with self.client.post(
            url, data=form, name=name, allow_redirects=False, catch_response=True
        ) as reply:
            if reply.status_code != 302:
                reply.failure(f"{name}: {reply.status_code} {(reply.text or '')[:300]}")
                return None
            return reply.headers.get("Location", "")


class Teller(Person):
    fixed_count = len(PLAN["tellers"])

    def on_start(self):
        me = next(TELLERS)
        self.username, self.points = me["username"], list(me["points"])
        self.sign_in()

    @task
    def work_a_day(self):
        if not self.points:
            return  # every point of this teller is done: it waits out the run
        point = self.points.pop(0)
        listing = self.client.get("/day/", name="days list")
        self.token = token_of(listing.text)
        self.wait()
        location = self.post_form(
            "/day/",
            {
                "csrfmiddlewaretoken": self.token,
                "point": point["id"],
                "on": PLAN["day"],
                "cash_brought": "0",
            },
            "open day",
        )
        found = DAY_URL.search(location or "")
        if not found:
            return
        day = int(found.group(1))
        self.token = token_of(self.client.get(f"/day/{day}/", name="day page").text) or self.token
        for group in point["groups"]:
            self.wait()
            if not self.enter_group(day, group):
                self.wait()
                self.nothing_from(day, group)
        self.wait()
        # The teller counts the till against what the day page expects.
        page = self.client.get(f"/day/{day}/", name="day page")
        found = EXPECTED.search(page.text or "")
        cash = int(re.sub(r"\D", "", found.group(1)) or 0) if found else 0
        self.wait()
        counted = {"csrfmiddlewaretoken": self.token, "action": "cash", **banknotes(cash)}
        if cash % 100:
            counted["note"] = "Tiền lẻ dưới 100 đồng không đếm"
        if self.post_form(f"/day/{day}/", counted, "count cash") is None:
            return
        self.wait()
        form = {"csrfmiddlewaretoken": self.token, "action": "submit"}
        if self.post_form(f"/day/{day}/", form, "submit day") is None:
            return
        note(submitted=day, teller=self.username)
        READY.put(day)

    def enter_group(self, day: int, group: int) -> bool:
        """One group's sheet typed and saved; False if the group brought nothing to type."""
        url = f"/day/{day}/groups/{group}/"
        sheet = self.client.get(url, name="entry sheet")
        self.token = token_of(sheet.text) or self.token
        values = {}
        for name, shown in AMOUNT.findall(sheet.text or ""):
            due = int(shown or 0)
            if name.startswith("s-"):
                due = RANDOM.choice(SAVINGS)
            elif name.startswith("w-"):
                due = 0
            values[name] = due
        if not any(values.values()):
            return False
        self.wait()  # typing
        form = {"csrfmiddlewaretoken": self.token, **{k: typed(v) for k, v in values.items()}}
        if self.save(url, form, "save entry sheet"):
            note(day=day, group=group, values=values)
            if RANDOM.random() < SENT_TWICE:
                self.save(url, form, "save entry sheet (sent again)")
        return True

    def nothing_from(self, day: int, group: int) -> None:
        """The note that a group brought nothing today, as the day page's form sends it."""
        form = {
            "csrfmiddlewaretoken": self.token,
            "action": "no_collection",
            "group": group,
            "reason": "Tổ không nộp gì hôm nay",
        }
        self.post_form(f"/day/{day}/", form, "no collection")

    def save(self, url: str, form: dict, name: str) -> bool:
        with self.client.post(
            url, data=form, headers={"X-Requested-With": "fetch"}, name=name, catch_response=True
        ) as reply:
            try:
                answer = json.loads(reply.text or "{}")
            except ValueError:
                answer = {}
            if reply.status_code != 200 or not answer.get("ok"):
                reply.failure(f"{name}: {reply.status_code} {(reply.text or '')[:300]}")
                return False
            return True


class Controller(Person):
    fixed_count = len(PLAN["controllers"])

    def on_start(self):
        self.username = next(CONTROLLERS)
        self.sign_in()

    @task
    def sign_off_a_day(self):
        try:
            day = READY.get(timeout=THINK)
        except Empty:
            return
        self.client.get(f"/day/{day}/", name="day page (controller)")
        self.wait()  # reads the day and the cash count
        url = f"/day/{day}/sign-off/"
        with self.client.get(url, name="sign-off page", catch_response=True) as page:
            seen = SEEN.search(page.text or "")
            if page.status_code != 200 or not seen:
                page.failure(f"sign-off page: {page.status_code}, no summary to confirm")
                return
        self.wait()  # checks the totals per kind and per group
        # Confirms exactly what the page showed: the fingerprint of that summary.
        form = {"csrfmiddlewaretoken": token_of(page.text), "seen": seen.group(1)}
        if self.post_form(url, form, "sign off") is not None:
            note(signed_off=day, controller=self.username)


class Director(Person):
    fixed_count = len(PLAN["directors"])
    # A director reads what a page says (a dashboard, a report of the office) before the next.
    wait_time = between(5 * THINK, 15 * THINK)

    def on_start(self):
        self.username = next(DIRECTORS)
        self.sign_in()
        self.reports = itertools.cycle(PLAN["reports"])

    @task(3)
    def dashboard(self):
        self.client.get("/reports/dashboard/", name="dashboard")

    @task(1)
    def overview(self):
        self.client.get("/", name="overview")

    @task(2)
    def report(self):
        name = next(self.reports)
        self.client.get(f"/reports/{name}/", name=f"report {name}")
