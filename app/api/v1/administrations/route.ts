import { listLinkedAdministrations } from "@/lib/data/api-administrations";
import { toApiAdministration } from "@/lib/public-api/api-answers";
import { apiJson } from "@/lib/public-api/api-json";
import { apiRoute } from "@/lib/public-api/api-route";
import { apiLocale, apiTranslator } from "@/lib/public-api/api-words";

export const dynamic = "force-dynamic";

/** GET /api/v1/administrations: every administration of the key's environment, with its link. */
export const GET = apiRoute(async (request, caller) => {
  const locale = apiLocale(request);
  const t = apiTranslator(locale);
  const administrations = await listLinkedAdministrations(caller.environmentId);
  return apiJson({ data: administrations.map((a) => toApiAdministration(a, t, locale)) });
});
