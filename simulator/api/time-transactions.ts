import { randomUUID } from "node:crypto";
import type { Headers, Reply } from "../http/reply";
import type { SimContext } from "../sim-context";
import type { Site } from "../sites";
import type { TimeTransactionRecord } from "../state/sim-state";
import { odataDate } from "./odata-date";

// One writable resource, so clients can be tried with POST, PUT and DELETE as well as GET:
// {division}/project/TimeTransactions, where the time-registration product books hours.
// Exact's own field list is long; a few of its fields are kept, with Exact's names, and a
// field it does not know is refused as Exact refuses it. JSON only (no Atom XML here), no
// query options (refused with 400 rather than ignored), no paging.

export const TIME_TRANSACTION_TYPE = "Exact.Web.Api.Models.Project.TimeTransaction";

const FIELDS: Record<string, "guid" | "string" | "number"> = {
  Account: "guid",
  Activity: "guid",
  Date: "string",
  Employee: "guid",
  Item: "guid",
  Notes: "string",
  Project: "guid",
  Quantity: "number",
};
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Methods per form of the path: the collection, or one entity by its key. */
export function timeTransactionMethods(id: string | null): string[] {
  return id === null ? ["GET", "POST"] : ["GET", "PUT", "DELETE"];
}

type Fail = (status: number, message: string, headers?: Headers) => void;

export type TimeTransactionCall = {
  ctx: SimContext;
  site: Site;
  method: string;
  division: number;
  /** The key of `TimeTransactions(guid'…')`, lower case; null for the collection. */
  id: string | null;
  body: string;
  apiBase: string;
  reply: Reply;
  rateHeaders: Headers;
  fail: Fail;
};

/** The fields of a body, or the error message Exact would give for it. */
function readFields(body: string, required: boolean): Record<string, unknown> | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return "The request body is not valid JSON.";
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return "The request body must be one object.";
  const fields = parsed as Record<string, unknown>;
  for (const [name, value] of Object.entries(fields)) {
    const kind = Object.hasOwn(FIELDS, name) ? FIELDS[name] : undefined;
    if (!kind) return `Property '${name}' does not exist on type '${TIME_TRANSACTION_TYPE}'.`;
    const fits =
      value === null ||
      (kind === "number" && typeof value === "number" && Number.isFinite(value)) ||
      (kind === "string" && typeof value === "string") ||
      (kind === "guid" && typeof value === "string" && GUID.test(value));
    if (!fits) return `Property '${name}' has a value of the wrong type.`;
  }
  if (required && typeof fields.Quantity !== "number") return "Mandatory: Quantity.";
  return fields;
}

function entity(record: TimeTransactionRecord, apiBase: string): Record<string, unknown> {
  const blank = Object.fromEntries(Object.keys(FIELDS).map((name) => [name, null]));
  return {
    __metadata: {
      uri: `${apiBase}/${record.division}/project/TimeTransactions(guid'${record.id}')`,
      type: TIME_TRANSACTION_TYPE,
    },
    ID: record.id,
    Division: record.division,
    ...blank,
    ...record.fields,
    Created: odataDate(record.created),
    Modified: odataDate(record.modified),
  };
}

/**
 * GET the collection or one entity; POST a new one (201 with the entity); PUT changes the
 * fields it names (204, no body); DELETE (204). An unknown key is 404.
 */
export function handleTimeTransactions(call: TimeTransactionCall): void {
  const { ctx, site, method, division, id, reply, rateHeaders, fail } = call;
  const records = ctx.store.state.timeTransactions;
  const keyOf = (entityId: string) => `${site}|${division}|${entityId}`;
  const found = id === null ? undefined : Object.hasOwn(records, keyOf(id)) ? records[keyOf(id)] : undefined;
  if (id !== null && !found) {
    fail(404, `TimeTransaction '${id}' not found.`, rateHeaders);
    return;
  }
  const now = ctx.clock.now();
  if (method === "GET" && found) {
    reply.json(200, { d: entity(found, call.apiBase) }, rateHeaders);
  } else if (method === "GET") {
    const results = Object.values(records)
      .filter((r) => r.site === site && r.division === division)
      .sort((a, b) => a.created - b.created)
      .map((r) => entity(r, call.apiBase));
    reply.json(200, { d: { results } }, rateHeaders);
  } else if (method === "DELETE" && found) {
    delete records[keyOf(found.id)];
    ctx.store.changed();
    reply.send(204, rateHeaders, "");
  } else {
    write(call, found, now);
  }
}

/** POST (a new one, 201) or PUT (the fields it names, 204), after checking the body. */
function write(call: TimeTransactionCall, found: TimeTransactionRecord | undefined, now: number): void {
  const { ctx, site, division, reply, rateHeaders } = call;
  const fields = readFields(call.body, !found);
  if (typeof fields === "string") {
    call.fail(400, fields, rateHeaders);
  } else if (found) {
    found.fields = { ...found.fields, ...fields };
    found.modified = now;
    ctx.store.changed();
    reply.send(204, rateHeaders, "");
  } else {
    const record = { site, division, id: randomUUID(), fields, created: now, modified: now };
    ctx.store.state.timeTransactions[`${site}|${division}|${record.id}`] = record;
    ctx.store.changed();
    reply.json(201, { d: entity(record, call.apiBase) }, rateHeaders);
  }
}
