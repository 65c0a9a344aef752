// Amounts as the project writes them: whole đồng, grouped with dots (1.234.567), and dates as
// dd/mm/yyyy. Amounts are integers all the way: what a person types is read digit by digit,
// never through parseFloat.
(function (Field) {
  "use strict";

  const MAX_VND = 999999999999999; // domain/money.py MAX_VND

  function grouped(n) {
    const digits = String(Math.abs(Math.trunc(Number(n) || 0)));
    const parts = [];
    for (let end = digits.length; end > 0; end -= 3) {
      parts.unshift(digits.slice(Math.max(0, end - 3), end));
    }
    return (Number(n) < 0 ? "-" : "") + parts.join(".");
  }

  function vnd(n) {
    return grouped(n) + " đ";
  }

  // What a person typed: digits, with dots or spaces between groups. "" is no amount; anything
  // else (a comma, a minus, a letter) is refused rather than guessed at.
  function parse(text) {
    const raw = String(text === undefined || text === null ? "" : text).trim();
    if (raw === "") return { value: null, error: "empty" };
    if (!/^[0-9][0-9. ]*$/.test(raw)) return { value: null, error: "not_amount" };
    const digits = raw.replace(/[. ]/g, "").replace(/^0+(?=\d)/, "");
    if (digits.length > 15 || Number(digits) > MAX_VND) return { value: null, error: "too_large" };
    return { value: Number(digits), error: null };
  }

  // A count (jobs): a small whole number.
  function parseCount(text) {
    const raw = String(text === undefined || text === null ? "" : text).trim();
    if (raw === "") return { value: null, error: "empty" };
    if (!/^[0-9]{1,6}$/.test(raw)) return { value: null, error: "not_count" };
    return { value: Number(raw), error: null };
  }

  // A date typed as the project writes it, dd/mm/yyyy, as ISO; a day that does not exist is
  // refused, never rolled over to the next month.
  function parseDate(text) {
    const raw = String(text === undefined || text === null ? "" : text).trim();
    if (raw === "") return { value: null, error: "empty" };
    const found = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(raw);
    if (!found) return { value: null, error: "not_date" };
    const [d, m, y] = [Number(found[1]), Number(found[2]), Number(found[3])];
    const t = new Date(Date.UTC(y, m - 1, d));
    if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) {
      return { value: null, error: "not_date" };
    }
    const two = (n) => String(n).padStart(2, "0");
    return { value: `${y}-${two(m)}-${two(d)}`, error: null };
  }

  function date(iso) {
    if (!iso) return "";
    const [y, m, d] = String(iso).slice(0, 10).split("-");
    return `${d}/${m}/${y}`;
  }

  function moment(iso) {
    if (!iso) return "";
    const t = new Date(iso);
    if (Number.isNaN(t.getTime())) return "";
    const two = (n) => String(n).padStart(2, "0");
    return `${two(t.getHours())}:${two(t.getMinutes())} ${two(t.getDate())}/${two(
      t.getMonth() + 1
    )}/${t.getFullYear()}`;
  }

  // Regroups an amount field's digits as the person types (the caret goes to the end).
  // Anything but digits, dots and spaces is left as typed, for parse() to refuse by name.
  function regroup(input) {
    if (!/^[0-9. ]*$/.test(input.value)) return;
    const digits = input.value.replace(/[^0-9]/g, "").replace(/^0+(?=\d)/, "");
    const shown = digits === "" ? "" : grouped(digits.length > 15 ? digits.slice(0, 15) : digits);
    if (shown !== input.value) input.value = shown;
  }

  Field.money = { grouped, vnd, parse, parseCount, parseDate, date, moment, regroup, MAX_VND };
})((self.Field = self.Field || {}));
