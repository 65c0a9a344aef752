// The field app: starts from the phone's own copy (IndexedDB) so it opens with no signal,
// then, when there is a network, asks the bank who is signed in, which groups are theirs and
// which conflicts are open, and sends whatever waits. Screens are chosen by the address's
// #fragment, so a reload comes back to the same screen.
(function (Field) {
  "use strict";

  const { h, t } = Field.screens;
  const store = Field.store;
  const root = document.getElementById("field-main");
  const status = document.getElementById("field-status");
  Field.text = JSON.parse(document.getElementById("field-text").textContent);
  Field.urls = JSON.parse(document.getElementById("field-urls").textContent);

  const state = {
    me: null, // {user: {username, name, role}, business_date}
    groups: [],
    packs: new Map(),
    records: [],
    conflicts: [],
    online: navigator.onLine,
    signin: false, // the server said: not signed in
    forbidden: false,
    busy: "",
    message: null, // {text, cls}
    lastSend: "",
  };

  const RECORDING = new Set(Field.urls.collect_roles || []);
  const USING = new Set(Field.urls.use_roles || []);

  const app = {
    state,
    user: () => (state.me ? state.me.user.username : ""),
    role: () => (state.me ? state.me.user.role : ""),
    canRecord: () => RECORDING.has(app.role()),
    canUse: () => USING.has(app.role()),
    today: () => (state.me && state.me.business_date) || new Date().toISOString().slice(0, 10),
    groupCount: () => state.groups.length,
    groupInfo(id) {
      const listed = state.groups.find((g) => g.id === id);
      const pack = state.packs.get(id);
      return listed || (pack ? pack.group : null);
    },
    homeHref: () => (state.groups.length === 1 ? `#/g/${state.groups[0].id}` : "#/"),
    pendingCount: () => Field.records.pending(state.records, app.user()).length,
    conflicts() {
      // The server's open conflicts when it was last asked; the phone's own until then.
      const local = state.records
        .filter((r) => r.user === app.user() && r.status === "conflict" && r.conflict)
        .map((r) => ({
          ...r.conflict,
          key: r.key,
          name: r.name,
          membership_id: r.membership_id,
          recorded: { interest: r.body.interest, savings: r.body.savings },
          then: r.conflict.then || r.figures,
        }));
      const server = state.conflicts || [];
      const seen = new Set(server.map((c) => String(c.id)));
      return [...server, ...local.filter((c) => !seen.has(String(c.id)))];
    },
    reload,
    flash(text, cls) {
      state.message = { text, cls: cls || "fa-ok" };
    },
    download,
    send,
    resolve,
  };

  // --- the phone's copy ----------------------------------------------------------------

  async function reload() {
    const [me, groups, packs, records, conflicts] = await Promise.all([
      store.get("meta", "me"),
      store.get("meta", "groups"),
      store.all("packs"),
      store.all("records"),
      store.get("meta", "conflicts"),
    ]);
    state.me = me || null;
    state.groups = groups || [];
    const own = packs.filter((p) => !me || p.user === me.user.username);
    state.packs = new Map(own.map((p) => [p.group_id, p]));
    if (!state.groups.length && own.length) state.groups = own.map((p) => p.group);
    state.records = records;
    state.conflicts = conflicts || [];
  }

  // --- talking to the bank -------------------------------------------------------------

  function problem(e) {
    if (!(e instanceof Field.server.Problem)) throw e;
    if (e.kind === "offline") {
      state.online = false;
      app.flash(t("offline_now"), "fa-warn");
    } else if (e.kind === "signin") {
      state.signin = true;
    } else if (e.kind === "forbidden") {
      state.forbidden = true;
      if (app.canUse()) app.flash(e.message || t("forbidden"), "fa-error");
    } else {
      app.flash(e.message || t("server_error"), "fa-error");
    }
  }

  async function refresh() {
    if (!navigator.onLine) return;
    try {
      const me = await Field.server.me();
      state.signin = false;
      state.forbidden = false;
      state.online = true;
      const before = await store.get("meta", "me");
      if (before && before.user.username !== me.user.username) {
        // Another person on this phone: the previous one's lists go; their unsent records stay
        // (kept under their name, sent when they sign in again).
        await forget();
      }
      await store.put("meta", { user: me.user, business_date: me.business_date }, "me");
      await reload();
      const groups = await Field.server.groups();
      await store.put("meta", groups.groups || [], "groups");
      await reload();
      await loadConflicts();
      if (app.pendingCount()) await send(false);
    } catch (e) {
      problem(e);
      if (state.signin) await forget();
    }
  }

  // The downloaded figures leave the phone (what was recorded and not yet sent stays, kept
  // under its author's name): when another person signs in here, and when the bank says the
  // session has ended, so a phone or an office PC left behind shows nobody's figures.
  async function forget() {
    await store.clear("packs");
    await store.remove("meta", "groups");
    await store.remove("meta", "conflicts");
    await store.remove("meta", "me");
    await reload();
  }

  async function loadConflicts() {
    const answer = await Field.server.conflicts();
    await store.put("meta", answer.conflicts || [], "conflicts");
    state.conflicts = answer.conflicts || [];
  }

  async function busy(word, work) {
    state.busy = word;
    render();
    try {
      return await work();
    } finally {
      state.busy = "";
    }
  }

  async function download(groupId) {
    if (!navigator.onLine) {
      app.flash(t("download_needs_network"), "fa-warn");
      return render();
    }
    await busy(t("downloading"), async () => {
      try {
        if (!Field.server.hasToken()) await Field.server.me();
        const pack = await Field.server.pack(groupId);
        await store.put("packs", { ...pack, group_id: pack.group.id, user: app.user() });
        await reload();
        app.flash(t("downloaded", { n: pack.members.length }));
      } catch (e) {
        problem(e);
      }
    });
    render();
  }

  // `asked`: the person pressed the button (an automatic send on reconnecting says less).
  // Each send the person asked for, once answered, is counted on the page (data-sends).
  async function send(asked) {
    try {
      await sendOnce(asked);
    } finally {
      if (asked) document.body.dataset.sends = String(Number(document.body.dataset.sends || 0) + 1);
    }
  }

  async function sendOnce(asked) {
    if (!navigator.onLine) {
      state.online = false;
      if (asked) app.flash(t("offline_saved"), "fa-warn");
      return render();
    }
    if (!app.pendingCount()) {
      if (asked) {
        state.lastSend = t("nothing_waiting");
        app.flash(t("nothing_waiting"));
        try {
          await loadConflicts();
        } catch (e) {
          problem(e);
        }
      }
      return render();
    }
    await busy(t("sending"), async () => {
      try {
        if (!Field.server.hasToken()) await Field.server.me();
        const sent = await Field.records.send(app.user());
        await reload();
        await loadConflicts();
        state.lastSend = t("sent_summary", {
          sent: sent.accepted + sent.duplicate,
          conflicts: sent.conflict,
          refused: sent.refused,
        });
        app.flash(state.lastSend, sent.conflict || sent.refused ? "fa-warn" : "fa-ok");
        // The bank's figures after what it took: a fresh list for each group sent for.
        for (const groupId of new Set(state.records.filter((r) => r.sent_at).map((r) => r.group_id))) {
          if (state.packs.has(groupId)) await refreshPack(groupId);
        }
        if (sent.conflict) location.hash = "#/send";
      } catch (e) {
        problem(e);
      }
    });
    render();
  }

  async function refreshPack(groupId) {
    const pack = await Field.server.pack(groupId);
    await store.put("packs", { ...pack, group_id: pack.group.id, user: app.user() });
    await reload();
  }

  async function resolve(conflict, body) {
    if (!navigator.onLine) {
      app.flash(t("resolve_needs_network"), "fa-warn");
      return render();
    }
    await busy(t("sending"), async () => {
      try {
        if (!Field.server.hasToken()) await Field.server.me();
        let line = null;
        try {
          const answer = await Field.server.resolve(conflict.id, body);
          line = answer.line || null;
        } catch (e) {
          if (!(e instanceof Field.server.Problem && e.code === "already_resolved")) throw e;
        }
        await Field.records.settle(conflict.id, line || (body.choice === "change" ? body : null));
        await loadConflicts();
        await reload();
        const record = state.records.find((r) => r.conflict && String(r.conflict.id) === String(conflict.id));
        const groupId = (record && record.group_id) || conflict.group_id;
        if (groupId && state.packs.has(groupId)) await refreshPack(groupId);
        app.flash(t("resolved", { name: conflict.name || "" }));
      } catch (e) {
        problem(e);
      }
    });
    render();
  }

  // --- the screen ------------------------------------------------------------------------

  function statusLine() {
    const n = app.pendingCount();
    const conflicts = app.conflicts().length;
    const online = state.online && navigator.onLine;
    status.className = online ? "fa-status fa-online" : "fa-status fa-offline";
    status.dataset.online = online ? "1" : "0";
    status.dataset.pending = String(n);
    status.dataset.conflicts = String(conflicts);
    const parts = [
      h("span", { class: "fa-dot", "aria-hidden": "true" }),
      h("span", { "data-testid": "network" }, online ? t("online") : t("offline")),
    ];
    const counts = h(
      "span",
      { class: "fa-counts", "data-testid": "pending" },
      n ? t("waiting_n", { n }) : t("nothing_waiting")
    );
    status.replaceChildren(h("span", { class: "fa-line" }, parts), counts);
    if (conflicts) {
      const review = t("to_review_n", { n: conflicts });
      status.append(h("a", { href: "#/send", class: "fa-alert", "data-testid": "conflicts-link" }, review));
    }
    if (state.busy) status.append(h("span", { class: "fa-busy", "data-testid": "busy" }, state.busy));
  }

  function signinCard() {
    return h(
      "section",
      { class: "fa-card fa-signin", "data-testid": "signin" },
      h("h2", {}, t("signin_title")),
      h("p", {}, t("signin_text")),
      app.pendingCount()
        ? h("p", { class: "fa-warn-text" }, t("signin_pending", { n: app.pendingCount() }))
        : null,
      h(
        "a",
        { class: "fa-button fa-primary", href: Field.urls.login, "data-testid": "signin-link" },
        t("signin")
      )
    );
  }

  function screen() {
    const route = (location.hash || "#/").slice(1).split("/").filter(Boolean);
    if (state.signin) return [signinCard()];
    if (!state.me) {
      return [
        h("h1", {}, t("welcome")),
        state.online
          ? h("p", { "data-testid": "loading" }, t("loading"))
          : h("p", { class: "fa-warn-text" }, t("first_time_offline")),
      ];
    }
    if (state.forbidden && !app.canUse()) {
      return [h("p", { class: "fa-note fa-warn", "data-testid": "forbidden" }, t("forbidden"))];
    }
    const id = (i) => Number(route[i]);
    if (route[0] === "send") return Field.forms.send(app);
    if (route[0] === "g" && route[1]) {
      if (route[2] === "members") return Field.screens.members(app, id(1));
      if (route[2] === "m" && route[3]) return Field.forms.member(app, id(1), id(3));
      if (route[2] === "print") return Field.screens.statement(app, id(1));
      if (route[2] === "checks" && route[3]) return Field.forms.check(app, id(1), id(3));
      if (route[2] === "checks") return Field.forms.checks(app, id(1));
      if (route[2] === "inspection") return Field.forms.inspection(app, id(1));
      return Field.screens.groupPage(app, id(1));
    }
    // A leader has one group: his group's page is the start.
    if (app.role() === "group_leader" && state.groups.length === 1) {
      return Field.screens.groupPage(app, state.groups[0].id);
    }
    return Field.screens.groups(app);
  }

  function render() {
    statusLine();
    const content = [];
    if (state.message) {
      const cls = `fa-message ${state.message.cls}`;
      content.push(h("p", { class: cls, role: "status", "data-testid": "message" }, state.message.text));
    }
    // A screen may leave a part out as null (a member with no loans): nothing is drawn for it.
    content.push(...screen().filter((part) => part !== null && part !== undefined));
    root.replaceChildren(...content);
    document.body.dataset.screen = (location.hash || "#/").slice(1) || "/";
    document.body.dataset.ready = "1";
  }

  // --- starting ------------------------------------------------------------------------

  window.addEventListener("hashchange", () => {
    state.message = null;
    render();
    window.scrollTo(0, 0);
  });
  window.addEventListener("online", async () => {
    state.online = true;
    render();
    await refresh();
    render();
  });
  window.addEventListener("offline", () => {
    state.online = false;
    render();
  });

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker
      .register(Field.urls.sw, { scope: Field.urls.scope })
      .then(() => navigator.serviceWorker.ready)
      .then(() => {
        document.documentElement.dataset.offlineReady = "1";
      })
      .catch(() => {
        document.documentElement.dataset.offlineReady = "0";
      });
  }

  Field.app = app;
  (async () => {
    await reload();
    render();
    await refresh();
    render();
  })();
})((self.Field = self.Field || {}));
