import { EXACT_SITES, type ExactSite, siteDisplayUrl } from "@/lib/exact-sites";
import type { Translate } from "@/lib/i18n/describe-login-state";
import { formatDate, formatDateTime } from "@/lib/i18n/format-date";
import type { Locale } from "@/lib/i18n/locales";

// An audit event in the words of the person reading it: the action in words ("OAuth login
// aangemaakt"), the record by its name, every detail a "field: old → new" line with the
// field in words. Never a code, a raw id or JSON. One function for the audit log page and
// anything that exports the log; it works with next-intl's translator and with use-intl's
// createTranslator (scripts), so it imports neither.

/** An audit event as stored. */
export type StoredAuditEvent = {
  at: Date;
  actorEmail: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  detail: Record<string, unknown>;
};

/** Every cell of an audit event in words. */
export type AuditEventWords = { at: string; who: string; action: string; record: string; details: string[] };

/** The kinds of record whose current names can be looked up by id. */
export const NAMED_RECORD_KINDS = ["user", "environment", "oauth_login", "administration", "division"] as const;
export type NamedRecordKind = (typeof NAMED_RECORD_KINDS)[number];
export type RecordRef = { kind: NamedRecordKind; id: string };

/** Current names of records, keyed by `recordKey(kind, id)`; a record not in it is gone. */
export type RecordNames = ReadonlyMap<string, string>;
export const recordKey = (kind: string, id: string) => `${kind}:${id}`;

/** Detail fields that hold the id of another record. */
const REFERENCE_FIELDS: Record<string, NamedRecordKind> = {
  oauthLoginId: "oauth_login",
  administrationId: "administration",
};

/**
 * Where an event keeps the names of the records its detail refers to by id, as they were
 * then (`{ [id]: name }`), so the log can name them after they are gone.
 */
export const STORED_NAMES = "names";

/** Detail fields that name the event's own record, per kind: shown as the record, not again as a detail. */
const IDENTITY_FIELDS: Record<string, readonly string[]> = {
  user: ["name", "email"],
  environment: ["name"],
  oauth_login: ["description"],
  administration: ["description"],
  division: ["code", "name"],
  api_key: ["name"],
};

// Fields whose values are codes with words under audit.values.<field>.<code>.
const CODED_FIELDS = new Set([
  "proxyCredential",
  "webhookCredential",
  "event",
  "channel",
  "permission",
  "reason",
  "error",
  "scope",
]);

// The portal's pages, for the page a refused action came from.
const PAGES: Record<string, string> = {
  "/": "nav.overview",
  "/system/oauth-logins": "nav.oauthLogins",
  "/system/settings": "nav.settings",
  "/users": "nav.users",
  "/audit": "nav.audit",
  "/account/password": "account.title",
};

// The order detail lines come in (PostgreSQL's jsonb keeps no order of its own); others follow.
const FIELD_ORDER = [
  "description",
  "name",
  "email",
  "code",
  "type",
  "site",
  "role",
  "status",
  "disabled",
  "oauthLoginId",
  "administrationId",
  "exactDivision",
  "proxyServer",
  "proxyUser",
  "proxyDomain",
  "proxyCredential",
  "expiryWarningDays",
  "notifyEmailTo",
  "notifyWebhookHost",
  "webhookCredential",
  "exactUserName",
  "previousExactUserName",
  "event",
  "channel",
  "recipients",
  "host",
  "method",
  "exactPath",
  "exactStatus",
  "permission",
  "reason",
  "error",
  "path",
  "prefix",
  "scope",
  "expiresAt",
];
const rank = (field: string) => {
  const i = FIELD_ORDER.indexOf(field);
  return i < 0 ? FIELD_ORDER.length : i;
};
const byReadingOrder = (a: string, b: string) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
/** A detail's fields in reading order. */
const inOrder = (o: Record<string, unknown>) => Object.entries(o).sort(([a], [b]) => byReadingOrder(a, b));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const ACTION_CODE = /^([a-z][a-z0-9_]*)\.([a-z][a-z0-9_]*)$/;

type FromTo = { from: unknown; to: unknown };
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);
const isFromTo = (v: unknown): v is FromTo => isObject(v) && "from" in v && "to" in v && Object.keys(v).length === 2;
const isBlank = (v: unknown) => v === null || v === undefined || v === "";

/** "notifyWebhookHost" / "sign_in_failed" → "notify webhook host" / "sign in failed". */
function humanize(code: string): string {
  return code
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_.-]+/g, " ")
    .trim()
    .toLowerCase();
}
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The records an event names by id (its own, and those its detail refers to), to look up their names. */
export function referencedRecords(events: readonly StoredAuditEvent[]): RecordRef[] {
  const refs = new Map<string, RecordRef>();
  const add = (kind: NamedRecordKind, id: unknown) => {
    if (typeof id === "string" && UUID.test(id)) refs.set(recordKey(kind, id), { kind, id });
  };
  const walk = (value: unknown, field?: string) => {
    const kind = field ? REFERENCE_FIELDS[field] : undefined;
    if (kind && isFromTo(value)) {
      add(kind, value.from);
      add(kind, value.to);
    } else if (kind) add(kind, value);
    else if (isObject(value)) for (const [k, v] of Object.entries(value)) walk(v, k);
  };
  for (const e of events) {
    if ((NAMED_RECORD_KINDS as readonly string[]).includes(e.entityType))
      add(e.entityType as NamedRecordKind, e.entityId);
    walk(e.detail);
  }
  return [...refs.values()];
}

/** Describes audit events; `names` are the current names of the records they refer to. */
export function describeAuditEvent(
  t: Translate,
  locale: Locale,
  event: StoredAuditEvent,
  names: RecordNames,
): AuditEventWords {
  const detail = event.detail ?? {};
  const stored = isObject(detail[STORED_NAMES]) ? (detail[STORED_NAMES] as Record<string, unknown>) : {};
  const [, entity = event.entityType, verb = event.action] = ACTION_CODE.exec(event.action) ?? [];

  const kindWord = (kind: string) =>
    t.has(`audit.kinds.${kind}`) ? t(`audit.kinds.${kind}`) : capitalize(humanize(kind));

  /** A record referred to by id: its name now, else its name then, else that it is gone. */
  const nameOf = (kind: NamedRecordKind, id: string, nameThen?: string): string => {
    const now = names.get(recordKey(kind, id));
    if (now) return now;
    const then = nameThen ?? (typeof stored[id] === "string" ? (stored[id] as string) : undefined);
    return then ? t("audit.gone", { name: then }) : t("audit.goneUnnamed");
  };

  const identity = IDENTITY_FIELDS[event.entityType] ?? [];
  /** A name field as the event left it: its value, its new value, or its value after the change. */
  const plain = (field: string): string | undefined => {
    const value = isFromTo(detail[field]) ? (detail[field] as FromTo).to : detail[field];
    if (typeof value === "string" && value) return value;
    return isObject(detail.after) && typeof detail.after[field] === "string"
      ? (detail.after[field] as string)
      : undefined;
  };
  const nameInDetail = (): string | undefined => {
    if (event.entityType === "division" && plain("code")) {
      return plain("name") ? `${plain("code")} - ${plain("name")}` : plain("code");
    }
    if (event.entityType === "user" && plain("name") && plain("email")) return `${plain("name")} (${plain("email")})`;
    return identity.map(plain).find(Boolean);
  };

  const record = (): string => {
    const kind = event.entityType;
    const id = event.entityId;
    const named = (NAMED_RECORD_KINDS as readonly string[]).includes(kind) && id !== null && UUID.test(id);
    const name = named ? nameOf(kind as NamedRecordKind, id, nameInDetail()) : nameInDetail();
    return name ? t("audit.record", { kind: kindWord(kind), name }) : kindWord(kind);
  };

  const fieldWord = (field: string) =>
    t.has(`audit.fields.${field}`) ? t(`audit.fields.${field}`) : capitalize(humanize(field));

  const textValues = Object.fromEntries(
    Object.entries(detail).filter(([, v]) => typeof v === "string" || typeof v === "number"),
  ) as Record<string, string | number>;

  const valueWords = (field: string, value: unknown): string => {
    if (isBlank(value)) return t("audit.values.empty");
    const kind = REFERENCE_FIELDS[field];
    if (kind && typeof value === "string") return nameOf(kind, value);
    if (Array.isArray(value)) return value.map((v) => valueWords(field, v)).join(", ");
    if (isObject(value)) {
      return inOrder(value)
        .map(([k, v]) => `${fieldWord(k)}: ${valueWords(k, v)}`)
        .join(", ");
    }
    if (typeof value === "boolean") return t(value ? "audit.values.yes" : "audit.values.no");
    if (typeof value !== "string") return String(value);
    const code = `${field}.${value}`;
    if (field === "role" && t.has(`header.roles.${value}`)) return t(`header.roles.${value}`);
    if (field === "type" && t.has(`settings.types.${value}`)) return t(`settings.types.${value}`);
    if (field === "colour" && t.has(`settings.colours.${value}`)) return t(`settings.colours.${value}`);
    if (field === "site" && value in EXACT_SITES) return siteDisplayUrl(value as ExactSite);
    if (field === "status" && t.has(`linkState.${value}`)) return t(`linkState.${value}`);
    if (field === "path") return PAGES[value] ? `${t(PAGES[value])} (${value})` : value;
    if (CODED_FIELDS.has(field) && t.has(`audit.values.${code}`)) return t(`audit.values.${code}`);
    if (field === "reason" && t.has(`oauthLogins.lastError.${value}`)) {
      return t(`oauthLogins.lastError.${value}`, textValues);
    }
    if (ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value))) {
      const at = new Date(value);
      // A day (an expiry chosen as a date) is stored as its first instant: it reads as the day.
      const day = formatDateTime(at, locale).endsWith(" 00:00");
      return day ? formatDate(at, locale) : formatDateTime(at, locale);
    }
    // An id no one can look up is no use to a reader.
    if (UUID.test(value)) return t("audit.values.unknownRecord");
    return value;
  };

  const line = (field: string, value: unknown): string[] => {
    if (isFromTo(value)) {
      return [
        t("audit.change", {
          field: fieldWord(field),
          from: valueWords(field, value.from),
          to: valueWords(field, value.to),
        }),
      ];
    }
    // A blocked user's sign-in that was refused changed nothing: it is not "Actief → Geblokkeerd".
    if (field === "disabled" && event.action === "user.sign_in_failed") {
      return value === true ? [t("audit.blockedSignIn")] : [];
    }
    // Blocking stores the new state only; the old one is its opposite.
    if (field === "disabled" && typeof value === "boolean") {
      const state = (disabled: boolean) => t(disabled ? "users.disabled" : "users.active");
      return [t("audit.change", { field: t("audit.fields.status"), from: state(!value), to: state(value) })];
    }
    if (isBlank(value) || (Array.isArray(value) && value.length === 0)) return [];
    return [t("audit.value", { field: fieldWord(field), value: valueWords(field, value) })];
  };

  /** Each field that differs between two snapshots (before/after), as a change. */
  const diff = (before: Record<string, unknown>, after: Record<string, unknown>) =>
    [...new Set([...Object.keys(before), ...Object.keys(after)])]
      .sort(byReadingOrder)
      .filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null))
      .flatMap((k) => line(k, { from: before[k] ?? null, to: after[k] ?? null }));

  // A change to the password alone is the headline: "Proxywachtwoord gewijzigd".
  const credentialOnly = (credentialField: string, changesOf: Record<string, unknown>) =>
    typeof detail[credentialField] === "string" &&
    Object.keys(changesOf).filter((k) => !identity.includes(k) && k !== credentialField).length === 0;

  const headline = (): { words: string; hides?: string } => {
    const changes = isObject(detail.changes) ? detail.changes : {};
    if (event.action === "administration.updated" && credentialOnly("proxyCredential", changes)) {
      const key = `audit.headlines.proxyCredential.${detail.proxyCredential}`;
      if (t.has(key)) return { words: t(key), hides: "proxyCredential" };
    }
    if (event.action === "environment.settings_changed" && credentialOnly("webhookCredential", detail)) {
      const key = `audit.headlines.webhookCredential.${detail.webhookCredential}`;
      if (t.has(key)) return { words: t(key), hides: "webhookCredential" };
    }
    if (ACTION_CODE.test(event.action) && t.has(`audit.actions.${event.action}`)) {
      return { words: t(`audit.actions.${event.action}`) };
    }
    return { words: t("audit.unknownAction", { kind: kindWord(entity), action: humanize(verb) }) };
  };

  const details = (hides?: string, shownAsWho: ReadonlySet<string> = new Set()): string[] => {
    // A dead login: the reason in the words its state uses, with the values it carries.
    if (event.action === "oauth_login.needs_reauth") return line("reason", detail.reason);
    // A test notification: what became of each kind, in the words the Algemeen tab uses.
    if (event.action === "notification.test_sent" && Array.isArray(detail.outcomes)) {
      return detail.outcomes.filter(isObject).map((o) => {
        const channel = String(o.channel);
        if (o.ok)
          return t(`settings.notify.sent.${channel}`, { count: Number(o.recipients ?? 0), host: String(o.host ?? "") });
        const failure = `settings.notify.failure.${String(o.code)}`;
        const values = isObject(o.values) ? (o.values as Record<string, string>) : {};
        return t(`settings.notify.failed.${channel}`, {
          reason: t.has(failure) ? t(failure, values) : t("settings.notify.failure.failed"),
        });
      });
    }
    // A snapshot before and after (a division): what differs. Otherwise each field, the
    // changes (an administration) among them.
    const { before, after, changes, [STORED_NAMES]: _names, ...fields } = detail;
    if (isObject(before) && isObject(after)) return diff(before, after);
    const lines: string[] = [];
    for (const [field, value] of inOrder({ ...fields, ...(isObject(changes) ? changes : { changes }) })) {
      if (field === hides || shownAsWho.has(field) || (identity.includes(field) && !isFromTo(value))) continue;
      lines.push(...line(field, value));
    }
    return lines;
  };

  const { words, hides } = headline();
  const actor = event.actorEmail;
  // A write through the API: the key that made it is the one who acted (named in the detail).
  const byApiKey = actor === "api";
  const who = () => {
    if (!actor || actor === "system") return t("audit.system");
    if (actor === "cli") return t("audit.cli");
    if (byApiKey) return t("audit.apiKey", { name: String(detail.caller ?? ""), prefix: String(detail.prefix ?? "") });
    return actor;
  };
  const shownAsWho = new Set(byApiKey ? ["caller", "prefix"] : []);
  return {
    at: formatDateTime(event.at, locale),
    who: who(),
    action: words,
    record: record(),
    details: details(hides, shownAsWho),
  };
}
