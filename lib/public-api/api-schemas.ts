import { z } from "zod";
import { SITE_CODES } from "@/lib/exact-sites";
import { ROW_STATES } from "@/lib/schemas/overview-params";
import "@/lib/schemas/zod-jitless";

// The /api/v1 answers and parameters, once: the route handlers build their answers to these
// types and parse their query strings with them, and the OpenAPI document
// (lib/public-api/openapi-document.ts) is generated from them, so the description cannot drift.

/** The schemas the OpenAPI document names under components/schemas. */
export const apiRegistry = z.registry<{ id: string; description?: string }>();

const dateTime = z.iso.datetime();

export const LOGIN_STATUSES = ["pending", "active", "expiring", "needs_reauth", "error"] as const;

export const stateSchema = z.enum(ROW_STATES).register(apiRegistry, {
  id: "State",
  description:
    "A link's health, as the portal's overview shows it: `active`, `expiring` (inside the environment's " +
    "warning window), `needs_reauth` (an admin must authorize the login again), `error` (the login's, or the " +
    "administration's own last call to Exact failed), `pending` (consent not given yet), `not_linked` " +
    "(no administration, no OAuth login, or — for a division — no Exact division).",
});

export const reasonSchema = z
  .object({
    code: z.string().meta({ description: "Why, as a code (e.g. `proxy_unreachable`, `refresh_token_expired`)." }),
    of: z.enum(["login", "administration"]).meta({
      description: "Whose reason: the OAuth login's, or the administration's own last call to Exact.",
    }),
    at: dateTime.nullable().meta({ description: "When the administration's call failed (null for the login's)." }),
  })
  .register(apiRegistry, { id: "Reason", description: "Why the state is not healthy, when the portal knows." });

export const oauthLoginSchema = z
  .object({
    id: z.uuid(),
    description: z.string(),
    site: z.enum(SITE_CODES).meta({ description: "The Exact site (country) of the login." }),
    status: z.enum(LOGIN_STATUSES).meta({ description: "The login's own status." }),
    expiresAt: dateTime.nullable().meta({ description: "When the login needs a new consent." }),
  })
  .register(apiRegistry, { id: "OAuthLogin", description: "The OAuth login the administration uses. Never a token." });

export const administrationSchema = z
  .object({
    id: z.uuid(),
    description: z.string(),
    type: z.enum(["exact_online"]),
    state: stateSchema,
    stateDescription: z.string().meta({
      description: "The state in the portal's words (Accept-Language: nl or en; English by default).",
    }),
    reason: reasonSchema.nullable(),
    oauthLogin: oauthLoginSchema.nullable(),
    proxySet: z.boolean().meta({ description: "Whether calls go through a proxy server. Its settings stay inside." }),
    divisions: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        exactDivision: z.int().nullable().meta({ description: "The Exact division (number) it is mapped to." }),
      }),
    ),
  })
  .register(apiRegistry, { id: "Administration", description: "An administration and its link to Exact Online." });

export const administrationListSchema = z
  .object({ data: z.array(administrationSchema) })
  .register(apiRegistry, { id: "AdministrationList" });

export const administrationOneSchema = z
  .object({ data: administrationSchema })
  .register(apiRegistry, { id: "AdministrationOne" });

export const divisionRowSchema = z
  .object({
    id: z
      .uuid()
      .meta({ description: "The division's id; for an administration without divisions, the administration's." }),
    kind: z.enum(["division", "administration"]).meta({
      description: "`administration`: a row for an administration that has no divisions.",
    }),
    code: z.string().nullable(),
    name: z.string().nullable(),
    administration: z.object({ id: z.uuid(), description: z.string() }).nullable(),
    oauthLogin: z.object({ id: z.uuid(), description: z.string(), site: z.enum(SITE_CODES) }).nullable(),
    exactDivision: z
      .object({ code: z.int(), hid: z.string().nullable(), description: z.string().nullable() })
      .nullable()
      .meta({ description: "The Exact division it is mapped to." }),
    state: stateSchema,
    stateDescription: z.string(),
    reason: reasonSchema.nullable(),
    loginExpiresAt: dateTime.nullable(),
    lastCheckAt: dateTime.nullable().meta({ description: "The last time a call over this link worked." }),
  })
  .register(apiRegistry, { id: "DivisionRow", description: "One row of the portal's overview." });

export const DIVISIONS_PAGE_MAX = 500;
export const DIVISIONS_PAGE_DEFAULT = 100;

export const divisionPageSchema = z
  .object({
    data: z.array(divisionRowSchema),
    nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last." }),
  })
  .register(apiRegistry, { id: "DivisionPage" });

/**
 * The query string of GET /api/v1/divisions: the overview page's filters by the same names,
 * with `limit` and `cursor` for paging. Anything else (the page's `sort`, `page`, `size`) is
 * refused rather than ignored, so a caller never gets another order than it asked for.
 */
export const divisionsQuerySchema = z.strictObject({
  state: z.enum(ROW_STATES).optional().meta({ description: "Only rows in this state." }),
  login: z.uuid().optional().meta({ description: "Only rows linked through this OAuth login (id)." }),
  admin: z.uuid().optional().meta({ description: "Only rows of this administration (id)." }),
  site: z.enum(SITE_CODES).optional().meta({ description: "Only rows whose login is on this Exact site." }),
  q: z
    .string()
    .max(200)
    .optional()
    .meta({
      description:
        "Search in division code and name, Exact division and administration, ignoring case and accents " +
        "(`cafe` finds `Café`).",
    }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(DIVISIONS_PAGE_MAX)
    .default(DIVISIONS_PAGE_DEFAULT)
    .meta({ description: `Rows per page, 1–${DIVISIONS_PAGE_MAX} (default ${DIVISIONS_PAGE_DEFAULT}).` }),
  cursor: z.string().optional().meta({ description: "The `nextCursor` of the previous page; omit for the first." }),
});

export const errorSchema = z
  .object({
    error: z
      .looseObject({
        code: z.string().meta({ description: "What went wrong, for programs." }),
        message: z.string().meta({ description: "What went wrong, in words, for people." }),
        state: stateSchema.optional().meta({ description: "The link's state, when the link is why." }),
      })
      .meta({ description: "Some errors add fields (e.g. `state`, `parameter`)." }),
  })
  .register(apiRegistry, { id: "Error", description: "Every error of the API has this shape." });

export type ApiAdministration = z.output<typeof administrationSchema>;
export type ApiDivisionRow = z.output<typeof divisionRowSchema>;
