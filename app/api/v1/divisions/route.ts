import { listDivisionRowsAfter } from "@/lib/data/division-overview";
import { toApiDivisionRow } from "@/lib/public-api/api-answers";
import { apiError } from "@/lib/public-api/api-error";
import { apiJson } from "@/lib/public-api/api-json";
import { apiRoute } from "@/lib/public-api/api-route";
import { divisionsQuerySchema } from "@/lib/public-api/api-schemas";
import { apiLocale, apiTranslator } from "@/lib/public-api/api-words";
import { decodeDivisionCursor, encodeDivisionCursor } from "@/lib/public-api/division-cursor";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/divisions: the overview's rows of the key's environment, filtered as the page's
 * query string filters them, in division-code order as people read it (1, 2, 10), a page at a time with a cursor.
 */
export const GET = apiRoute(async (request, caller) => {
  const params = new URL(request.url).searchParams;
  const parsed = divisionsQuerySchema.safeParse(Object.fromEntries(params));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const parameter = issue.code === "unrecognized_keys" ? issue.keys[0] : String(issue.path[0]);
    const message =
      issue.code === "unrecognized_keys"
        ? `Unknown query parameter '${parameter}': the API pages with 'cursor' and 'limit' in division order, and filters with state, login, admin, site and q.`
        : `Query parameter '${parameter}' is not valid: ${issue.message}.`;
    return apiError(400, "invalid_parameter", message, { parameter });
  }
  const { state, login, admin, site, q, limit, cursor } = parsed.data;
  const after = cursor === undefined ? null : decodeDivisionCursor(cursor);
  if (cursor !== undefined && !after) {
    return apiError(400, "invalid_cursor", "The cursor is not one this API gave out: start again without one.", {
      parameter: "cursor",
    });
  }
  const page = await listDivisionRowsAfter(
    caller.environmentId,
    {
      state: state ?? null,
      loginId: login ?? null,
      administrationId: admin ?? null,
      site: site ?? null,
      search: (q ?? "").trim(),
    },
    after,
    limit,
  );
  const locale = apiLocale(request);
  const t = apiTranslator(locale);
  return apiJson({
    data: page.rows.map((r) => toApiDivisionRow(r, t, locale)),
    nextCursor: page.next && encodeDivisionCursor(page.next),
  });
});
