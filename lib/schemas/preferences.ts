import { z } from "zod";
import { LOCALES } from "@/lib/i18n/locales";
import "./zod-jitless";

export const setLocaleSchema = z.object({ locale: z.enum(LOCALES, { error: "required" }) });
export const chooseEnvironmentSchema = z.object({ environmentId: z.uuid({ error: "invalid_id" }) });
