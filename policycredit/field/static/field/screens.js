// The screens that show (the groups, one group's page, its members, the printable 13/TD list).
// One task per screen, big buttons, plain words. Everything is built with DOM calls and
// textContent: nothing the server or a person wrote is ever read as HTML.
(function (Field) {
  "use strict";

  const money = Field.money;

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "class") el.className = value;
      else if (name === "dataset") Object.assign(el.dataset, value);
      else if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
      else if (name === "value") el.value = value;
      else el.setAttribute(name, value === true ? "" : value);
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  // A translated text, with %(name)s filled in.
  function t(key, params) {
    let text = Field.text[key] || key;
    for (const [name, value] of Object.entries(params || {})) {
      text = text.split(`%(${name})s`).join(String(value));
    }
    return text;
  }

  const link = (href, label, cls, testid) =>
    h("a", { href, class: `fa-button ${cls || ""}`, "data-testid": testid }, label);
  const button = (label, onclick, cls, testid, extra) =>
    h(
      "button",
      { type: "button", class: `fa-button ${cls || ""}`, onclick, "data-testid": testid, ...extra },
      label
    );
  const back = (href, label) =>
    h("a", { href, class: "fa-back", "data-testid": "back" }, "‹ ", label || t("back"));
  const note = (text, cls, testid) =>
    h("p", { class: `fa-note ${cls || ""}`, "data-testid": testid, role: "status" }, text);
  const figure = (label, value, testid, cls) =>
    h("div", { class: `fa-figure ${cls || ""}` }, h("dt", {}, label), h("dd", { "data-testid": testid }, value));

  // --- the groups ----------------------------------------------------------------------------

  function groups(app) {
    const known = app.state.groups || [];
    const out = [h("h1", {}, t("choose_group"))];
    if (!known.length) {
      out.push(note(app.state.online ? t("no_groups") : t("no_groups_offline"), "fa-warn", "no-groups"));
      return out;
    }
    const list = h("ul", { class: "fa-list", "data-testid": "groups" });
    for (const group of known) {
      const pack = app.state.packs.get(group.id);
      list.append(
        h(
          "li",
          {},
          h(
            "a",
            { href: `#/g/${group.id}`, class: "fa-row", "data-testid": `group-${group.id}` },
            h("strong", {}, group.name),
            h("span", {}, `${group.code} · ${group.point.name}`),
            h(
              "span",
              {},
              t("day_on", { day: money.date(group.day) }),
              " · ",
              t("members_n", { n: group.members })
            ),
            h(
              "span",
              { class: pack ? "fa-ok" : "fa-muted" },
              pack ? t("downloaded_at", { when: money.moment(pack.downloaded_at) }) : t("not_downloaded")
            )
          )
        )
      );
    }
    out.push(list);
    return out;
  }

  // --- one group's page ------------------------------------------------------------------

  function groupPage(app, groupId) {
    const group = app.groupInfo(groupId);
    const pack = app.state.packs.get(groupId);
    if (!group) return [back("#/", t("all_groups")), note(t("group_unknown"), "fa-warn")];
    const out = [];
    if (app.groupCount() > 1) out.push(back("#/", t("all_groups")));
    out.push(
      h("h1", { "data-testid": "group-name" }, group.name),
      h(
        "dl",
        { class: "fa-facts" },
        figure(
          t("point"),
          [group.point.name, group.point.address ? ` – ${group.point.address}` : ""],
          "point",
          "fa-long"
        ),
        figure(t("transaction_day"), money.date(pack ? pack.day : group.day), "day"),
        figure(
          t("list_on_phone"),
          pack ? t("downloaded_at", { when: money.moment(pack.downloaded_at) }) : t("not_downloaded"),
          "downloaded",
          pack ? "fa-ok" : "fa-warn"
        )
      )
    );
    const actions = h("div", { class: "fa-actions" });
    actions.append(
      button(t("download"), () => app.download(groupId), pack ? "fa-secondary" : "fa-primary", "download")
    );
    if (pack) {
      if (app.canRecord()) {
        actions.append(link(`#/g/${groupId}/members`, t("record"), "fa-primary", "record"));
        actions.append(sendButton(app));
      } else {
        actions.append(link(`#/g/${groupId}/members`, t("see_list"), "fa-primary", "record"));
      }
      actions.append(link(`#/g/${groupId}/print`, t("statement_13td"), "fa-secondary", "print-view"));
      if (pack.checks) {
        actions.append(link(`#/g/${groupId}/checks`, t("checks_06td"), "fa-secondary", "checks"));
      }
      if (pack.inspection) {
        actions.append(link(`#/g/${groupId}/inspection`, t("inspection_16td"), "fa-secondary", "inspection"));
      }
    }
    out.push(actions);
    if (pack) out.push(totals(app, pack));
    return out;
  }

  function sendButton(app) {
    const n = app.pendingCount();
    return button(
      n ? t("send_n", { n }) : t("send"),
      () => app.send(true),
      n ? "fa-primary" : "fa-secondary",
      "sync",
      { dataset: { pending: String(n) } }
    );
  }

  // What the member's line holds for the day: the phone's latest record, else what the bank
  // already holds from an earlier send (another phone's, or before a new download).
  function collected(app, pack, member) {
    const record = Field.records.statementOf(app.state.records, pack, member.membership_id);
    if (record && record.status !== "refused") {
      const amounts = record.status === "resolved" && record.line ? record.line : record.body;
      return { interest: amounts.interest, savings: amounts.savings, status: record.status, record };
    }
    if (member.collected) {
      const { interest, savings } = member.collected;
      return { interest, savings, status: "bank", record };
    }
    return { interest: null, savings: null, status: record ? record.status : "none", record };
  }

  function totals(app, pack) {
    let interest = 0;
    let savings = 0;
    let count = 0;
    for (const member of pack.members) {
      const c = collected(app, pack, member);
      if (c.interest === null) continue;
      interest += c.interest;
      savings += c.savings;
      count += 1;
    }
    return h(
      "dl",
      {
        class: "fa-totals",
        "data-testid": "total",
        dataset: { interest: String(interest), savings: String(savings) },
      },
      figure(t("members_recorded"), t("of_n", { n: count, total: pack.members.length })),
      figure(t("interest_collected"), money.vnd(interest), "total-interest"),
      figure(t("savings_collected"), money.vnd(savings), "total-savings"),
      figure(t("total_collected"), money.vnd(interest + savings), "total-all", "fa-strong")
    );
  }

  // --- the members -----------------------------------------------------------------------

  const STATE = {
    pending: "state_pending",
    sent: "state_sent",
    resolved: "state_sent",
    bank: "state_bank",
    conflict: "state_conflict",
    refused: "state_refused",
    none: "state_none",
  };

  function members(app, groupId) {
    const pack = app.state.packs.get(groupId);
    if (!pack) return [back(`#/g/${groupId}`), note(t("download_first"), "fa-warn")];
    const recording = app.canRecord();
    const out = [
      back(`#/g/${groupId}`, pack.group.name),
      h("h1", {}, recording ? t("record") : t("see_list")),
      h(
        "p",
        { class: "fa-muted" },
        t("day_on", { day: money.date(pack.day) }),
        " · ",
        t(recording ? "tap_member" : "read_only")
      ),
    ];
    const list = h("ul", { class: "fa-list", "data-testid": "members" });
    for (const member of pack.members) {
      const c = collected(app, pack, member);
      const inner = [
        h("strong", {}, member.name || member.household_code),
        h("span", { class: "fa-muted" }, member.household_code),
        h(
          "span",
          {},
          t("interest_due_short", { amount: money.vnd(member.interest_due) }),
          " · ",
          t("savings_due_short", { amount: money.vnd(member.savings_due) })
        ),
      ];
      if (c.interest !== null) {
        inner.push(
          h(
            "span",
            { class: `fa-state fa-state-${c.status}` },
            t("recorded_short", { interest: money.vnd(c.interest), savings: money.vnd(c.savings) }),
            " – ",
            t(STATE[c.status])
          )
        );
      } else if (c.status === "refused") {
        inner.push(h("span", { class: "fa-state fa-state-refused" }, t("state_refused")));
      }
      const attrs = {
        class: "fa-row",
        "data-testid": `member-${member.membership_id}`,
        dataset: { state: c.status },
      };
      list.append(
        h(
          "li",
          {},
          recording
            ? h("a", { ...attrs, href: `#/g/${groupId}/m/${member.membership_id}` }, inner)
            : h("div", attrs, inner)
        )
      );
    }
    out.push(list, totals(app, pack));
    if (recording) out.push(h("div", { class: "fa-actions" }, sendButton(app)));
    return out;
  }

  // --- the printable 13/TD list ----------------------------------------------------------

  function statement(app, groupId) {
    const pack = app.state.packs.get(groupId);
    if (!pack) return [back(`#/g/${groupId}`), note(t("download_first"), "fa-warn")];
    const rows = [];
    let sums = { outstanding: 0, interest_due: 0, interest: 0, savings: 0 };
    pack.members.forEach((member, i) => {
      const c = collected(app, pack, member);
      sums.outstanding += member.outstanding;
      sums.interest_due += member.interest_due;
      sums.interest += c.interest || 0;
      sums.savings += c.savings || 0;
      rows.push(
        h(
          "tr",
          { "data-testid": `line-${member.membership_id}` },
          h("td", { class: "fa-num" }, String(i + 1)),
          h("td", {}, member.household_code),
          h("td", {}, member.name),
          h("td", { class: "fa-num" }, money.grouped(member.outstanding)),
          h("td", { class: "fa-num" }, money.grouped(member.interest_due)),
          h("td", { class: "fa-num" }, c.interest === null ? "" : money.grouped(c.interest)),
          h("td", { class: "fa-num" }, c.savings === null ? "" : money.grouped(c.savings)),
          h("td", { class: "fa-sign" }, "")
        )
      );
    });
    const head = [
      "no",
      "household_code",
      "full_name",
      "outstanding",
      "interest_due",
      "interest_collected",
      "savings_collected",
      "signature",
    ];
    return [
      h(
        "div",
        { class: "fa-noprint fa-actions fa-paperbar" },
        back(`#/g/${groupId}`, pack.group.name),
        button(t("print"), () => window.print(), "fa-primary", "print")
      ),
      h(
        "article",
        { class: "fa-paper", "data-testid": "statement" },
        h("p", { class: "fa-form-code" }, t("form_13td")),
        h("h1", {}, t("statement_title")),
        h(
          "p",
          {},
          t("group_of_point", {
            group: pack.group.name,
            code: pack.group.code,
            point: pack.group.point.name,
          })
        ),
        h("p", {}, t("day_on", { day: money.date(pack.day) })),
        h(
          "div",
          { class: "fa-frame" },
          h(
            "table",
            { class: "fa-table" },
            h("thead", {}, h("tr", {}, head.map((k) => h("th", {}, t(`col_${k}`))))),
            h("tbody", {}, rows),
            h(
              "tfoot",
              {},
              h(
                "tr",
                {},
                h("th", { colspan: "3" }, t("total")),
                h("th", { class: "fa-num" }, money.grouped(sums.outstanding)),
                h("th", { class: "fa-num" }, money.grouped(sums.interest_due)),
                h("th", { class: "fa-num", "data-testid": "print-interest" }, money.grouped(sums.interest)),
                h("th", { class: "fa-num" }, money.grouped(sums.savings)),
                h("th", {}, "")
              )
            )
          )
        ),
        h(
          "div",
          { class: "fa-signs" },
          h("p", {}, h("strong", {}, t("leader_signs")), h("br"), t("sign_and_name")),
          h("p", {}, h("strong", {}, t("organisation_signs")), h("br"), t("sign_and_name"))
        )
      ),
    ];
  }

  Field.screens = {
    h,
    t,
    link,
    button,
    back,
    note,
    figure,
    groups,
    groupPage,
    members,
    statement,
    collected,
    totals,
    sendButton,
  };
})((self.Field = self.Field || {}));
