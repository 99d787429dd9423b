// `npm run apikey:create -- --environment <name> --name <label> [--scope read|read-write] [--expires <yyyy-mm-dd>|never]`
// Prints the key once, on a line of its own: `API key: kop_…`. Only its hash is stored.
// A key made here follows no user (there is none): it works until it expires or is revoked.
import { parseArgs } from "node:util";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { createApiKey } from "@/lib/data/api-keys";
import { findEnvironmentByName, listEnvironments } from "@/lib/data/environments";
import { startOfDayInAmsterdam } from "@/lib/i18n/format-date";
import { safeErrorMessage } from "@/lib/log/safe-error";
import { runDatabaseScript } from "@/lib/runtime/run-database-script";
import { API_KEY_SCOPES, createApiKeySchema, defaultKeyExpiryDay } from "@/lib/schemas/api-keys";

const USAGE =
  "Usage: npm run apikey:create -- --environment <name> --name <label> [--scope read|read-write] [--expires <yyyy-mm-dd>|never]";
const HELP = `${USAGE}

Makes an API key for one environment and prints it once.
  --environment  the environment the key sees (e.g. Productie)
  --name         what or which system it is for (e.g. "Facturatie")
  --scope        read (default): GET only through the Exact pass-through;
                 read-write: also POST, PUT and DELETE (writes in Exact's books)
  --expires      the day from which the key is refused (yyyy-mm-dd); default a year from today
                 (${defaultKeyExpiryDay()}); never: it works until it is revoked`;

let values: { environment?: string; name?: string; expires?: string; scope?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      environment: { type: "string" },
      name: { type: "string" },
      expires: { type: "string" },
      scope: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  }));
} catch (e) {
  console.error(`${(e as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const neverExpires = values.expires?.trim().toLowerCase() === "never";
const parsed = createApiKeySchema.safeParse({
  name: values.name ?? "",
  scope: values.scope ?? "read",
  expiresOn: neverExpires ? "" : (values.expires ?? defaultKeyExpiryDay()),
  neverExpires,
});
const FLAG: Record<string, string> = { expiresOn: "expires" };
const problems = parsed.success
  ? []
  : parsed.error.issues.map((i) => {
      const field = String(i.path[0]);
      if (field === "scope") {
        return `--scope: "${values.scope}" is not a scope; use ${API_KEY_SCOPES.join(" or ")}.`;
      }
      return `--${FLAG[field] ?? field}: ${i.message}`;
    });
if (!values.environment?.trim()) problems.unshift("--environment: required");
if (!parsed.success || problems.length > 0) {
  for (const problem of problems) console.error(problem);
  console.error(USAGE);
  process.exit(2);
}

await runDatabaseScript(
  async () => {
    const environment = await findEnvironmentByName(values.environment as string);
    if (!environment) {
      const names = (await listEnvironments()).map((e) => e.name).join(", ");
      console.error(`Not created: there is no environment "${values.environment}" (there are: ${names}).`);
      return "failed";
    }
    const { name, scope, expiresOn } = parsed.data;
    const expiresAt = parsed.data.neverExpires || !expiresOn ? null : startOfDayInAmsterdam(expiresOn);
    const created = await createApiKey({ ...SYSTEM_ACTOR, email: "cli" }, environment.id, {
      name,
      scope,
      expiresAt,
    });
    const life = expiresAt ? `is refused from ${expiresOn} on` : "never expires";
    console.log(
      `Created API key "${name}" (prefix ${created.prefix}, ${scope}) for environment ${environment.name}; it ${life}.`,
    );
    console.log("It is shown only now; the portal keeps only its hash.");
    console.log(`API key: ${created.key}`);
    return "done";
  },
  (e) => `Not created: ${safeErrorMessage(e)}`,
);
