import { countApiCall } from "../counters";
import type { FixtureDivision } from "../fixture/fixture-schema";
import type { Headers } from "../http/reply";
import { blockedMessage, countErrorAnswer, errorBlockedUntil } from "../limits/error-block";
import type { RouteInput } from "../route-input";
import { sitePrefix } from "../sites";
import { atomFeed } from "./atom-feed";
import { authenticateBearer } from "./authenticate-bearer";
import { DIVISION_FIELDS, DIVISION_TYPE, divisionRecord } from "./division-record";
import { divisionScopeOf } from "./division-scope-of";
import { sendExactError } from "./exact-error";
import { ME_FIELDS, ME_TYPE, meRecord } from "./me-record";
import { applyPaging, parsePaging } from "./parse-paging";
import { applySelect, parseSelect } from "./select-fields";
import { takeApiCall } from "./take-api-call";
import { handleTimeTransactions, timeTransactionMethods } from "./time-transactions";

/** Standard endpoints page at 60 records (EXACT_ONLINE.md "REST calls"). */
export const PAGE_SIZE = 60;

/** $select, $top and $skip as Exact's standard endpoints take them; $skiptoken from __next. */
const SUPPORTED_OPTIONS = new Set(["$select", "$skiptoken", "$top", "$skip"]);

type Endpoint = "current/Me" | "system/Divisions" | "system/AllDivisions" | "project/TimeTransactions";

/** `{division}/project/TimeTransactions` and `…/TimeTransactions(guid'…')`. */
const TIME_TRANSACTIONS = /^\/api\/v1\/\d{1,9}\/project\/timetransactions(?:\(guid'([0-9a-f-]{36})'\))?$/i;

/**
 * GET {site}/api/v1/current/Me, {site}/api/v1/{division}/system/Divisions and
 * {site}/api/v1/{division}/system/AllDivisions, with `Authorization: Bearer …`; and
 * {division}/project/TimeTransactions with GET, POST, PUT and DELETE (api/time-transactions.ts).
 *
 * Order of checks: unknown token (401) → blocked after 10 errors this hour (429) → expired or
 * revoked token (401) → resource (404) → rate limit (429) → division access (403) → query (400).
 * The 400/401/403/404 answers for a known user count toward the 10-errors block.
 * Divisions lists the divisions the token's user may access; AllDivisions the whole licence
 * (every division with the same Customer as the one in the path). {division} must be one the
 * user may access (else 403) and, when the user's consent has a division scope, within it (else
 * 403 "Forbidden - User division is not within division scope"); Divisions lists only the
 * divisions within the scope.
 */
export function handleApi({ ctx, site, req, reply, url, sitePath, body }: RouteInput): void {
  const json = (req.headers.accept ?? "").toLowerCase().includes("application/json");
  const match = /^\/api\/v1\/(?:(current)\/me|(\d{1,9})\/system\/(divisions|alldivisions))$/i.exec(sitePath);
  const timeTransaction = TIME_TRANSACTIONS.exec(sitePath);
  const endpoint: Endpoint | null = timeTransaction
    ? "project/TimeTransactions"
    : !match
      ? null
      : match[1]
        ? "current/Me"
        : match[3].toLowerCase() === "divisions"
          ? "system/Divisions"
          : "system/AllDivisions";
  countApiCall(ctx.store.state.counters, endpoint ?? "other");
  ctx.store.changed();

  const identity = authenticateBearer(ctx, site, req);
  if (!identity) {
    // Unknown token: nobody to count an error for.
    sendExactError(reply, 401, "Access token is invalid or has expired.", json, { "WWW-Authenticate": "Bearer" });
    return;
  }
  const { app, user } = identity;
  const divisionMatch = /^\/api\/v1\/(\d{1,9})(?:\/|$)/.exec(sitePath);
  const pathDivision = divisionMatch ? Number(divisionMatch[1]) : null;
  // The 10-errors-an-hour rule counts per app, user, division and endpoint (error-block.ts).
  const resource = endpoint ?? sitePath.replace(/^\/api\/v1\/(\d+\/)?/i, "").toLowerCase();
  const errorKey = `${site}|${app.clientId}|${user.userName.toLowerCase()}|${pathDivision ?? "-"}|${resource}`;
  const fail = (status: number, message: string, headers: Headers = {}) => {
    countErrorAnswer(ctx, errorKey, status);
    sendExactError(reply, status, message, json, headers);
  };
  const blockedUntil = errorBlockedUntil(ctx, errorKey);
  if (blockedUntil !== null) {
    ctx.store.state.counters.errorBlocked += 1;
    sendExactError(
      reply,
      429,
      blockedMessage(ctx.options().errorsPerHour, blockedUntil, "this app, user, division and endpoint"),
      json,
      {
        "Retry-After": Math.ceil((blockedUntil - ctx.clock.now()) / 1000),
      },
    );
    return;
  }
  if (identity.refused) {
    fail(401, "Access token is invalid or has expired.", { "WWW-Authenticate": "Bearer" });
    return;
  }
  if (!endpoint) {
    fail(404, "Resource not found");
    return;
  }
  // Per app per division; current/Me has no division, so per app per user.
  const key = `${site}|${app.clientId}|${pathDivision ?? `me:${user.userName.toLowerCase()}`}`;
  const verdict = takeApiCall(ctx, key);
  if (!verdict.allowed) {
    ctx.store.state.counters.rateLimited += 1;
    sendExactError(reply, 429, "API rate limit exceeded.", json, verdict.headers);
    return;
  }
  const rateHeaders = verdict.headers;
  const entityId = timeTransaction?.[1]?.toLowerCase() ?? null;
  const methods = timeTransaction ? timeTransactionMethods(entityId) : ["GET"];
  if (!methods.includes(req.method ?? "GET")) {
    sendExactError(reply, 405, "Method not allowed.", json, { ...rateHeaders, Allow: methods.join(", ") });
    return;
  }
  if (pathDivision !== null && !user.divisions.includes(pathDivision)) {
    fail(403, `Forbidden: no access to division ${pathDivision}.`, rateHeaders);
    return;
  }
  const scope = divisionScopeOf(ctx, user);
  if (pathDivision !== null && scope && !scope.includes(pathDivision)) {
    // Also for {CurrentDivision}/system/Divisions when CurrentDivision is outside the scope.
    fail(403, "Forbidden - User division is not within division scope", rateHeaders);
    return;
  }
  const apiBase = `${url.origin}${sitePrefix(site)}/api/v1`;
  if (timeTransaction) {
    const option = [...url.searchParams.keys()].find((k) => k.startsWith("$"));
    if (option) {
      fail(400, `The Exact Online simulator does not support ${option} on TimeTransactions.`, rateHeaders);
      return;
    }
    const method = req.method ?? "GET";
    const division = pathDivision as number;
    handleTimeTransactions({ ctx, site, method, division, id: entityId, body, apiBase, reply, rateHeaders, fail });
    return;
  }
  const unsupported = [...url.searchParams.keys()].find((k) => k.startsWith("$") && !SUPPORTED_OPTIONS.has(k));
  if (unsupported) {
    fail(400, `The Exact Online simulator does not support ${unsupported}.`, rateHeaders);
    return;
  }
  const selectParam = url.searchParams.get("$select");
  const select = parseSelect(selectParam, endpoint === "current/Me" ? ME_FIELDS : DIVISION_FIELDS);
  if (select && "error" in select) {
    fail(400, select.error, rateHeaders);
    return;
  }

  const paging = parsePaging(url.searchParams);
  if ("error" in paging) {
    fail(400, paging.error, rateHeaders);
    return;
  }

  const now = ctx.clock.now();
  let records: Record<string, unknown>[];
  let typeName: string;
  let next: string | undefined;

  if (endpoint === "current/Me") {
    records = applyPaging([meRecord(user, ctx.findDivision(user.currentDivision), { apiBase, now })], paging);
    typeName = ME_TYPE;
  } else {
    const division = pathDivision as number;
    let list: FixtureDivision[];
    if (endpoint === "system/Divisions") {
      // The divisions the user may access and granted the app.
      list = user.divisions
        .filter((code) => !scope || scope.includes(code))
        .map((code) => ctx.findDivision(code))
        .filter((d): d is FixtureDivision => d !== null);
    } else {
      const owner = ctx.findDivision(division)?.Customer;
      list = ctx.fixture.divisions.filter((d) => d.Code === division || (owner && d.Customer === owner));
    }
    list.sort((a, b) => a.Code - b.Code);
    const skipParam = url.searchParams.get("$skiptoken");
    if (skipParam !== null) {
      if (!/^\d+$/.test(skipParam)) {
        fail(400, "Invalid $skiptoken.", rateHeaders);
        return;
      }
      const after = Number(skipParam);
      list = list.filter((d) => d.Code > after);
    }
    list = applyPaging(list, paging);
    const page = list.slice(0, PAGE_SIZE);
    const resource = endpoint === "system/Divisions" ? "Divisions" : "AllDivisions";
    records = page.map((d) =>
      divisionRecord(d, { apiBase, pathDivision: division, currentDivision: user.currentDivision, resource }),
    );
    typeName = DIVISION_TYPE;
    if (list.length > PAGE_SIZE) {
      // Absolute, with the caller's $select and what is left of $top kept, and the last key as
      // $skiptoken ($skip is spent: the skiptoken already stands past it).
      const keep: string[] = [];
      if (selectParam !== null) keep.push(`$select=${encodeURIComponent(selectParam).replace(/%2C/gi, ",")}`);
      if (paging.top !== null) keep.push(`$top=${paging.top - PAGE_SIZE}`);
      keep.push(`$skiptoken=${page[page.length - 1].Code}`);
      next = `${apiBase}/${division}/system/${resource}?${keep.join("&")}`;
    }
  }

  const results = records.map((r) => applySelect(r, select));

  if (json) {
    reply.json(200, { d: next ? { results, __next: next } : { results } }, rateHeaders);
    return;
  }
  const feed = atomFeed({
    id: `${apiBase}/${endpoint}`,
    title: endpoint.split("/")[1],
    updated: now,
    typeName,
    next,
    entries: results.map((r) => {
      const { __metadata, ...properties } = r as { __metadata: { uri: string } };
      return { uri: __metadata.uri, properties };
    }),
  });
  reply.send(200, { "Content-Type": "application/atom+xml;type=feed;charset=utf-8", ...rateHeaders }, feed);
}
