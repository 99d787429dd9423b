"use server";

import { revalidatePath } from "next/cache";
import { environmentAction } from "@/lib/auth/environment-action";
import { createAdministration, deleteAdministration, updateAdministration } from "@/lib/data/administrations";
import { createDivision, type DivisionValues, deleteDivision, updateDivision } from "@/lib/data/divisions";
import { updateEnvironmentSettings } from "@/lib/data/environments";
import { requireInEnvironment } from "@/lib/data/require-in-environment";
import { AppError } from "@/lib/errors";
import {
  listExactDivisions,
  testAdministrationConnection,
  verifyExactDivision,
} from "@/lib/exact/administration-connection";
import {
  administrationIdSchema,
  administrationSchema,
  divisionIdSchema,
  divisionSchema,
  environmentSettingsSchema,
  updateAdministrationSchema,
  updateDivisionSchema,
} from "@/lib/schemas/administrations";

const PATH = "/system/settings";

export const createAdministrationAction = environmentAction(
  "settings.change",
  administrationSchema,
  async (values, { user, environment }) => {
    const created = await createAdministration(user, environment.id, values);
    revalidatePath(PATH);
    return created;
  },
);

export const updateAdministrationAction = environmentAction(
  "settings.change",
  updateAdministrationSchema,
  async ({ administrationId, values }, { user, environment }) => {
    await updateAdministration(user, environment.id, administrationId, values);
    revalidatePath(PATH);
    return null;
  },
  { fieldsUnder: "values" },
);

export const deleteAdministrationAction = environmentAction(
  "settings.change",
  administrationIdSchema,
  async ({ administrationId }, { user, environment }) => {
    await deleteAdministration(user, environment.id, administrationId);
    revalidatePath(PATH);
    return null;
  },
);

/** Verbinding testen: current/Me and system/Divisions through the administration's login and proxy. */
export const testAdministrationAction = environmentAction(
  "settings.change",
  administrationIdSchema,
  async ({ administrationId }, { environment }) => {
    await requireInEnvironment("administration", environment.id, administrationId);
    try {
      return await testAdministrationConnection(administrationId);
    } finally {
      revalidatePath(PATH);
    }
  },
);

/** Exact's live list of divisions, for the picker (admins only: it is a call to Exact). */
export const listExactDivisionsAction = environmentAction(
  "settings.change",
  administrationIdSchema,
  async ({ administrationId }, { environment }) => {
    await requireInEnvironment("administration", environment.id, administrationId);
    return listExactDivisions(administrationId);
  },
);

/** The Exact division is always verified with Exact, and stored as Exact describes it. */
async function divisionValues(
  environmentId: string,
  input: ReturnType<typeof divisionSchema.parse>,
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

export const createDivisionAction = environmentAction(
  "settings.change",
  divisionSchema,
  async (input, { user, environment }) => {
    const created = await createDivision(user, environment.id, await divisionValues(environment.id, input));
    revalidatePath(PATH);
    revalidatePath("/");
    return created;
  },
);

export const updateDivisionAction = environmentAction(
  "settings.change",
  updateDivisionSchema,
  async ({ divisionId, values }, { user, environment }) => {
    await updateDivision(user, environment.id, divisionId, await divisionValues(environment.id, values));
    revalidatePath(PATH);
    revalidatePath("/");
    return null;
  },
  { fieldsUnder: "values" },
);

export const deleteDivisionAction = environmentAction(
  "settings.change",
  divisionIdSchema,
  async ({ divisionId }, { user, environment }) => {
    await deleteDivision(user, environment.id, divisionId);
    revalidatePath(PATH);
    return null;
  },
);

export const saveEnvironmentSettingsAction = environmentAction(
  "settings.change",
  environmentSettingsSchema,
  async (settings, { user, environment }) => {
    await updateEnvironmentSettings(user, environment.id, settings);
    revalidatePath(PATH);
    return null;
  },
);
