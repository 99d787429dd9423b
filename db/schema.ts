import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

// The whole product's data model. Later issues add behaviour, not tables.
// Secrets are stored only as ciphertext (columns ending in `_enc`), written and read
// through lib/crypto — never selected into a DTO.

export const roleEnum = pgEnum("role", ["admin", "viewer"]);
export const localeEnum = pgEnum("locale", ["nl", "en"]);
export const exactSiteEnum = pgEnum("exact_site", ["NL", "BE", "DE", "UK", "US", "ES", "FR"]);
export const oauthLoginStatusEnum = pgEnum("oauth_login_status", [
  "pending",
  "active",
  "expiring",
  "needs_reauth",
  "error",
]);
export const administrationTypeEnum = pgEnum("administration_type", ["exact_online"]);
/** What an API key may do through the Exact pass-through: `read` GET only, `read-write` also POST, PUT, DELETE. */
export const apiKeyScopeEnum = pgEnum("api_key_scope", ["read", "read-write"]);

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
};

export const environments = pgTable("environments", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull().unique(),
  sortOrder: integer("sort_order").notNull().default(0),
  // How many days before a login's expiry it is flagged as expiring.
  expiryWarningDays: integer("expiry_warning_days").notNull().default(7),
  // Notifications of a login's change of state (lib/notify). Empty: the server's defaults
  // (NOTIFY_EMAIL_TO, NOTIFY_WEBHOOK_URL, NOTIFY_WEBHOOK_SECRET).
  /** Comma-separated e-mail addresses. */
  notifyEmailTo: text("notify_email_to"),
  notifyWebhookUrl: text("notify_webhook_url"),
  /** The webhook's signing secret, sealed by webhookSecretColumn (lib/crypto/secret-columns.ts). */
  notifyWebhookSecretEnc: text("notify_webhook_secret_enc"),
  /** Its divisions without an administration: kept by a trigger on divisions (migration 0007). */
  unlinkedDivisionCount: integer("unlinked_division_count").notNull().default(0),
  /** Marks the header and the environment's name: one of lib/environments/environment-colours.ts, read through lib/data/environments.ts. */
  colour: text("colour").notNull().default("blue"),
  ...timestamps,
});

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: roleEnum("role").notNull().default("viewer"),
    passwordHash: text("password_hash").notNull(),
    disabled: boolean("disabled").notNull().default(false),
    mustChangePassword: boolean("must_change_password").notNull().default(false),
    locale: localeEnum("locale").notNull().default("nl"),
    environmentId: uuid("environment_id").references(() => environments.id, {
      onDelete: "set null",
    }),
    lastSignInAt: timestamp("last_sign_in_at", { withTimezone: true }),
    // Sessions issued before this moment are no longer accepted (set on disable and reset).
    sessionsRevokedAt: timestamp("sessions_revoked_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [uniqueIndex("users_email_lower_idx").on(sql`lower(${t.email})`)],
);

// One row per sign-in: the session cookie names it (a JWT claim), and every request checks the
// row is live, so signing out, a password change or the absolute lifetime ends a session on the
// server and a copied cookie stops working.
export const userSessions = pgTable(
  "user_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    /** signed_out, password_changed, password_reset, disabled */
    endReason: text("end_reason"),
  },
  (t) => [index("user_sessions_user_idx").on(t.userId), index("user_sessions_created_idx").on(t.createdAt)],
);

// Failed sign-ins, per e-mail and per client address, so throttling holds across processes.
export const signInThrottle = pgTable(
  "sign_in_throttle",
  {
    key: text("key").primaryKey(),
    failures: integer("failures").notNull().default(0),
    windowStartedAt: timestamp("window_started_at", { withTimezone: true }).notNull().defaultNow(),
    lastFailureAt: timestamp("last_failure_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // Old rows are pruned by it.
  (t) => [index("sign_in_throttle_last_failure_idx").on(t.lastFailureAt)],
);

/** Each "Stuur testmelding" sent for an environment, for its limit of 5 an hour. */
export const notificationTestSends = pgTable(
  "notification_test_sends",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    environmentId: uuid("environment_id")
      .notNull()
      .references(() => environments.id, { onDelete: "cascade" }),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("notification_test_sends_environment_sent_at").on(t.environmentId, t.sentAt)],
);
export const oauthLogins = pgTable(
  "oauth_logins",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    environmentId: uuid("environment_id")
      .notNull()
      .references(() => environments.id, { onDelete: "cascade" }),
    description: text("description").notNull(),
    site: exactSiteEnum("site").notNull(),
    exactUserId: text("exact_user_id"),
    exactUserName: text("exact_user_name"),
    exactFullName: text("exact_full_name"),
    exactCurrentDivision: integer("exact_current_division"),
    accessTokenEnc: text("access_token_enc"),
    refreshTokenEnc: text("refresh_token_enc"),
    accessTokenExpiresAt: timestamp("access_token_expires_at", { withTimezone: true }),
    refreshTokenObtainedAt: timestamp("refresh_token_obtained_at", { withTimezone: true }),
    loginExpiresAt: timestamp("login_expires_at", { withTimezone: true }),
    status: oauthLoginStatusEnum("status").notNull().default("pending"),
    lastError: text("last_error"),
    /** Values the last_error words name (e.g. the newer consent that retired this chain). */
    lastErrorValues: jsonb("last_error_values").$type<Record<string, string>>(),
    lastRefreshAt: timestamp("last_refresh_at", { withTimezone: true }),
    lastCheckAt: timestamp("last_check_at", { withTimezone: true }),
    /** When the current token chain began: the consent that issued its first pair. */
    consentedAt: timestamp("consented_at", { withTimezone: true }),
    // The refresh lease (lib/exact/tokens/refresh-lease.ts): who may refresh this login now,
    // and until when. Committed, so no database connection is held while Exact answers.
    tokenVersion: integer("token_version").notNull().default(0),
    refreshLeaseOwner: text("refresh_lease_owner"),
    refreshLeaseUntil: timestamp("refresh_lease_until", { withTimezone: true }),
    /** A refresh may have reached Exact without its answer reaching us (a lost answer). */
    refreshInDoubtAt: timestamp("refresh_in_doubt_at", { withTimezone: true }),
    // The state last notified (lib/notify), so each change of state is notified once.
    notifiedStatus: text("notified_status"),
    notifiedAt: timestamp("notified_at", { withTimezone: true }),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [
    index("oauth_logins_environment_idx").on(t.environmentId),
    uniqueIndex("oauth_logins_env_description_idx").on(t.environmentId, sql`lower(${t.description})`),
  ],
);

// One row per consent round-trip: the `state` lives here, not in a cookie, so it can be
// used once and is bound to the admin who started it and the login being authorized.
export const oauthStates = pgTable("oauth_states", {
  id: uuid("id").primaryKey().defaultRandom(),
  stateHash: text("state_hash").notNull().unique(),
  oauthLoginId: uuid("oauth_login_id")
    .notNull()
    .references(() => oauthLogins.id, { onDelete: "cascade" }),
  userId: uuid("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  forceLogin: boolean("force_login").notNull().default(false),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  usedAt: timestamp("used_at", { withTimezone: true }),
});

export const administrations = pgTable(
  "administrations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    environmentId: uuid("environment_id")
      .notNull()
      .references(() => environments.id, { onDelete: "cascade" }),
    type: administrationTypeEnum("type").notNull().default("exact_online"),
    description: text("description").notNull(),
    oauthLoginId: uuid("oauth_login_id").references(() => oauthLogins.id, {
      onDelete: "set null",
    }),
    proxyServer: text("proxy_server"),
    proxyUsername: text("proxy_username"),
    proxyPasswordEnc: text("proxy_password_enc"),
    proxyDomain: text("proxy_domain"),
    // The last "Verbinding testen": when, whether it worked, and what it said: on failure the
    // error code (a key under errors.*), on success a short summary. Never a secret.
    lastTestAt: timestamp("last_test_at", { withTimezone: true }),
    lastTestOk: boolean("last_test_ok"),
    lastTestMessage: text("last_test_message"),
    // A failed test's precise reason (an errors.* key) and its values, for admins only: through a
    // proxy, last_test_message keeps only "the proxy failed" for everyone who reads the
    // overview, while the admin who tested is told, and the grid keeps, what went wrong.
    lastTestReason: text("last_test_reason"),
    lastTestReasonValues: jsonb("last_test_reason_values").$type<Record<string, string>>(),
    // The last REST call made over this administration's route (lib/exact/api/exact-get-all.ts):
    // when, whether it worked, and on failure the error code (under errors.*) and its values.
    // With the last test it is the administration's own health on the overview.
    lastCallAt: timestamp("last_call_at", { withTimezone: true }),
    lastCallOk: boolean("last_call_ok"),
    lastCallError: text("last_call_error"),
    lastCallErrorValues: jsonb("last_call_error_values").$type<Record<string, string>>(),
    /** The last call over this route that worked: the overview's "last successful check". */
    lastCallOkAt: timestamp("last_call_ok_at", { withTimezone: true }),
    /** Its divisions: kept by a trigger on divisions (migration 0007), for the overview's counts. */
    divisionCount: integer("division_count").notNull().default(0),
    /**
     * Its divisions without an Exact division (not linked, whatever the link's health): kept by the
     * same trigger (migration 0019), so the overview counts them without reading divisions.
     */
    unmappedDivisionCount: integer("unmapped_division_count").notNull().default(0),
    /** The description as the overview's search matches it: koppeling_fold (migration 0017). */
    searchText: text("search_text").generatedAlwaysAs(sql`koppeling_fold(description)`),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("administrations_env_description_idx").on(t.environmentId, t.description),
    // Descriptions are unique whatever their case, here as in the form's check (ONLINE and Online are one).
    uniqueIndex("administrations_env_description_lower_idx").on(t.environmentId, sql`lower(${t.description})`),
    index("administrations_oauth_login_idx").on(t.oauthLoginId),
    // The overview's rows for administrations without divisions, in order.
    index("administrations_env_no_divisions_idx").on(t.environmentId, t.description).where(sql`${t.divisionCount} = 0`),
  ],
);

export const divisions = pgTable(
  "divisions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    environmentId: uuid("environment_id")
      .notNull()
      .references(() => environments.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    name: text("name").notNull(),
    administrationId: uuid("administration_id").references(() => administrations.id, {
      onDelete: "set null",
    }),
    exactDivisionCode: integer("exact_division_code"),
    exactDivisionDescription: text("exact_division_description"),
    exactDivisionHid: text("exact_division_hid"),
    /**
     * The code's sort key: codes sort as people read them, 1, 2 … 101 (division_code_sort_key,
     * migration 0017); ties ("007", "7") by the code itself.
     */
    codeSort: text("code_sort").notNull().generatedAlwaysAs(sql`division_code_sort_key(code)`),
    /**
     * What the overview's search matches, folded (no accents, no case: koppeling_fold): code,
     * name and the Exact division. Its GIN indexes (trigram and short pieces) are in migration 0019.
     */
    searchText: text("search_text").generatedAlwaysAs(
      sql`koppeling_fold(code || ' ' || name || ' ' || coalesce(exact_division_hid, '') || ' ' || coalesce(exact_division_description, '') || ' ' || coalesce(exact_division_code::text, ''))`,
    ),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("divisions_env_code_idx").on(t.environmentId, t.code),
    // The overview pages and sorts on these (lib/data/division-overview.ts).
    index("divisions_env_name_idx").on(t.environmentId, t.name),
    index("divisions_env_code_sort_idx").on(t.environmentId, t.codeSort, t.code),
    index("divisions_administration_code_sort_idx").on(t.administrationId, t.codeSort, t.code),
    index("divisions_env_exact_code_idx").on(t.environmentId, t.exactDivisionCode),
    // The overview's rows for divisions without an administration, in order.
    index("divisions_env_unlinked_idx")
      .on(t.environmentId, t.codeSort, t.code)
      .where(sql`${t.administrationId} is null`),
  ],
);

export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    // Kept beside the id so the log still says who it was after a user is gone.
    actorEmail: text("actor_email"),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    environmentId: uuid("environment_id").references(() => environments.id, {
      onDelete: "set null",
    }),
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index("audit_events_at_idx").on(t.at),
    index("audit_events_entity_idx").on(t.entityType, t.at),
    index("audit_events_actor_idx").on(t.actorUserId, t.at),
  ],
);

// Exact blocks an app for an hour after 10 error answers (4xx) per user, division, endpoint
// and hour. Counted here, shared by every portal process, so the portal stops itself first.
export const exactErrorCounts = pgTable(
  "exact_error_counts",
  {
    key: text("key").notNull(),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] })],
);

// The portal processes that may call Exact (web servers, job workers), each beating every few
// seconds: the calls one Exact user and division may have in flight are shared between the
// live ones, so a burst spread over several processes still meets Exact with a bounded number
// of calls when it has just revoked a token (lib/exact/api/live-processes.ts).
export const portalProcesses = pgTable("portal_processes", {
  id: uuid("id").primaryKey(),
  host: text("host").notNull(),
  pid: integer("pid").notNull(),
  startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
  seenAt: timestamp("seen_at", { withTimezone: true }).notNull(),
});

// A rate-limit pause Exact ordered (a 429, or X-RateLimit-*-Remaining at 0): no call for the
// key leaves any portal process before `until`.
export const exactRateLimits = pgTable("exact_rate_limits", {
  key: text("key").primaryKey(),
  until: timestamp("until", { withTimezone: true }).notNull(),
  minutely: boolean("minutely").notNull().default(false),
});

// API keys for other systems (the invoicing product): a key belongs to one environment and
// sees only that one. Only a SHA-256 of the key is kept (a key holds 192 random bits, so a slow
// hash adds nothing); `prefix` is the key's public first part, for lookup and for people.
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    environmentId: uuid("environment_id")
      .notNull()
      .references(() => environments.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull(),
    // New keys read only unless chosen otherwise; keys made before scopes existed were made
    // read-write by migration 0015 (the invoicing product writes through them).
    scope: apiKeyScopeEnum("scope").notNull().default("read"),
    // A key made in the portal works only while this user is an active admin (checked at every
    // request); null: made by `npm run apikey:create`, which has no user to follow.
    createdByUserId: uuid("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    // Kept beside the id: the list still says who made a key after that user is gone, and
    // "npm run apikey:create" has no user.
    createdByName: text("created_by_name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    callCount: bigint("call_count", { mode: "number" }).notNull().default(0),
    /** Requests refused with this key's prefix (a wrong secret, revoked, expired): someone holds something like it. */
    refusedCount: bigint("refused_count", { mode: "number" }).notNull().default(0),
    lastRefusedAt: timestamp("last_refused_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("api_keys_prefix_idx").on(t.prefix),
    index("api_keys_environment_idx").on(t.environmentId, t.createdAt),
  ],
);

// Every call the portal made to Exact — token calls (code exchange, refresh) and REST calls —
// for the Activiteit view of a login or an administration (lib/activity). Written in batches
// off the request path, kept ACTIVITY_RETENTION_DAYS (90) and pruned by a job. No secret, no
// query value: the path keeps the names of query options only, the error is a code (errors.*).
// No foreign keys: a record outlives the login or administration it names until it is pruned,
// and a batch must never fail because one of them was deleted meanwhile.
export const exactCalls = pgTable(
  "exact_calls",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    oauthLoginId: uuid("oauth_login_id").notNull(),
    administrationId: uuid("administration_id"),
    division: integer("division"),
    /** `token` (the token endpoint) or `rest` (under /api/v1/). */
    kind: text("kind").$type<"token" | "rest">().notNull(),
    /** `keepalive`, `test`, `page`, `consent` or `api`. */
    onBehalf: text("on_behalf").$type<"keepalive" | "test" | "page" | "consent" | "api">().notNull(),
    apiKeyPrefix: text("api_key_prefix"),
    method: text("method").notNull(),
    path: text("path").notNull(),
    /** Exact's HTTP status; null when no answer came (network, proxy, time-out). */
    status: smallint("status"),
    durationMs: integer("duration_ms").notNull(),
    ok: boolean("ok").notNull(),
    /** Why it failed, as a code under errors.* (words in the view), never Exact's raw text. */
    error: text("error"),
  },
  (t) => [
    // Keyset paging newest first per login / administration: (subject, at, id) read backwards.
    index("exact_calls_login_idx").on(t.oauthLoginId, t.at, t.id),
    // Failures and token calls are rare among the calls: a filtered page reads its own index.
    index("exact_calls_login_failed_idx").on(t.oauthLoginId, t.at, t.id).where(sql`not ${t.ok}`),
    index("exact_calls_login_token_idx").on(t.oauthLoginId, t.at, t.id).where(sql`${t.kind} = 'token'`),
    index("exact_calls_administration_idx")
      .on(t.administrationId, t.at, t.id)
      .where(sql`${t.administrationId} is not null`),
    index("exact_calls_administration_failed_idx")
      .on(t.administrationId, t.at, t.id)
      .where(sql`${t.administrationId} is not null and not ${t.ok}`),
    // The pruning job deletes by age.
    index("exact_calls_at_idx").on(t.at),
  ],
);
