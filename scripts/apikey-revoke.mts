// `npm run apikey:revoke -- <prefix>`: the prefix as listed on Systeem › API-sleutels (or the
// whole key, or its `kop_<prefix>` start); from the next request on the key gets 401.
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { revokeApiKeyByPrefix } from "@/lib/data/api-keys";
import { isAppError } from "@/lib/errors";
import { safeErrorMessage } from "@/lib/log/safe-error";
import { runDatabaseScript } from "@/lib/runtime/run-database-script";

const USAGE = "Usage: npm run apikey:revoke -- <prefix>   (10 hex digits, as listed on Systeem › API-sleutels)";

const args = process.argv.slice(2).filter((a) => a !== "--");
const prefix = /^(?:kop_)?([0-9a-f]{10})(?:_.*)?$/.exec(args[0] ?? "")?.[1];
if (args.length !== 1 || !prefix) {
  console.error(
    args.length === 0 ? "Name the key's prefix." : `Not a key prefix: give the 10 hex digits after "kop_".`,
  );
  console.error(USAGE);
  process.exit(2);
}

await runDatabaseScript(
  async () => {
    const revoked = await revokeApiKeyByPrefix({ ...SYSTEM_ACTOR, email: "cli" }, prefix);
    console.log(`Revoked API key "${revoked.name}" (prefix ${revoked.prefix}) of environment ${revoked.environment}.`);
    return "done";
  },
  (e) => {
    // Under tsx the AppError class may be loaded twice: its name is checked, not instanceof.
    const reason = !isAppError(e)
      ? safeErrorMessage(e)
      : e.code === "api_key_not_found"
        ? `there is no API key with prefix ${prefix}`
        : e.code === "api_key_already_revoked"
          ? `API key "${e.values?.name}" (prefix ${prefix}) was already revoked`
          : e.code;
    return `Not revoked: ${reason}.`;
  },
);
