// `npm run user:create -- --email a@b.nl --name "A B" --role admin|viewer [--password …]`
import { parseArgs } from "node:util";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { createUser } from "@/lib/data/users";
import { isAppError } from "@/lib/errors";
import { safeErrorMessage } from "@/lib/log/safe-error";
import { runDatabaseScript } from "@/lib/runtime/run-database-script";
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

await runDatabaseScript(
  async () => {
    const { user, generatedPassword } = await createUser(
      { ...SYSTEM_ACTOR, email: "cli" },
      { ...parsed.data, password: parsed.data.password || undefined },
    );
    console.log(`Created ${user.role} ${user.email}.`);
    if (generatedPassword) console.log(`Password: ${generatedPassword}  (to be changed at first sign-in)`);
    return "done";
  },
  (e) =>
    isAppError(e)
      ? `Not created: ${e.code === "email_taken" ? "that e-mail address is already in use" : e.code}.`
      : `Not created: ${safeErrorMessage(e)}`,
);
