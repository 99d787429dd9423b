import { z } from "zod";
import "@/lib/schemas/zod-jitless";
import { apiRegistry, DIVISIONS_PAGE_DEFAULT, DIVISIONS_PAGE_MAX, divisionsQuerySchema } from "./api-schemas";
import { CROSS_DIVISION_SERVICES, DIVISION_SERVICES, NESTING_SERVICES } from "./exact-division-scope";
import { MAX_BODY_BYTES } from "./exact-pass-through-limits";
import { API_EXAMPLES } from "./openapi-examples";

// The OpenAPI 3.1 description of /api/v1, generated from the zod schemas the handlers use
// (lib/public-api/api-schemas.ts) by zod's own z.toJSONSchema: OpenAPI 3.1's schema dialect is JSON
// Schema 2020-12, which is what it writes, so no converter package sits in between.

type JsonSchema = Record<string, unknown>;
type Parameter = { name: string; in: "path" | "query"; required: boolean; description?: string; schema: JsonSchema };
type MediaType = { schema: JsonSchema; example?: unknown };
type ApiResponse = { description: string; headers?: Record<string, unknown>; content?: Record<string, MediaType> };
export type Operation = {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  parameters: Parameter[];
  requestBody?: { required: boolean; description: string; content: Record<string, MediaType> };
  responses: Record<string, ApiResponse>;
  security?: Record<string, string[]>[];
};
export type OpenApiDocument = {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  security: Record<string, string[]>[];
  tags: { name: string; description: string }[];
  paths: Record<string, Partial<Record<"get" | "post" | "put" | "delete", Operation>>>;
  components: { securitySchemes: Record<string, unknown>; schemas: Record<string, JsonSchema> };
};

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

/**
 * Answers may gain fields: `additionalProperties: false` (zod's default for output objects)
 * would tell generated clients to reject them. Dates and ids keep their `format` without
 * zod's long patterns.
 */
function tidy(ctx: { jsonSchema: JsonSchema }) {
  const s = ctx.jsonSchema;
  if (s.additionalProperties === false) delete s.additionalProperties;
  if (s.format === "date-time" || s.format === "uuid") delete s.pattern;
}

function componentSchemas(): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(apiRegistry, {
    target: "draft-2020-12",
    io: "output",
    uri: (id) => `#/components/schemas/${id}`,
    override: tidy,
  }) as { schemas: Record<string, JsonSchema> };
  for (const s of Object.values(schemas)) {
    delete s.$schema;
    delete s.$id;
  }
  return schemas;
}

/** The query parameters, from the same schema the handler parses the query string with. */
function queryParameters(schema: z.ZodObject): Parameter[] {
  const json = z.toJSONSchema(schema, { io: "input", override: tidy }) as {
    properties: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(json.properties).map(([name, { description, ...rest }]) => ({
    name,
    in: "query",
    required: json.required?.includes(name) ?? false,
    description: description as string | undefined,
    schema: rest,
  }));
}

const errorContent = (example: { code: string; message: string; [k: string]: unknown }) => ({
  "application/json": { schema: ref("Error"), example: { error: example } },
});

const REFUSED: Record<string, ApiResponse> = {
  "401": {
    description:
      "No key, or a key that is not valid, revoked or expired (`api_key_missing`, `api_key_invalid`, " +
      "`api_key_revoked`, `api_key_expired`), or made in the portal by an administrator who is now blocked or " +
      "no longer an administrator (`api_key_creator_inactive`: it works again once that is undone).",
    headers: { "WWW-Authenticate": { schema: { type: "string" }, description: 'Bearer realm="koppeling"' } },
    content: errorContent({ code: "api_key_revoked", message: "The API key has been revoked." }),
  },
  "500": {
    description: "The portal failed; its log has the details.",
    content: errorContent({
      code: "unexpected",
      message: "Something went wrong in the portal; the server log has the details.",
    }),
  },
};

const ID: Parameter = {
  name: "id",
  in: "path",
  required: true,
  description: "The administration's id (from GET /api/v1/administrations).",
  schema: { type: "string", format: "uuid" },
};

const NOT_FOUND: ApiResponse = {
  description: "No administration with this id in the key's environment (another environment's is not found either).",
  content: errorContent({
    code: "administration_not_found",
    message: "There is no administration with this id in the key's environment.",
  }),
};

const ok = (description: string, schema: string, example: unknown): ApiResponse => ({
  description,
  content: { "application/json": { schema: ref(schema), example } },
});

const RATE_LIMIT_HEADERS = Object.fromEntries(
  ["Limit", "Remaining", "Reset", "Minutely-Limit", "Minutely-Remaining", "Minutely-Reset"].map((h) => [
    `X-RateLimit-${h}`,
    { schema: { type: "string" }, description: "As Exact sent it." },
  ]),
);

/** Who an answer about the link names, as the pass-through's errors carry it. */
const LINK_EXAMPLE = {
  administration: { id: "9a3f6c1d-2e4b-4d7a-b8c0-5e1f2a3b4c5d", description: "ONLINE" },
  login: {
    id: "5b1e0c7a-8d2f-4e6b-9a1c-3f4d5e6a7b8c",
    description: "Exact Qics",
    status: "needs_reauth",
    reason: "refresh_token_expired",
    expiresAt: "2026-07-02T10:00:00.000Z",
  },
};

/** The pass-through (issue 11, part 3, lib/public-api/exact-pass-through.ts): one description per method. */
function exactOperation(method: "get" | "post" | "put" | "delete"): Operation {
  const withBody = method === "post" || method === "put";
  const linkError = (example: { code: string; message: string; [k: string]: unknown }) =>
    errorContent({ ...example, ...LINK_EXAMPLE });
  return {
    operationId: `exact${method[0].toUpperCase()}${method.slice(1)}`,
    summary: `${method.toUpperCase()} on Exact Online through the administration's link`,
    description:
      "Calls Exact Online's REST API at `/api/v1/{path}` (the query string passed on as it came) on the " +
      "login's site, through the administration's proxy, with the login's token from the portal's token store: " +
      "the caller never holds an Exact token. `Accept: application/json`; Exact's rate-limit pauses and the " +
      "portal's error budget apply, and a refused token is refreshed once (one refresh for every caller it " +
      "refused) and the call retried. A GET is tried again on a 5xx or a network failure; POST, PUT and DELETE " +
      "never are. The answer is Exact's: its status, its body (passed through as it came, streamed), its " +
      "`Content-Type` and its `X-RateLimit-*` headers.\n\n" +
      "Only two kinds of `path`: `current/Me`, and `{division}/…` where `{division}` is an Exact division " +
      "mapped to this administration (see its `divisions[].exactDivision`). A path that tries to leave " +
      "Exact's `/api/v1/` (encoded slashes, backslashes or dots, `.`, `..` or empty segments, an absolute URL) " +
      "is 400; any other path 403.\n\n" +
      "Under a division only what is about that division alone passes (an allow-list): the service after " +
      `\`{division}/\` is one of ${DIVISION_SERVICES.map((s) => `\`${s}\``).join(", ")}, or ` +
      `${NESTING_SERVICES.map((s) => `\`${s}\``).join(", ")} followed by one of them (and \`sync/Deleted\`), ` +
      "compared without regard to case; the portal's operator may add services (`EXACT_EXTRA_SERVICES`). What " +
      "lists or describes other divisions, users or the licence is refused with 403 `division_scope` before Exact " +
      `is called: the services ${CROSS_DIVISION_SERVICES.map((s) => `\`${s}\``).join(", ")} under a division ` +
      "(`system/Divisions`, `system/AllDivisions`, …) and `hrm/Divisions`, `hrm/DivisionClass…`. The divisions " +
      "a key may use are listed by the portal's own `GET /api/v1/divisions`.\n\n" +
      `Request bodies up to ${MAX_BODY_BYTES} bytes (1 MiB). When the link cannot be ` +
      "used (no OAuth login, consent pending, re-authorization needed, in error) the answer is 409, while calls " +
      "are paused 503 with `Retry-After`; Exact is not called for either. Answers about the link carry its " +
      "`state`, the `administration` and its `login`; a pause adds `pausedBy` and `until`.\n\n" +
      "A key's scope: a `read` key may only GET (listings are reads); POST, PUT and DELETE need a `read-write` " +
      "key, and with a `read` key are refused with 403 `api_key_read_only` before the body is read or Exact is " +
      "called. Every POST, PUT and DELETE that reaches the door to Exact is recorded in the portal's audit log: " +
      "the method, the path without its query, Exact's status and the key (never the body or a query value).",
    tags: ["Exact Online"],
    parameters: [
      ID,
      {
        name: "path",
        in: "path",
        required: true,
        description:
          "The Exact REST path after `/api/v1/`: `current/Me` or `{division}/{service}/…` of a division-scoped " +
          "service, e.g. `2340001/crm/Accounts`. It may hold slashes.",
        schema: { type: "string" },
      },
    ],
    ...(withBody
      ? {
          requestBody: {
            required: true,
            description: `Passed on to Exact as it came, with its Content-Type; at most ${MAX_BODY_BYTES} bytes.`,
            content: { "application/json": { schema: {} } },
          },
        }
      : {}),
    responses: {
      "200": {
        description: "Exact's answer (any status Exact gives is passed on as it came, with its body).",
        headers: RATE_LIMIT_HEADERS,
        content: { "application/json": { schema: {}, example: API_EXAMPLES.exactMe } },
      },
      ...REFUSED,
      "400": {
        description: "The path tries to leave Exact's `/api/v1/` (`exact_path_invalid`).",
        content: errorContent({
          code: "exact_path_invalid",
          message: "The Exact path may not contain encoded slashes (%2F), backslashes or encoded dots (%2E).",
        }),
      },
      "403": {
        description:
          "The path is neither `current/Me` nor `{division}/…` (`exact_path_not_allowed`); under the division it " +
          "names a service not on the allow-list or a resource about other divisions, users or the licence, such " +
          "as `system/Divisions`, `system/AllDivisions` or `hrm/Divisions` (`division_scope`); or its division is " +
          "not mapped to this administration (`division_not_mapped`)" +
          (method === "get" ? "." : "; or the key may only read (`api_key_read_only`).") +
          " Exact was not called.",
        content: errorContent({
          code: "division_scope",
          message:
            "Exact's 'system' is not passed on under division 2340001: the portal passes on only Exact's services " +
            "that hold one division's data (an allow-list, named in GET /api/v1/openapi.json). To list divisions, " +
            "call the portal's own GET /api/v1/divisions.",
        }),
      },
      "404": NOT_FOUND,
      "409": {
        description:
          "The link cannot be used until a person acts: no OAuth login (`administration_has_no_login`), consent " +
          "pending (`not_authorized`), re-authorization needed (`needs_reauth`), in error (`login_error`), or " +
          "found during the call: Exact refused even a fresh token (`exact_rejected_token`) or the app " +
          "registration (`exact_client`). Exact was not called, unless found during the call.",
        content: linkError({
          code: "needs_reauth",
          message:
            "OAuth login 'Exact Qics' of administration 'ONLINE' cannot be used: Needs re-authorization: The token " +
            "has expired; re-authorize. An administrator authorizes it again in the portal (Systeem › OAuth logins).",
          state: "needs_reauth",
        }),
      },
      ...(withBody
        ? {
            "413": {
              description: `The request body is larger than ${MAX_BODY_BYTES} bytes (\`body_too_large\`).`,
              content: errorContent({
                code: "body_too_large",
                message: `The request body is larger than ${MAX_BODY_BYTES} bytes (1 MiB).`,
                maxBytes: MAX_BODY_BYTES,
              }),
            },
          }
        : {}),
      "502": {
        description:
          "The way to Exact failed: the proxy (down, refusing its password), a name, TLS, the network, or Exact " +
          "unavailable (the code says which).",
        content: linkError({
          code: "proxy_unreachable",
          message: "The proxy server cannot be reached. Check the proxy's address and port.",
          state: "error",
        }),
      },
      "503": {
        description:
          "Calls are paused: the API keys' share of the portal's error budget for this Exact user, division and " +
          "endpoint is used (`exact_paused`; 5 of the 8 error answers an hour, the rest is the portal's own), " +
          "Exact's rate limit is reached (`exact_rate_limited`), or the calls the portal sends at once for this Exact " +
          "user and division (4) stayed taken while this one waited 10 s for its turn (`exact_busy`, with " +
          "`retryAfterSeconds`); always with `Retry-After`, and Exact was not called. Also when Exact gives no more " +
          "tokens today (`token_rate_limited`).",
        headers: { "Retry-After": { schema: { type: "string" }, description: "Seconds until calls go on." } },
        content: linkError({
          code: "exact_paused",
          message:
            "Calls to Exact Online for this are paused until 14:05: too many error answers came within an hour, " +
            "and Exact would otherwise block the link for an hour.",
          state: "error",
          pausedBy: "error_budget",
          until: "2026-07-02T12:05:00.000Z",
        }),
      },
      "504": {
        description: "Exact did not answer within 30 s (`exact_timeout`).",
        content: linkError({
          code: "exact_timeout",
          message: "Exact Online did not answer in time. Try again later.",
          state: "error",
        }),
      },
    },
  };
}

export function openApiDocument(): OpenApiDocument {
  const divisionsParams = queryParameters(divisionsQuerySchema);
  return {
    openapi: "3.1.0",
    info: {
      title: "Koppeling API",
      version: "1",
      description:
        "The portal's API for other systems (the time-registration and invoicing product): what is linked to " +
        "Exact Online, and calls to Exact through those links, so no other system holds an Exact token.\n\n" +
        "Send an API key as `Authorization: Bearer <key>`. Admins make keys on Systeem › API-sleutels (or with " +
        "`npm run apikey:create`); a key sees only its own environment. A key is `read` (GET only, the default) " +
        "or `read-write` (also POST, PUT and DELETE through the Exact pass-through), expires a year after it is " +
        "made unless chosen otherwise, and a key made in the portal works only while the administrator who made it " +
        "is an active administrator. Every error is JSON: " +
        '`{"error": {"code", "message"}}`. Every call is counted on its key and logged without query values.',
    },
    servers: [{ url: "/" }],
    security: [{ apiKey: [] }],
    tags: [
      { name: "Links", description: "What is linked: administrations, their OAuth logins and divisions." },
      { name: "Exact Online", description: "Calls to Exact Online through an administration's link." },
    ],
    paths: {
      "/api/v1/administrations": {
        get: {
          operationId: "listAdministrations",
          summary: "The administrations of the key's environment",
          description:
            "Every administration in description order, with its OAuth login, whether a proxy is set, its " +
            "divisions and the health of its link (the overview's state).",
          tags: ["Links"],
          parameters: [],
          responses: {
            "200": ok("The administrations.", "AdministrationList", { data: [API_EXAMPLES.administration] }),
            ...REFUSED,
          },
        },
      },
      "/api/v1/administrations/{id}": {
        get: {
          operationId: "getAdministration",
          summary: "One administration",
          description: "The administration with this id, as in the list.",
          tags: ["Links"],
          parameters: [ID],
          responses: {
            "200": ok("The administration.", "AdministrationOne", { data: API_EXAMPLES.administration }),
            ...REFUSED,
            "404": NOT_FOUND,
          },
        },
      },
      "/api/v1/divisions": {
        get: {
          operationId: "listDivisions",
          summary: "The overview's rows",
          description:
            "One row per division, and one per administration without divisions, with its link and health: the " +
            "rows of the portal's overview, filtered by the same query parameters as its page. Ordered by " +
            `division code as people read it (1, 2, 10, 101; rows without one last), ${DIVISIONS_PAGE_DEFAULT} per page by default and at most ` +
            `${DIVISIONS_PAGE_MAX}: follow \`nextCursor\` until it is null. Other parameters are refused (400).`,
          tags: ["Links"],
          parameters: divisionsParams,
          responses: {
            "200": ok("A page of rows.", "DivisionPage", API_EXAMPLES.divisionPage),
            "400": {
              description: "A query parameter that is unknown or not valid, or a cursor this API did not give out.",
              content: errorContent({
                code: "invalid_cursor",
                message: "The cursor is not one this API gave out: start again without one.",
                parameter: "cursor",
              }),
            },
            ...REFUSED,
          },
        },
      },
      "/api/v1/administrations/{id}/exact/{path}": {
        get: exactOperation("get"),
        post: exactOperation("post"),
        put: exactOperation("put"),
        delete: exactOperation("delete"),
      },
      "/api/v1/openapi.json": {
        get: {
          operationId: "openApiDocument",
          summary: "This description",
          description: "Needs no key: it describes the API and holds no data.",
          tags: ["Links"],
          parameters: [],
          security: [],
          responses: {
            "200": { description: "The OpenAPI 3.1 document.", content: { "application/json": { schema: {} } } },
          },
        },
      },
    },
    components: {
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "kop_<10 hex>_<32 base64url>",
          description: "An API key from Systeem › API-sleutels or `npm run apikey:create`.",
        },
      },
      schemas: componentSchemas(),
    },
  };
}
