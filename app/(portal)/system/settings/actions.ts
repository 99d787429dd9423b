"use server";

import { revalidatePath } from "next/cache";
import { guardedAction } from "@/lib/auth/action";
import {
  createAdministration,
  deleteAdministration,
  listAdministrations,
  updateAdministration,
} from "@/lib/data/administrations";
import { createDivision, type DivisionValues, deleteDivision, updateDivision } from "@/lib/data/divisions";
import { environmentOf, updateEnvironmentSettings } from "@/lib/data/environments";
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

export const createAdministrationAction = guardedAction(
  "settings.change",
  administrationSchema,
  async (values, user) => {
    const environment = await environmentOf(user);
    const created = await createAdministration(user, environment.id, values);
    revalidatePath(PATH);
    return created;
  },
);

export const updateAdministrationAction = guardedAction(
  "settings.change",
  updateAdministrationSchema,
  async ({ administrationId, values }, user) => {
    const environment = await environmentOf(user);
    await updateAdministration(user, environment.id, administrationId, values);
    revalidatePath(PATH);
    return null;
  },
  { fieldsUnder: "values" },
);

export const deleteAdministrationAction = guardedAction(
  "settings.change",
  administrationIdSchema,
  async ({ administrationId }, user) => {
    const environment = await environmentOf(user);
    await deleteAdministration(user, environment.id, administrationId);
    revalidatePath(PATH);
    return null;
  },
);

/** Verbinding testen: current/Me and system/Divisions through the administration's login and proxy. */
export const testAdministrationAction = guardedAction(
  "settings.change",
  administrationIdSchema,
  async ({ administrationId }, user) => {
    await assertInEnvironment(user, administrationId);
    try {
      return await testAdministrationConnection(administrationId);
    } finally {
      revalidatePath(PATH);
    }
  },
);

/** Exact's live list of divisions, for the picker (admins only: it is a call to Exact). */
export const listExactDivisionsAction = guardedAction(
  "settings.change",
  administrationIdSchema,
  async ({ administrationId }, user) => {
    await assertInEnvironment(user, administrationId);
    return listExactDivisions(administrationId);
  },
);

async function assertInEnvironment(user: Parameters<typeof environmentOf>[0], administrationId: string) {
  const environment = await environmentOf(user);
  if (!(await listAdministrations(environment.id)).some((a) => a.id === administrationId)) {
    throw new AppError("administration_not_found");
  }
}

/** The Exact division is always verified with Exact, and stored as Exact describes it. */
async function divisionValues(
  user: Parameters<typeof environmentOf>[0],
  input: ReturnType<typeof divisionSchema.parse>,
): Promise<DivisionValues> {
  let exact: DivisionValues["exact"] = null;
  if (input.exactDivisionCode) {
    if (!input.administrationId) throw new AppError("exact_division_needs_administration", "administrationId");
    // Only an administration of the user's environment is asked, before anything goes to Exact.
    await assertInEnvironment(user, input.administrationId);
    const verified = await verifyExactDivision(input.administrationId, Number(input.exactDivisionCode));
    exact = { code: verified.code, description: verified.description, hid: verified.hid };
  }
  return { code: input.code, name: input.name, administrationId: input.administrationId || null, exact };
}

export const createDivisionAction = guardedAction("settings.change", divisionSchema, async (input, user) => {
  const environment = await environmentOf(user);
  const created = await createDivision(user, environment.id, await divisionValues(user, input));
  revalidatePath(PATH);
  revalidatePath("/");
  return created;
});

export const updateDivisionAction = guardedAction(
  "settings.change",
  updateDivisionSchema,
  async ({ divisionId, values }, user) => {
    const environment = await environmentOf(user);
    await updateDivision(user, environment.id, divisionId, await divisionValues(user, values));
    revalidatePath(PATH);
    revalidatePath("/");
    return null;
  },
  { fieldsUnder: "values" },
);

export const deleteDivisionAction = guardedAction("settings.change", divisionIdSchema, async ({ divisionId }, user) => {
  const environment = await environmentOf(user);
  await deleteDivision(user, environment.id, divisionId);
  revalidatePath(PATH);
  return null;
});

export const saveEnvironmentSettingsAction = guardedAction(
  "settings.change",
  environmentSettingsSchema,
  async (settings, user) => {
    const environment = await environmentOf(user);
    await updateEnvironmentSettings(user, environment.id, settings);
    revalidatePath(PATH);
    return null;
  },
);
