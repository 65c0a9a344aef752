// What the person records on the phone, and sending it to the bank.
//
// Every record gets its own key (crypto.randomUUID) when it is first saved. Until it is sent,
// an edit changes the same record under the same key; once sent, an edit is a new record with
// a new key, which the server takes as superseding the earlier one. Sending posts every
// pending record in one batch; the server answers each key on its own: accepted and duplicate
// (a key it already holds, e.g. when the answer to an earlier send was lost) both mean "the
// bank has it" and the record is never sent again; a conflict is kept for the person to
// resolve; a refusal is kept with the server's message.
(function (Field) {
  "use strict";

  const store = Field.store;
  const BATCH = 500; // the server's limit per request
  let running = null;

  const newKey = () =>
    self.crypto && crypto.randomUUID
      ? crypto.randomUUID()
      : "10000000-1000-4000-8000-100000000000".replace(/[018]/g, (c) =>
          (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16)
        );

  const mine = (records, user) => records.filter((r) => r.user === user);
  const newest = (records) =>
    records.slice().sort((a, b) => (a.saved_at < b.saved_at ? 1 : a.saved_at > b.saved_at ? -1 : 0))[0] ||
    null;

  async function list(user) {
    return mine(await store.all("records"), user);
  }

  // The member's latest statement for the pack's day, or null.
  function statementOf(records, pack, membershipId) {
    return newest(
      records.filter(
        (r) =>
          r.kind === "statement" &&
          r.group_id === pack.group_id &&
          r.day === pack.day &&
          r.membership_id === membershipId
      )
    );
  }

  const checkOf = (records, loanId) =>
    newest(records.filter((r) => r.kind === "loan_use_check" && r.loan_id === loanId));
  const inspectionOf = (records, groupId) =>
    newest(records.filter((r) => r.kind === "group_inspection" && r.group_id === groupId));

  // Saves a record: the same one while it is still waiting, else a new one. `base` is the
  // record being replaced (or null), `fields` what goes to the server besides key and kind.
  async function save(user, kind, base, fields, extra) {
    const now = new Date().toISOString();
    const reuse = base && base.status === "pending";
    const key = reuse ? base.key : newKey();
    const record = {
      ...(extra || {}),
      key,
      kind,
      user,
      status: "pending",
      saved_at: now,
      body: { key, kind, ...fields, recorded_at: now },
      supersedes: reuse ? base.supersedes || null : base ? base.key : null,
    };
    await store.run(["records"], "readwrite", (s) => {
      s.records.put(record);
      // A refused record made again: the new one takes its place in the list of refusals.
      if (base && base.status === "refused") s.records.put({ ...base, status: "replaced", replaced_by: key });
    });
    return record;
  }

  function saveStatement(user, pack, member, amounts, base) {
    return save(
      user,
      "statement",
      base,
      {
        group_id: pack.group_id,
        day: pack.day,
        membership_id: member.membership_id,
        interest: amounts.interest,
        savings: amounts.savings,
        basis: member.basis,
      },
      {
        group_id: pack.group_id,
        day: pack.day,
        membership_id: member.membership_id,
        name: member.name,
        household_code: member.household_code,
        figures: figuresOf(member),
      }
    );
  }

  function saveCheck(user, pack, loan, fields, base) {
    return save(user, "loan_use_check", base, { loan_id: loan.loan_id, ...fields }, {
      group_id: pack.group_id,
      loan_id: loan.loan_id,
      name: `${loan.number} – ${loan.name}`,
    });
  }

  function saveInspection(user, pack, fields, base) {
    return save(user, "group_inspection", base, { group_id: pack.group_id, ...fields }, {
      group_id: pack.group_id,
      name: pack.group.name,
    });
  }

  const FIGURES = ["outstanding", "interest_due", "principal_due", "savings_due", "savings_balance"];
  const figuresOf = (member) => Object.fromEntries(FIGURES.map((n) => [n, member[n]]));

  function pending(records, user) {
    return mine(records, user).filter((r) => r.status === "pending");
  }

  // Sends what waits, once at a time on this phone (a second call while one runs waits for it,
  // and the browser's lock keeps two open tabs from sending the same batch together).
  function send(user) {
    if (running) return running;
    const work = () => sendNow(user);
    running = (navigator.locks ? navigator.locks.request("policycredit-field-send", work) : work())
      .finally(() => {
        running = null;
      });
    return running;
  }

  async function sendNow(user) {
    const waiting = pending(await store.all("records"), user).sort((a, b) =>
      a.saved_at < b.saved_at ? -1 : 1
    );
    const summary = { posted: 0, accepted: 0, duplicate: 0, conflict: 0, refused: 0 };
    for (let start = 0; start < waiting.length; start += BATCH) {
      const batch = waiting.slice(start, start + BATCH);
      const answer = await Field.server.sync(batch.map((r) => r.body));
      summary.posted += batch.length;
      const byKey = new Map((answer.results || []).map((x) => [x.key, x]));
      const now = new Date().toISOString();
      await store.run(["records"], "readwrite", (s) => {
        for (const record of batch) {
          const result = byKey.get(record.key);
          if (!result) continue; // not answered: it stays pending and goes with the next send
          summary[result.status] = (summary[result.status] || 0) + 1;
          const updated = { ...record, sent_at: now, result: { id: result.id, status: result.status } };
          if (result.status === "accepted" || result.status === "duplicate") {
            updated.status = "sent";
          } else if (result.status === "conflict") {
            updated.status = "conflict";
            updated.conflict = result.conflict || null;
          } else {
            updated.status = "refused";
            updated.error = result.error || null;
          }
          s.records.put(updated);
        }
      });
    }
    return summary;
  }

  // A conflict resolved on the server: the record is settled with what was accepted.
  async function settle(conflictId, line) {
    const records = await store.all("records");
    const record = records.find((r) => r.conflict && String(r.conflict.id) === String(conflictId));
    if (!record) return;
    await store.put("records", { ...record, status: "resolved", line: line || null });
  }

  Field.records = {
    list,
    statementOf,
    checkOf,
    inspectionOf,
    saveStatement,
    saveCheck,
    saveInspection,
    pending,
    send,
    settle,
    figuresOf,
  };
})((self.Field = self.Field || {}));
