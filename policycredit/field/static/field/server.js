// The bank's server, as the app talks to it (the field API: field/api_urls.py). Every answer
// is JSON; a failure is thrown as a Problem whose `kind` the screens put in plain words:
//   offline   no answer at all (no signal, server unreachable);
//   signin    the session is missing or ended (401, 403 not_authenticated, or a redirect to
//             the sign-in page, which is what an ended session gets from the site);
//   forbidden the person's role may not do this;
//   refused   the server refused what was sent (400 with a code and a message);
//   error     anything else (a 500, an answer that is not JSON).
// The CSRF token comes from /me/ each time the app starts online, never from a cached page.
(function (Field) {
  "use strict";

  const base = () => Field.urls.api;
  let token = "";

  class Problem extends Error {
    constructor(kind, status, code, message, fields) {
      super(message || kind);
      this.kind = kind;
      this.status = status;
      this.code = code || "";
      this.fields = fields || null;
    }
  }

  async function call(method, path, body, retried) {
    let response;
    const headers = { Accept: "application/json" };
    if (method !== "GET") {
      headers["Content-Type"] = "application/json";
      headers["X-CSRFToken"] = token;
    }
    try {
      response = await fetch(base() + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: "same-origin",
        cache: "no-store",
        redirect: "follow",
      });
    } catch (e) {
      throw new Problem("offline", 0, "", "");
    }
    const type = response.headers.get("Content-Type") || "";
    // The site sends an ended session (and staff before their one-time code) to a page of
    // its own: for the app, that means signing in again.
    if (response.redirected && !type.includes("json")) {
      throw new Problem("signin", response.status, "not_authenticated", "");
    }
    let data = null;
    if (type.includes("json")) {
      try {
        data = await response.json();
      } catch (e) {
        data = null;
      }
    }
    if (response.ok && data !== null) return data;
    const code = (data && data.code) || "";
    const message = (data && (data.message || data.detail)) || "";
    if (response.status === 401 || code === "not_authenticated" || code === "authentication_failed") {
      throw new Problem("signin", response.status, code, message);
    }
    if (response.status === 403) {
      // A stale CSRF token (the session was renewed elsewhere): take a fresh one, try once more.
      if (method !== "GET" && !retried && /csrf/i.test(message + code)) {
        await me();
        return call(method, path, body, true);
      }
      throw new Problem("forbidden", 403, code, message);
    }
    if (response.status >= 400 && response.status < 500 && data !== null) {
      throw new Problem("refused", response.status, code, message, data.fields);
    }
    throw new Problem("error", response.status, code, message);
  }

  async function me() {
    const data = await call("GET", "me/");
    token = data.csrf_token || "";
    return data;
  }

  Field.server = {
    Problem,
    me,
    groups: () => call("GET", "groups/"),
    pack: (groupId) => call("GET", `groups/${groupId}/pack/`),
    sync: (records) => call("POST", "sync/", { records }),
    conflicts: () => call("GET", "conflicts/"),
    resolve: (id, body) => call("POST", `conflicts/${id}/resolve/`, body),
    hasToken: () => token !== "",
  };
})((self.Field = self.Field || {}));
