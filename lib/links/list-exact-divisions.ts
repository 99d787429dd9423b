import "server-only";
import { AppError } from "@/lib/errors";
import { administrationTarget } from "./administration-route";
import { readUserDivisions } from "./read-user-divisions";

export type ExactDivisionOption = { code: number; description: string; hid: string; status: number; blocked: boolean };

type DivisionRecord = { Code: number; Description?: string; Hid?: string; Status?: number; BlockingStatus?: number };

/**
 * Every division the administration's login may use in Exact (all pages), by description.
 * Status: 0 inactive, 1 active, 2 archived; blocked when BlockingStatus is not 0.
 */
export async function listExactDivisions(administrationId: string): Promise<ExactDivisionOption[]> {
  const target = await administrationTarget(administrationId);
  const { records } = await readUserDivisions<DivisionRecord>(target, "Code,Description,Hid,Status,BlockingStatus");
  return records
    .map((d) => ({
      code: Number(d.Code),
      description: String(d.Description ?? "").trim(),
      hid: String(d.Hid ?? "").trim(),
      status: Number(d.Status ?? 1),
      blocked: Number(d.BlockingStatus ?? 0) !== 0,
    }))
    .sort((a, b) => a.description.localeCompare(b.description, "nl") || a.code - b.code);
}

/** The division as Exact describes it, or AppError("exact_division_unknown"). */
export async function verifyExactDivision(administrationId: string, code: number): Promise<ExactDivisionOption> {
  const found = (await listExactDivisions(administrationId)).find((d) => d.code === code);
  if (!found) throw new AppError("exact_division_unknown");
  return found;
}
