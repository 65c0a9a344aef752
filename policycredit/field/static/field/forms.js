// The screens that take something down: what a member handed over, a 06/TD loan-use check, a
// 16/TD group inspection, and the page that sends and settles conflicts. A form that holds a
// mistake says which field and keeps everything as typed; nothing is saved until it is right.
(function (Field) {
  "use strict";

  const { h, t, button, back, note, figure } = Field.screens;
  const money = Field.money;

  function amountField(name, label, value, hint) {
    const input = h("input", {
      id: `f-${name}`,
      name,
      type: "text",
      inputmode: "numeric",
      autocomplete: "off",
      class: "fa-input fa-amount",
      value: value === null || value === undefined ? "" : money.grouped(value),
      "aria-describedby": `e-${name}`,
    });
    input.addEventListener("input", () => money.regroup(input));
    return h(
      "div",
      { class: "fa-field" },
      h("label", { for: `f-${name}` }, label),
      hint ? h("p", { class: "fa-muted" }, hint) : null,
      input,
      h("p", { class: "fa-error", id: `e-${name}`, "data-testid": `error-${name}` })
    );
  }

  function textField(name, label, value, type, attrs) {
    const control =
      type === "textarea"
        ? h("textarea", { id: `f-${name}`, name, rows: "3", class: "fa-input", ...attrs }, value || "")
        : h("input", {
            id: `f-${name}`,
            name,
            type: type || "text",
            class: "fa-input",
            value: value || "",
            ...attrs,
          });
    return h(
      "div",
      { class: "fa-field" },
      h("label", { for: `f-${name}` }, label),
      control,
      h("p", { class: "fa-error", id: `e-${name}`, "data-testid": `error-${name}` })
    );
  }

  const ERRORS = {
    empty: "err_empty",
    not_amount: "err_amount",
    too_large: "err_too_large",
    not_count: "err_count",
    not_date: "err_date",
    empty_date: "err_date",
  };
  const DATE = { inputmode: "numeric", placeholder: "dd/mm/yyyy", autocomplete: "off" };
  const COUNT = { inputmode: "numeric", autocomplete: "off" };

  // Reads the form's fields: {values, ok}; each wrong field gets its message under it.
  function read(form, spec) {
    const values = {};
    let ok = true;
    for (const [name, kind, required] of spec) {
      const control = form.elements[name];
      const error = form.querySelector(`#e-${name}`);
      error.textContent = "";
      control.removeAttribute("aria-invalid");
      let parsed;
      const raw = control.value;
      if (kind === "amount") parsed = money.parse(raw);
      else if (kind === "count") parsed = money.parseCount(raw);
      else if (kind === "date") parsed = money.parseDate(raw);
      else parsed = { value: raw.trim() || null, error: null };
      if (parsed.error === "empty" && !required) parsed = { value: null, error: null };
      if (parsed.error === "empty" && kind === "date") parsed.error = "empty_date";
      if (parsed.error) {
        ok = false;
        error.textContent = t(ERRORS[parsed.error] || "err_empty");
        control.setAttribute("aria-invalid", "true");
      }
      values[name] = parsed.value;
    }
    if (!ok) {
      const first = form.querySelector("[aria-invalid=true]");
      if (first) first.focus();
    }
    return { values, ok };
  }

  // --- a member's statement line ---------------------------------------------------------

  function member(app, groupId, membershipId) {
    const pack = app.state.packs.get(groupId);
    const one = pack && pack.members.find((m) => m.membership_id === membershipId);
    if (!one) return [back(`#/g/${groupId}/members`), note(t("member_unknown"), "fa-warn")];
    const record = Field.records.statementOf(app.state.records, pack, membershipId);
    if (record && record.status === "conflict") {
      return [
        back(`#/g/${groupId}/members`),
        note(t("member_in_conflict"), "fa-warn"),
        Field.screens.link("#/send", t("see_conflicts"), "fa-primary", "see-conflicts"),
      ];
    }
    // What was recorded last (a refused record's amounts too, to be corrected).
    const fromRecord = record ? (record.status === "resolved" && record.line) || record.body : null;
    const due = { interest: one.interest_due, savings: one.savings_due };
    const start = fromRecord || one.collected || due;
    const form = h("form", { class: "fa-form", novalidate: true, "data-testid": "member-form" });
    form.append(
      amountField("interest", t("interest_handed"), start.interest),
      amountField("savings", t("savings_handed"), start.savings),
      h(
        "div",
        { class: "fa-actions" },
        h("button", { type: "submit", class: "fa-button fa-primary", "data-testid": "save" }, t("save")),
        Field.screens.link(`#/g/${groupId}/members`, t("cancel"), "fa-secondary", "cancel")
      )
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const { values, ok } = read(form, [
        ["interest", "amount", true],
        ["savings", "amount", true],
      ]);
      if (!ok) return;
      await Field.records.saveStatement(app.user(), pack, one, values, record);
      await app.reload();
      app.flash(t("saved_on_phone", { name: one.name }));
      location.hash = `#/g/${groupId}/members`;
    });
    const loans = one.loans.map((loan) =>
      h(
        "li",
        {},
        h("strong", {}, `${loan.number} – ${loan.programme}`),
        h("span", {}, t("loan_line", {
          outstanding: money.vnd(loan.outstanding),
          interest: money.vnd(loan.interest_due),
          principal: money.vnd(loan.principal_due),
        })),
        loan.overdue
          ? h("span", { class: "fa-warn-text" }, t("overdue_amount", { amount: money.vnd(loan.overdue) }))
          : null,
        loan.next_due
          ? h("span", { class: "fa-muted" }, t("next_due", { day: money.date(loan.next_due) }))
          : null
      )
    );
    return [
      back(`#/g/${groupId}/members`, t("members")),
      h("h1", { "data-testid": "member-name" }, one.name),
      h("p", { class: "fa-muted" }, one.household_code, " · ", t("day_on", { day: money.date(pack.day) })),
      h(
        "dl",
        { class: "fa-facts" },
        figure(t("interest_due"), money.vnd(one.interest_due), "interest-due", "fa-strong"),
        figure(t("savings_due"), money.vnd(one.savings_due), "savings-due", "fa-strong"),
        figure(t("principal_due"), money.vnd(one.principal_due), "principal-due"),
        figure(t("outstanding"), money.vnd(one.outstanding), "outstanding"),
        figure(t("savings_balance"), money.vnd(one.savings_balance), "savings-balance")
      ),
      h("p", { class: "fa-muted" }, t("principal_note")),
      form,
      loans.length
        ? h(
            "details",
            { class: "fa-details" },
            h("summary", {}, t("loans_n", { n: loans.length })),
            h("ul", { class: "fa-plain" }, loans)
          )
        : null,
    ];
  }

  // --- 06/TD loan-use checks -------------------------------------------------------------

  function checks(app, groupId) {
    const pack = app.state.packs.get(groupId);
    if (!pack || !pack.checks) return [back(`#/g/${groupId}`), note(t("download_first"), "fa-warn")];
    const list = h("ul", { class: "fa-list", "data-testid": "check-loans" });
    for (const loan of pack.checks.loans) {
      const record = Field.records.checkOf(app.state.records, loan.loan_id);
      const state = record
        ? t(STATE_WORD[record.status] || "state_pending")
        : t(loan.checked ? "checked_already" : "not_checked");
      list.append(
        h(
          "li",
          {},
          h(
            "a",
            {
              class: "fa-row",
              href: `#/g/${groupId}/checks/${loan.loan_id}`,
              "data-testid": `check-${loan.loan_id}`,
            },
            h("strong", {}, loan.name),
            h("span", {}, `${loan.number} · ${loan.programme}`),
            h("span", { class: record || loan.checked ? "fa-ok" : "fa-muted" }, state)
          )
        )
      );
    }
    return [back(`#/g/${groupId}`, pack.group.name), h("h1", {}, t("checks_06td")), list];
  }

  const STATE_WORD = {
    pending: "state_pending",
    sent: "state_sent",
    resolved: "state_sent",
    conflict: "state_conflict",
    refused: "state_refused",
  };

  function check(app, groupId, loanId) {
    const pack = app.state.packs.get(groupId);
    const loan = pack && pack.checks && pack.checks.loans.find((l) => l.loan_id === loanId);
    if (!loan) return [back(`#/g/${groupId}/checks`), note(t("loan_unknown"), "fa-warn")];
    const record = Field.records.checkOf(app.state.records, loanId);
    const was = record ? record.body : {};
    const outcome = h(
      "select",
      { id: "f-outcome", name: "outcome", class: "fa-input" },
      h("option", { value: "" }, t("choose")),
      pack.checks.outcomes.map((o) =>
        h("option", { value: o.value, selected: was.outcome === o.value }, o.label)
      )
    );
    const form = h(
      "form",
      { class: "fa-form", novalidate: true, "data-testid": "check-form" },
      textField("checked_on", t("checked_on"), money.date(was.checked_on || app.today()), "text", DATE),
      h(
        "div",
        { class: "fa-field" },
        h("label", { for: "f-outcome" }, t("outcome")),
        outcome,
        h("p", { class: "fa-error", id: "e-outcome" })
      ),
      amountField("amount_used", t("amount_used"), was.amount_used ?? null, t("optional")),
      textField("jobs_new", t("jobs_new"), was.jobs_new ?? "", "text", COUNT),
      textField("jobs_maintained", t("jobs_maintained"), was.jobs_maintained ?? "", "text", COUNT),
      textField("note", t("note"), was.note || "", "textarea"),
      h(
        "div",
        { class: "fa-actions" },
        h("button", { type: "submit", class: "fa-button fa-primary", "data-testid": "save" }, t("save")),
        Field.screens.link(`#/g/${groupId}/checks`, t("cancel"), "fa-secondary")
      )
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const { values, ok } = read(form, [
        ["checked_on", "date", true],
        ["outcome", "text", true],
        ["amount_used", "amount", false],
        ["jobs_new", "count", false],
        ["jobs_maintained", "count", false],
        ["note", "text", false],
      ]);
      if (!values.outcome && ok) {
        form.querySelector("#e-outcome").textContent = t("err_choose");
        return;
      }
      if (!ok) return;
      const fields = { checked_on: values.checked_on, outcome: values.outcome };
      for (const name of ["amount_used", "jobs_new", "jobs_maintained", "note"]) {
        if (values[name] !== null) fields[name] = values[name];
      }
      await Field.records.saveCheck(app.user(), pack, loan, fields, record);
      await app.reload();
      app.flash(t("saved_on_phone", { name: loan.name }));
      location.hash = `#/g/${groupId}/checks`;
    });
    return [
      back(`#/g/${groupId}/checks`, t("checks_06td")),
      h("h1", {}, loan.name),
      h("p", { class: "fa-muted" }, `${loan.number} · ${loan.programme} · ${loan.household_code}`),
      form,
    ];
  }

  // --- 16/TD group inspection -------------------------------------------------------------

  function inspection(app, groupId) {
    const pack = app.state.packs.get(groupId);
    if (!pack || !pack.inspection) return [back(`#/g/${groupId}`), note(t("download_first"), "fa-warn")];
    const record = Field.records.inspectionOf(app.state.records, groupId);
    const was = record ? record.body : { scores: {} };
    const criteria = pack.inspection.criteria.map((c) =>
      textField(
        `score_${c.code}`,
        t("criterion_max", { label: c.label, max: c.max }),
        was.scores[c.code] ?? "",
        "text",
        COUNT
      )
    );
    const form = h(
      "form",
      { class: "fa-form", novalidate: true, "data-testid": "inspection-form" },
      textField("inspected_on", t("inspected_on"), money.date(was.inspected_on || app.today()), "text", DATE),
      criteria,
      textField("findings", t("findings"), was.findings || "", "textarea"),
      textField("follow_up", t("follow_up"), was.follow_up || "", "textarea"),
      h(
        "div",
        { class: "fa-actions" },
        h("button", { type: "submit", class: "fa-button fa-primary", "data-testid": "save" }, t("save")),
        Field.screens.link(`#/g/${groupId}`, t("cancel"), "fa-secondary")
      )
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const spec = [
        ["inspected_on", "date", true],
        ...pack.inspection.criteria.map((c) => [`score_${c.code}`, "count", true]),
        ["findings", "text", false],
        ["follow_up", "text", false],
      ];
      const { values, ok } = read(form, spec);
      let fine = ok;
      for (const c of pack.inspection.criteria) {
        const v = values[`score_${c.code}`];
        if (v !== null && v > c.max) {
          fine = false;
          form.querySelector(`#e-score_${c.code}`).textContent = t("err_score_max", { max: c.max });
        }
      }
      if (!fine) return;
      const scores = Object.fromEntries(
        pack.inspection.criteria.map((c) => [c.code, values[`score_${c.code}`]])
      );
      const fields = { inspected_on: values.inspected_on, scores };
      if (values.findings) fields.findings = values.findings;
      if (values.follow_up) fields.follow_up = values.follow_up;
      await Field.records.saveInspection(app.user(), pack, fields, record);
      await app.reload();
      app.flash(t("saved_on_phone", { name: pack.group.name }));
      location.hash = `#/g/${groupId}`;
    });
    return [
      back(`#/g/${groupId}`, pack.group.name),
      h("h1", {}, t("inspection_16td")),
      h("p", { class: "fa-muted" }, t("inspection_year", { year: pack.inspection.year })),
      pack.inspection.done ? note(t("inspection_done"), "fa-warn") : null,
      form,
    ];
  }

  // --- sending, and what comes back ------------------------------------------------------

  const REASON = { figures_changed: "reason_figures_changed", day_moved: "reason_day_moved" };
  const SHOWN = ["interest_due", "savings_due", "principal_due", "outstanding"];

  function conflictCard(app, conflict) {
    const then = conflict.then || {};
    const now = conflict.now || {};
    const recorded = conflict.recorded || {};
    // Each figure's name on a row of its own, then and now beneath it: two columns of
    // amounts fit a phone's width.
    const shown = (x) => (x === undefined || x === null ? "" : money.vnd(x));
    const rows = SHOWN.map((name) => {
      const cls = then[name] !== now[name] ? "fa-changed" : "";
      return [
        h("tr", { class: cls }, h("th", { colspan: "2", class: "fa-figure-name" }, t(name))),
        h(
          "tr",
          { class: cls, "data-testid": `figure-${name}` },
          h("td", { class: "fa-num" }, shown(then[name])),
          h("td", { class: "fa-num" }, shown(now[name]))
        ),
      ];
    });
    const card = h(
      "section",
      {
        class: "fa-card fa-conflict",
        "data-testid": `conflict-${conflict.id}`,
        dataset: { membership: String(conflict.membership_id || "") },
      },
      h("h2", {}, conflict.name || ""),
      h("p", { class: "fa-reason" }, t(REASON[conflict.reason] || "reason_other")),
      h(
        "p",
        { "data-testid": "recorded" },
        t("you_recorded", {
          interest: money.vnd(recorded.interest || 0),
          savings: money.vnd(recorded.savings || 0),
        })
      ),
      h(
        "div",
        { class: "fa-frame" },
        h(
          "table",
          { class: "fa-table" },
          h("thead", {}, h("tr", {}, h("th", {}, t("then")), h("th", {}, t("now")))),
          h("tbody", {}, rows)
        )
      )
    );
    const choices = h("div", { class: "fa-actions" });
    const changeForm = h("form", {
      class: "fa-form",
      novalidate: true,
      hidden: true,
      "data-testid": "change-form",
    });
    changeForm.append(
      amountField("interest", t("interest_handed"), recorded.interest ?? now.interest_due),
      amountField("savings", t("savings_handed"), recorded.savings ?? now.savings_due),
      h(
        "div",
        { class: "fa-actions" },
        h(
          "button",
          { type: "submit", class: "fa-button fa-primary", "data-testid": "confirm-change" },
          t("save_change")
        )
      )
    );
    changeForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      const { values, ok } = read(changeForm, [
        ["interest", "amount", true],
        ["savings", "amount", true],
      ]);
      if (!ok) return;
      await app.resolve(conflict, { choice: "change", interest: values.interest, savings: values.savings });
    });
    choices.append(
      button(t("keep"), () => app.resolve(conflict, { choice: "keep" }), "fa-primary", "keep"),
      button(t("change"), () => {
        changeForm.hidden = false;
        changeForm.elements.interest.focus();
      }, "fa-secondary", "change")
    );
    card.append(h("p", { class: "fa-muted" }, t("keep_explained")), choices, changeForm);
    return card;
  }

  function send(app) {
    const n = app.pendingCount();
    const out = [back(app.homeHref()), h("h1", {}, t("send"))];
    out.push(note(n ? t("waiting_n", { n }) : t("nothing_waiting"), n ? "" : "fa-ok", "waiting"));
    if (app.state.lastSend) out.push(note(app.state.lastSend, "", "send-result"));
    out.push(h("div", { class: "fa-actions" }, Field.screens.sendButton(app)));
    const conflicts = app.conflicts();
    if (conflicts.length) {
      out.push(h("h2", {}, t("to_review_n", { n: conflicts.length })));
      for (const c of conflicts) out.push(conflictCard(app, c));
    }
    const refused = app.state.records.filter((r) => r.user === app.user() && r.status === "refused");
    if (refused.length) {
      out.push(h("h2", {}, t("refused_n", { n: refused.length })));
      const list = h("ul", { class: "fa-plain", "data-testid": "refused" });
      for (const r of refused) {
        list.append(
          h(
            "li",
            {},
            h("a", { href: whereIs(r), "data-testid": `refused-${r.key}` }, r.name || r.key),
            " – ",
            (r.error && r.error.message) || t("state_refused")
          )
        );
      }
      out.push(list, h("p", { class: "fa-muted" }, t("refused_explained")));
    }
    return out;
  }

  // The screen where a record is made again.
  function whereIs(record) {
    if (record.kind === "statement") return `#/g/${record.group_id}/m/${record.membership_id}`;
    if (record.kind === "loan_use_check") return `#/g/${record.group_id}/checks/${record.loan_id}`;
    return `#/g/${record.group_id}/inspection`;
  }

  Field.forms = { member, checks, check, inspection, send, conflictCard, read, amountField };
})((self.Field = self.Field || {}));
