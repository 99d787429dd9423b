import { listLinkedAdministrations } from "@/lib/data/api-administrations";
import { toApiAdministration } from "@/lib/public-api/api-answers";
import { apiError } from "@/lib/public-api/api-error";
import { apiJson } from "@/lib/public-api/api-json";
import { apiRoute } from "@/lib/public-api/api-route";
import { apiLocale, apiTranslator } from "@/lib/public-api/api-words";

export const dynamic = "force-dynamic";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * GET /api/v1/administrations/{id}. Another environment's administration is answered exactly
 * as one that does not exist: a key learns nothing about environments it cannot see.
 */
export const GET = apiRoute<{ id: string }>(async (request, caller, { id }) => {
  const [administration] = UUID.test(id) ? await listLinkedAdministrations(caller.environmentId, id) : [];
  if (!administration) {
    return apiError(
      404,
      "administration_not_found",
      "There is no administration with this id in the key's environment.",
    );
  }
  const locale = apiLocale(request);
  return apiJson({ data: toApiAdministration(administration, apiTranslator(locale), locale) });
});
