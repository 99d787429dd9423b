"use server";

import { revalidatePath } from "next/cache";
import { createAdministration, deleteAdministration, updateAdministration } from "@/lib/data/administrations";
import { createDivision, deleteDivision, updateDivision } from "@/lib/data/divisions";
import { updateEnvironmentSettings } from "@/lib/data/environments";
import { requireInEnvironment } from "@/lib/data/require-in-environment";
import { environmentAction } from "@/lib/guards/environment-action";
import { listExactDivisions } from "@/lib/links/list-exact-divisions";
import { resolveDivisionValues } from "@/lib/links/resolve-division-values";
import { testAdministrationConnection } from "@/lib/links/test-administration-connection";
import { sendTestNotification } from "@/lib/notify/send-test-notification";
import {
  administrationIdSchema,
  administrationSchema,
  divisionIdSchema,
  divisionSchema,
  environmentSettingsSchema,
  updateAdministrationSchema,
  updateDivisionSchema,
} from "@/lib/schemas/administrations";
import { sendTestNotificationSchema } from "@/lib/schemas/notification-settings";

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
  async ({ administrationId }, { user, environment }) => {
    await requireInEnvironment("administration", environment.id, administrationId);
    try {
      return await testAdministrationConnection(user, administrationId);
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

export const createDivisionAction = environmentAction(
  "settings.change",
  divisionSchema,
  async (input, { user, environment }) => {
    const created = await createDivision(user, environment.id, await resolveDivisionValues(environment.id, input));
    revalidatePath(PATH);
    revalidatePath("/");
    return created;
  },
);

export const updateDivisionAction = environmentAction(
  "settings.change",
  updateDivisionSchema,
  async ({ divisionId, values }, { user, environment }) => {
    await updateDivision(user, environment.id, divisionId, await resolveDivisionValues(environment.id, values));
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

/** Stuur testmelding: one `test` event through each configured channel, now; says what became of each. */
export const sendTestNotificationAction = environmentAction(
  "settings.change",
  sendTestNotificationSchema,
  async (_, { user, environment }) => sendTestNotification(user, environment),
);
