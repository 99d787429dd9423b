// `npm run user:create -- --email a@b.nl --name "A B" --role admin|viewer [--password …]`
import path from "node:path";
import { parseArgs } from "node:util";
import { closeDb } from "@/db/client";
import { SYSTEM_ACTOR } from "@/lib/data/actor";
import { createUser } from "@/lib/data/users";
import { isAppError } from "@/lib/errors";
import { migrateDatabase } from "@/lib/runtime/migrate-database";
import { startEmbeddedPostgres } from "@/lib/runtime/start-embedded-postgres";
import { createUserSchema } from "@/lib/schemas/users";

const { values } = parseArgs({
  options: {
    email: { type: "string" },
    name: { type: "string" },
    role: { type: "string", default: "viewer" },
    password: { type: "string" },
  },
});
const parsed = createUserSchema.safeParse({ ...values, name: values.name ?? values.email ?? "" });
if (!parsed.success) {
  for (const issue of parsed.error.issues) console.error(`--${issue.path.join(".")}: ${issue.message}`);
  console.error(
    "Usage: npm run user:create -- --email <e-mail> --name <name> --role admin|viewer [--password <password>]",
  );
  process.exit(2);
}

const pg = process.env.DATABASE_URL
  ? undefined
  : await startEmbeddedPostgres({
      dataDir: path.resolve(".data/postgres"),
      port: Number(process.env.EMBEDDED_POSTGRES_PORT ?? 54320),
    });
process.env.DATABASE_URL ??= pg?.url;
// embedded-postgres installs an exit hook that exits 0, so the code is set explicitly.
let failed = false;
try {
  await migrateDatabase(process.env.DATABASE_URL as string);
  const { user, generatedPassword } = await createUser(
    { ...SYSTEM_ACTOR, email: "cli" },
    { ...parsed.data, password: parsed.data.password || undefined },
  );
  console.log(`Created ${user.role} ${user.email}.`);
  if (generatedPassword) console.log(`Password: ${generatedPassword}  (to be changed at first sign-in)`);
} catch (e) {
  console.error(
    isAppError(e)
      ? `Not created: ${e.code === "email_taken" ? "that e-mail address is already in use" : e.code}.`
      : `Not created: ${String(e)}`,
  );
  failed = true;
} finally {
  await closeDb();
  await pg?.stop();
}
process.exit(failed ? 1 : 0);
