import "server-only";
import { rawCursor } from "@/db/raw-query";
import { now } from "@/lib/clock";
import type { OverviewQuery } from "@/lib/schemas/overview-params";
import { overviewSql, planSearch, rowsQuery } from "./division-overview";
import { type DivisionOverviewRow, rowColumns, toRow } from "./division-overview-rows";

/** Every row of the query, sorted, read from a cursor in batches: for the CSV export. */
export async function* streamDivisionOverview(
  environmentId: string,
  q: OverviewQuery,
  batch = 500,
): AsyncGenerator<DivisionOverviewRow[]> {
  const sql = overviewSql(q);
  const at = now();
  const plan = q.search ? await planSearch(sql, environmentId, q, at) : null;
  for await (const rows of rawCursor(
    rowColumns,
    sql`${rowsQuery(sql, environmentId, q, at, null, null, plan)}`,
    batch,
  )) {
    yield rows.map(toRow);
  }
}
