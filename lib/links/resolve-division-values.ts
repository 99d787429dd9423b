import "server-only";
import type { z } from "zod";
import type { DivisionValues } from "@/lib/data/divisions";
import { requireInEnvironment } from "@/lib/data/require-in-environment";
import { AppError } from "@/lib/errors";
import { verifyExactDivision } from "@/lib/links/list-exact-divisions";
import type { divisionSchema } from "@/lib/schemas/administrations";

/**
 * The division dialog's values as they are stored. The Exact division is always verified
 * with Exact, and stored as Exact describes it: a typed code is never taken on trust.
 */
export async function resolveDivisionValues(
  environmentId: string,
  input: z.output<typeof divisionSchema>,
): Promise<DivisionValues> {
  let exact: DivisionValues["exact"] = null;
  if (input.exactDivisionCode) {
    if (!input.administrationId) throw new AppError("exact_division_needs_administration", "administrationId");
    // Only an administration of the user's environment is asked, before anything goes to Exact.
    await requireInEnvironment("administration", environmentId, input.administrationId);
    const verified = await verifyExactDivision(input.administrationId, Number(input.exactDivisionCode));
    exact = { code: verified.code, description: verified.description, hid: verified.hid };
  }
  return { code: input.code, name: input.name, administrationId: input.administrationId || null, exact };
}
