import "server-only";
import { recordLastCall } from "@/lib/data/administration-last-call";
import { proxyOfAdministration } from "@/lib/data/administration-proxy";
import { AppError } from "@/lib/errors";
import type { ExactTarget } from "@/lib/exact/api/exact-get-all";

// An administration reaches Exact through its OAuth login and, when set, its own proxy:
// every call made for it (and the token refresh such a call may trigger) takes that route.

/** The administration's route to Exact for a call a person is waiting for. */
export async function administrationTarget(
  administrationId: string,
  purpose: ExactTarget["purpose"] = "page",
): Promise<ExactTarget> {
  const { loginId, proxy } = await proxyOfAdministration(administrationId);
  if (!loginId) throw new AppError("administration_has_no_login");
  // A call over an administration's route records its outcome on the administration (the
  // overview's row health: a broken proxy or a 403 shows there, whatever the login says).
  const onOutcome = (failure: AppError | null, viaProxy: boolean) =>
    recordLastCall(administrationId, failure, viaProxy);
  return { loginId, proxy, interactive: true, onOutcome, administrationId, purpose };
}
