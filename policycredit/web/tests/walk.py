"""The acceptance walk of issue 19: every role signs in and opens every page of its own menu at
1366x768, as an office's screen shows it, and each page is judged as a first user would judge
it: it fits the screen, it speaks Vietnamese, it does not fail.

The menu is read from the page itself (the sidebar's links), so a page added to the menu is
walked the day it is added. Beyond the menu, the walk opens what a menu page lists as its own
pages (every report on the reports' index) and the first record of a list, where forms and
details live.

Used by the browser test (test_walk.py) over the test world, and from the command line over
any running server, e.g. the demo:

    .venv/bin/python -m policycredit.web.tests.walk http://127.0.0.1:8000
"""

import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import TimeoutError as PlaywrightTimeout

WIDTH, HEIGHT = 1366, 768
PASSWORD = "demo"

# One user of every role (policycredit.accounts.roles.Role), the demo's own.
USERS = {
    "teller": "giaodich",
    "controller": "kiemsoat",
    "credit_officer": "tindung",
    "accountant": "ketoan",
    "director": "giamdoc",
    "ward_officer": "phuong.vinhtuy",
    "organisation_officer": "hoiphunu",
    "group_leader": "totruong",
    "board_member": "bandaidien",
    "administrator": "admin",
}

MENU = "#nav-sidebar-apps a[href]"
# A menu page that is an index of pages: the pages it lists are walked too.
LISTED = {"/reports/": "[data-testid=reports] a[href]"}
# The first record of a Django admin list: its form is where selects and labels live.
FIRST_RECORD = "#result_list tbody tr:first-child a[href]"
# A menu page whose answer is a page of its own: the button that asks for it (the calculator's
# result, worked out on the example the form opens with).
ANSWERED = {"/credit/calculator/": "[data-testid=calculate]"}

# Common words of an English interface. None of them is a Vietnamese word written without
# marks that a page would show ("an", "do", "in", "con", "ban", "tin" are left out for that).
ENGLISH = frozenset(
    """
    the and of to for with from by at on or is are not this that these those there be been
    has have had was were will would can could should your you please it its if but than then
    when where who what which how any each every only also into per other more less all
    save delete add change search filter filters date name amount total status view edit
    history select none yes no home log out logout login sign password user users loan loans
    group groups household households person persons report reports day days month months
    year years week today yesterday tomorrow back cancel submit print download export import
    open close closed new list details detail welcome action actions clear run result results
    page next previous show hide error errors warning recent object objects model models
    application applications item items go apply reset balance interest principal savings
    deposit fee fees rate rates overdue approve approved reject rejected approvals pending
    dashboard overview calculator settings language help true false unknown empty count
    number code type description note notes created updated modified entries entry found
    field required choose chosen available remove click here link
    """.split()
)
# Proper names and codes that are the same in both languages, and Vietnamese names written
# without marks that are English words too (Xã Châu Can, Nguyễn Thị Loan): capitalised only,
# so "loan" in a sentence is still caught.
ALLOWED = frozenset(
    """
    PolicyCredit English VBSP CCCD CMND PDF Excel XLSX CSV TOTP OK ID QR
    Can Loan
    """.split()
)

# What a page's text is, for a reader: the text nodes a person can see (no icon ligatures,
# scripts, or what is hidden), the labels of buttons and fields, the options of visible lists,
# and the window's title.
PAGE_FACTS = """() => {
  const root = document.documentElement;
  const seen = [];
  // Commands and codes (<code>) are in no language; icons' ligatures are not words.
  const hidden = 'script,style,noscript,template,code,kbd,samp,'
    + '[class*="material-symbols"],[aria-hidden="true"]';
  const visible = (el) => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || el.closest(hidden) || !visible(el)) continue;
    seen.push(node.textContent);
  }
  const dashes = [];
  for (const el of document.querySelectorAll('input, select, textarea, button')) {
    if (!visible(el)) continue;
    if (el.placeholder) seen.push(el.placeholder);
    const pressed = el.type === 'submit' || el.type === 'button';
    if (el.tagName === 'INPUT' && pressed) seen.push(el.value);
    if (el.tagName === 'SELECT') {
      for (const o of el.options) {
        seen.push(o.text);
        if (/^\\s*-{3,}\\s*$/.test(o.text)) dashes.push(el.name || el.id);
      }
    }
  }
  seen.push(document.title);
  // Labels of the project's own pages that read with a small first letter.
  const small = [];
  for (const el of document.querySelectorAll('.pc-page th, .pc-page dt, .pc-page label')) {
    const t = el.innerText.trim();
    const c = t.charAt(0);
    if (!c || c === c.toUpperCase() || !visible(el)) continue;
    const raised = getComputedStyle(el, '::first-letter').textTransform === 'uppercase'
      && getComputedStyle(el).display !== 'inline';
    if (!raised) small.push(t.slice(0, 30));
  }
  // What is cut off: wider than the window with no frame of its own to scroll in.
  const cut = [];
  for (const el of document.querySelectorAll('table, pre, form, img, canvas, svg, .pc-card')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= root.clientWidth + 1) continue;
    let framed = false;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      if (o === 'auto' || o === 'scroll') { framed = true; break; }
    }
    if (framed) continue;
    const kind = typeof el.className === 'string' && el.className.trim()
      ? '.' + el.className.trim().split(/\\s+/)[0] : '';
    cut.push(`${el.tagName.toLowerCase()}${kind} ${Math.round(r.width)} px`);
  }
  return {
    lang: root.lang,
    scrollWidth: root.scrollWidth,
    clientWidth: root.clientWidth,
    text: seen.join('\\n'),
    dashes: dashes,
    small: small.slice(0, 3),
    cut: cut.slice(0, 3),
  };
}"""

SERVER_ERROR = re.compile(r"Server Error|Traceback|Internal Server Error|OperationalError")
# Internal names where people are meant: "app.model" labels of the project's apps.
INTERNAL = re.compile(
    r"\b(?:accounts|audit|borrowers|calendar|capital|closing|common|fees|geo|inspections|"
    r"jobs|ledger|loans|network|programmes|registers|reporting|restructuring|savings|"
    r"transactiondays)\.[a-z_]{3,}\b"
)
WORD = re.compile(r"[^\W\d_]+(?:'[a-z]+)?")


def english_words(text: str) -> list[str]:
    """The English UI words of a text, in the order they first appear."""
    found = []
    for word in WORD.findall(text):
        if word in ALLOWED or not word.isascii():
            continue
        if word.lower() in ENGLISH and word not in found:
            found.append(word)
    return found


@dataclass
class Visit:
    role: str
    path: str
    status: int
    seconds: float
    problems: list[str] = field(default_factory=list)


def screens_folder(project: Path) -> Path:
    return Path(os.environ.get("POLICYCREDIT_SCREENSHOTS") or project / "build" / "screens")


def _slug(path: str) -> str:
    parts = urlsplit(path)
    name = (parts.path.strip("/") or "home").replace("/", "_")
    if parts.fragment:
        name += "_" + parts.fragment
    if parts.query:
        name += "_" + re.sub(r"[^A-Za-z0-9]+", "-", parts.query)
    return name[:120]


def log_in(page, base: str, username: str):
    """Signs in: the answer of the page the sign-in lands on, and when it was asked for."""
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    started = time.monotonic()
    with page.expect_navigation() as landed:
        page.click("button[type=submit]")
    page.wait_for_load_state()
    if "/login/" in page.url:
        raise AssertionError(f"{username} could not sign in with the demo password")
    return landed.value, started


def judge(page, response) -> list[str]:
    problems = []
    status = response.status if response else 0
    if status >= 500 or not response:
        problems.append(f"server error {status}")
    facts = page.evaluate(PAGE_FACTS)
    if SERVER_ERROR.search(facts["text"]):
        problems.append("server error text on the page")
    if facts["scrollWidth"] > facts["clientWidth"] + 1:
        wide, window = facts["scrollWidth"], facts["clientWidth"]
        problems.append(f"page {wide} px wide in a {window} px window")
    if facts["cut"]:
        problems.append("cut off: " + ", ".join(facts["cut"]))
    if facts["lang"] != "vi":
        problems.append(f"page language {facts['lang']!r}, not vi")
    if english := english_words(facts["text"]):
        problems.append("English: " + " ".join(english[:12]))
    if facts["dashes"]:
        problems.append("'---------' in " + ", ".join(sorted(set(facts["dashes"]))))
    if facts["small"]:
        problems.append("label starts small: " + " | ".join(facts["small"]))
    if internal := sorted(set(INTERNAL.findall(facts["text"]))):
        problems.append("internal names: " + ", ".join(internal[:5]))
    return problems


def _links(page, selector: str, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all(selector, "els => els.map(e => e.getAttribute('href'))")
    out = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.netloc and f"{parts.scheme}://{parts.netloc}" != base:
            continue  # another site
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path.startswith("/") and "/file/" not in path and path not in out:
            out.append(path)
    return out


def _visit(page, role, path, response, started, folder) -> Visit:
    visit = Visit(role, path, response.status if response else 0, 0.0)
    visit.problems = judge(page, response)
    visit.seconds = time.monotonic() - started
    if folder is not None:
        # JPEG: a third of a PNG's time for a screen a reader only looks at.
        page.screenshot(path=str(folder / f"{_slug(path)}.jpg"), type="jpeg", quality=70)
    return visit


def walk_role(
    browser,
    base: str,
    role: str,
    username: str,
    screens: Path | None,
    followers: bool = True,
    judged: set | None = None,
) -> list[Visit]:
    """Sign in once, then open every page of the menu and (`followers`) what an index lists,
    each list's first record and the calculator's answer; a screenshot of each goes to
    screens/<role>/<page>.jpg (none when `screens` is None)."""
    context = browser.new_context(
        viewport={"width": WIDTH, "height": HEIGHT}, locale="vi-VN", accept_downloads=False
    )
    # A page that takes a minute has failed its reader; the walk says so and goes on.
    context.set_default_timeout(60_000)
    page = context.new_page()
    visits = []
    try:
        response, started = log_in(page, base, username)
        menu = _links(page, MENU, base)
        if not menu:
            raise AssertionError(f"{role}: no menu on the first page")
        # `judged`: the pages another role's walk has judged already (the suite's walk judges
        # each page once; the command line's judges every role's every page).
        queue, done = list(menu), set(judged or ())
        folder = None if screens is None else screens / role
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
        # The page the sign-in lands on (the overview) is a menu page: judged where it stands,
        # not opened a second time.
        landed = urlsplit(page.url)
        landed = landed.path + (f"?{landed.query}" if landed.query else "")
        if landed in menu:
            done.add(landed)
            visits.append(_visit(page, role, landed, response, started, folder))
        while queue:
            path = queue.pop(0)
            if path in done:
                continue
            done.add(path)
            started = time.monotonic()
            try:
                response = page.goto(base + path, wait_until="load")
            except PlaywrightTimeout:
                visits.append(
                    Visit(role, path, 0, time.monotonic() - started, ["no answer in 60 s"])
                )
                continue
            visits.append(_visit(page, role, path, response, started, folder))
            if judged is not None:
                judged.add(path)
            if not followers:
                continue
            if path in ANSWERED and page.locator(ANSWERED[path]).count():
                started = time.monotonic()
                with page.expect_navigation() as answer:
                    page.locator(ANSWERED[path]).first.click()
                visits.append(_visit(page, role, path + "#answer", answer.value, started, folder))
            if path in LISTED:
                queue.extend(_links(page, LISTED[path], base))
            elif path in menu:
                queue.extend(_links(page, FIRST_RECORD, base)[:1])
    finally:
        context.close()
    return visits


def walk(
    browser,
    base: str,
    screens: Path | None,
    users=None,
    followers=("administrator",),
    once: bool = False,
):
    """Every role's walk. Beyond the menus, only the `followers` roles open the pages menu
    pages lead to: the administrator's are every form and report there is, and the walk stays
    within its time. With `once`, every role signs in and reads its menu, but a page another
    role has judged already is not opened again (the suite's walk: the access matrix asks every
    role's every page; what the walk adds, width and wording, is the page's template's)."""
    visits, judged = [], set() if once else None
    for role, username in (users or USERS).items():
        visits.extend(walk_role(browser, base, role, username, screens, role in followers, judged))
    return visits


def slowest(visits: list[Visit], n: int = 5) -> list[Visit]:
    return sorted(visits, key=lambda v: -v.seconds)[:n]


def report(visits: list[Visit]) -> str:
    lines = [f"{v.role:<21} {v.path}: {'; '.join(v.problems)}" for v in visits if v.problems]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    followers = tuple(USERS) if "--all" in argv else ("administrator",)
    argv = [a for a in argv if a != "--all"]
    base = (argv[1] if len(argv) > 1 else "http://127.0.0.1:8000").rstrip("/")
    screens = screens_folder(Path.cwd())
    started = time.monotonic()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        try:
            visits = walk(browser, base, screens, followers=followers)
        finally:
            browser.close()
    failing = [v for v in visits if v.problems]
    print(report(visits))
    print(
        f"{len(visits)} pages, {len(failing)} with problems, {time.monotonic() - started:.0f} s;"
        f" slowest: " + ", ".join(f"{v.path} {v.seconds:.1f} s" for v in slowest(visits))
    )
    print(f"screenshots: {screens}")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
