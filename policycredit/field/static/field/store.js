// The phone's own copy: a small wrapper over IndexedDB with three stores.
//   packs    one downloaded group (what each member owes at the next transaction day),
//            keyed by the group's id;
//   records  what was recorded here (statements, 06/TD checks, 16/TD inspections), keyed by
//            the record's own uuid, with its state: pending, sent, conflict, resolved, refused;
//   meta     small values by name: who last signed in, the groups offered, open conflicts.
// IndexedDB survives a reload, a closed browser and a phone without signal; nothing here is
// sent anywhere (records.js does the sending).
(function (Field) {
  "use strict";

  const NAME = "policycredit-field";
  const VERSION = 1;
  let opened = null;

  function open() {
    if (opened) return opened;
    opened = new Promise((resolve, reject) => {
      const request = indexedDB.open(NAME, VERSION);
      request.onupgradeneeded = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains("packs")) {
          db.createObjectStore("packs", { keyPath: "group_id" });
        }
        if (!db.objectStoreNames.contains("records")) {
          const records = db.createObjectStore("records", { keyPath: "key" });
          records.createIndex("status", "status");
        }
        if (!db.objectStoreNames.contains("meta")) db.createObjectStore("meta");
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error("blocked"));
    });
    return opened;
  }

  function done(request) {
    return new Promise((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  // One transaction: `work(stores)` queues its requests; the promise settles when it commits,
  // with what work returned (or the value of the promise it returned).
  async function run(names, mode, work) {
    const db = await open();
    const tx = db.transaction(names, mode);
    const stores = Object.fromEntries(names.map((n) => [n, tx.objectStore(n)]));
    const result = work(stores);
    const committed = new Promise((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error || new Error("aborted"));
    });
    const value = await result;
    await committed;
    return value;
  }

  const get = (store, key) => run([store], "readonly", (s) => done(s[store].get(key)));
  const all = (store) => run([store], "readonly", (s) => done(s[store].getAll()));
  const put = (store, value, key) =>
    run([store], "readwrite", (s) =>
      done(key === undefined ? s[store].put(value) : s[store].put(value, key))
    );
  const remove = (store, key) => run([store], "readwrite", (s) => done(s[store].delete(key)));
  const clear = (store) => run([store], "readwrite", (s) => done(s[store].clear()));
  const byStatus = (status) =>
    run(["records"], "readonly", (s) => done(s.records.index("status").getAll(status)));

  Field.store = { open, run, get, all, put, remove, clear, byStatus, done };
})((self.Field = self.Field || {}));
