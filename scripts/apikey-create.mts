// `npm run apikey:create -- --environment <name> --name <label> [--expires 2027-01-31]`
// Prints the key once, on a line of its own: `API key: kop_…`. Only its hash is stored.
import { parseArgs } from "node:util";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { createApiKey } from "@/lib/data/api-keys";
import { findEnvironmentByName, listEnvironments } from "@/lib/data/environments";
import { startOfDayInAmsterdam } from "@/lib/i18n/format-date";
import { safeErrorMessage } from "@/lib/log/safe-error";
import { runDatabaseScript } from "@/lib/runtime/run-database-script";
import { createApiKeySchema } from "@/lib/schemas/api-keys";

const USAGE = "Usage: npm run apikey:create -- --environment <name> --name <label> [--expires <yyyy-mm-dd>]";

let values: { environment?: string; name?: string; expires?: string };
try {
  ({ values } = parseArgs({
    options: { environment: { type: "string" }, name: { type: "string" }, expires: { type: "string" } },
  }));
} catch (e) {
  console.error(`${(e as Error).message}\n${USAGE}`);
  process.exit(2);
}
const parsed = createApiKeySchema.safeParse({ name: values.name ?? "", expiresOn: values.expires ?? "" });
const problems = parsed.success
  ? []
  : parsed.error.issues.map((i) => `--${i.path[0] === "expiresOn" ? "expires" : String(i.path[0])}: ${i.message}`);
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
    const { name, expiresOn } = parsed.data;
    const expiresAt = expiresOn ? startOfDayInAmsterdam(expiresOn) : null;
    const created = await createApiKey({ ...SYSTEM_ACTOR, email: "cli" }, environment.id, { name, expiresAt });
    console.log(
      `Created API key "${name}" (prefix ${created.prefix}) for environment ${environment.name}${expiresOn ? `, refused from ${expiresOn} on` : ""}.`,
    );
    console.log("It is shown only now; the portal keeps only its hash.");
    console.log(`API key: ${created.key}`);
    return "done";
  },
  (e) => `Not created: ${safeErrorMessage(e)}`,
);
