// Which Exact paths under `{division}/` are about that division alone (issue 22 §2). The
// pass-through checks that `{division}` is mapped to the administration; that is worth nothing if
// the rest of the path lists every division the Exact user can see (`system/Divisions`) or the
// whole licence (`system/AllDivisions`: names, VAT and chamber-of-commerce numbers, addresses),
// divisions mapped to other administrations and environments among them. So the service after
// the division must be on an ALLOW-LIST, not merely absent from a deny-list: a service Exact adds
// tomorrow stays refused until someone has looked at it (EXACT_EXTRA_SERVICES opens it).
//
// Pure (no settings, no logging): exact-path.ts reads EXACT_EXTRA_SERVICES and the API
// description (openapi-document.ts) names the list from here.

/**
 * Exact's services whose resources are one division's own books and records (service names as
 * in Exact's REST reference, `/api/v1/{division}/<service>/<resource>`; compared
 * case-insensitively). Reference data read in the division's context (`general/Currencies`,
 * `cashflow/Banks`, `vat/VatPercentages`) is in it too: it tells nothing about other divisions.
 * `subscription` is the division's sales contracts with its customers, not Exact's licence.
 * `accountancy` is an accountant's own division: its involved accounts and users.
 *
 * Left out on purpose, each openable with EXACT_EXTRA_SERVICES:
 * - `webhooks`: Exact files WebhookSubscriptions under "organization administration" (with
 *   system and users); a subscription sends the division's changes to a URL of the caller's
 *   choosing, signed with the app's webhook secret, which is the portal's and not the caller's,
 *   and the list shows the app's subscriptions of other divisions (each carries its `Division`).
 * - `mailbox`: Exact's digital mailboxes belong to users and the licence (`ForDivision` on a
 *   mailbox and its messages routes them between divisions), not to one division's books.
 * - `continuousmonitoring`, `workflow`: only under `/api/v1/beta/`, which the pass-through
 *   does not pass at all.
 */
export const DIVISION_SERVICES = [
  "accountancy",
  "activities",
  "assets",
  "budget",
  "cashflow",
  "crm",
  "documents",
  "financial",
  "financialtransaction",
  "general",
  "generaljournalentry",
  "hrm",
  "inventory",
  "logistics",
  "manufacturing",
  "openingbalance",
  "payroll",
  "project",
  "purchase",
  "purchaseentry",
  "purchaseorder",
  "sales",
  "salesentry",
  "salesinvoice",
  "salesorder",
  "subscription",
  "vat",
] as const;

/**
 * Services whose next segment names another service (`{division}/sync/CRM/Accounts`,
 * `{division}/read/financial/ProfitLossOverview`, `{division}/bulk/Financial/TransactionLines`):
 * that inner service must be on the allow-list too, and its resource is checked as its own.
 * `sync/Deleted` (what was deleted in the division) is the one inner name that is no service.
 */
export const NESTING_SERVICES = ["bulk", "read", "sync"] as const;

/**
 * Services about the Exact user, other divisions or the licence, under a division too:
 * `system` (Divisions, AllDivisions, GetMostRecentlyUsedDivisions, AvailableFeatures,
 * AccountantInfo), `users` (Users, UserRoles, UserRolesPerDivision, UserHasRights) and `current`
 * (`{division}/current/Me`; the top-level `current/Me` is checked apart, in exact-path.ts).
 * EXACT_EXTRA_SERVICES may not name them.
 */
export const CROSS_DIVISION_SERVICES = ["system", "users", "current"] as const;

/**
 * Resources about other divisions inside a service that is otherwise one division's: in `hrm`,
 * `Divisions` (the divisions of the licence the user can reach, by another name) and the
 * division classes (`DivisionClasses`, `DivisionClassNames`, `DivisionClassValues`: how the
 * licence classifies each of its divisions) — every hrm resource whose name starts with
 * "Division", so a variant Exact adds is refused too.
 */
function isCrossDivisionResource(service: string, resource: string): boolean {
  return service === "hrm" && resource.startsWith("division");
}

const DIVISION_SET: ReadonlySet<string> = new Set(DIVISION_SERVICES);
const NESTING_SET: ReadonlySet<string> = new Set(NESTING_SERVICES);
const CROSS_DIVISION_SET: ReadonlySet<string> = new Set(CROSS_DIVISION_SERVICES);

/**
 * A resource segment's name as a deny rule compares it: what comes before an entity key
 * (`Divisions(123)`, `TimeTransactions(guid'…')`), lower case, letters and digits only. Loose
 * on purpose (`Divisions `, `Divisions.` and `Divisions;x` all count as Divisions): a refusal
 * must not be dodged by something Exact's server would trim away.
 */
function resourceName(segment: string): string {
  return segment
    .split("(")[0]
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

/** Why a path under a division is refused: its service is not on the list, or its resource is about other divisions. */
export type ScopeRefusal =
  | { reason: "service"; service: string }
  | { reason: "resource"; service: string; resource: string };

/**
 * Whether `segments` (the decoded path after `{division}/`, at least one) stay inside that
 * division: null when they do, the refusal otherwise. `extra` holds the lower-case names of
 * EXACT_EXTRA_SERVICES. A service is compared whole (after lower-casing), so nothing but an
 * allowed name passes.
 */
export function divisionScopeRefusal(
  segments: readonly string[],
  extra: ReadonlySet<string> = new Set(),
): ScopeRefusal | null {
  const allowed = (name: string) => DIVISION_SET.has(name) || extra.has(name);
  let [service, ...rest] = segments;
  let key = service.toLowerCase();
  if (NESTING_SET.has(key)) {
    // `{division}/sync` alone is Exact's service document: names, no data.
    if (rest.length === 0) return null;
    const inner = rest[0].toLowerCase();
    if (!allowed(inner) && !(key === "sync" && inner === "deleted")) {
      return { reason: "service", service: `${service}/${rest[0]}` };
    }
    service = `${service}/${rest[0]}`;
    key = inner;
    rest = rest.slice(1);
  } else if (!allowed(key)) {
    return { reason: "service", service };
  }
  if (rest.length > 0 && isCrossDivisionResource(key, resourceName(rest[0]))) {
    return { reason: "resource", service, resource: rest[0].split("(")[0] };
  }
  return null;
}

/** EXACT_EXTRA_SERVICES read: the lower-case names, or the problem (then none of them count). */
export type ExtraServices = { services: ReadonlySet<string>; problem: string | null };

/**
 * EXACT_EXTRA_SERVICES: comma-separated Exact service names (letters and digits) added to the
 * allow-list, e.g. `webhooks,mailbox`. A value with a bad name, or one naming a cross-division
 * service, counts as nothing at all (the built-in list alone): a typo must not open more than
 * was meant, and the problem is for the server log.
 */
export function parseExtraServices(value: string | undefined): ExtraServices {
  const names = (value ?? "")
    .split(",")
    .map((n) => n.trim())
    .filter(Boolean);
  const services = new Set<string>();
  for (const name of names) {
    if (!/^[a-z][a-z0-9]{0,39}$/i.test(name)) {
      return {
        services: new Set(),
        problem: `EXACT_EXTRA_SERVICES: ${JSON.stringify(name.slice(0, 60))} is not the name of an Exact service (letters and digits, e.g. webhooks); the setting is ignored.`,
      };
    }
    const key = name.toLowerCase();
    if (CROSS_DIVISION_SET.has(key)) {
      return {
        services: new Set(),
        problem: `EXACT_EXTRA_SERVICES may not name '${name}': its resources are about other divisions, users or the licence; the setting is ignored.`,
      };
    }
    services.add(key);
  }
  return { services, problem: null };
}
