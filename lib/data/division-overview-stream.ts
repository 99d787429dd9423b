import "server-only";
import { getSql } from "@/db/client";
import { rawCursor } from "@/db/raw-query";
import { now } from "@/lib/clock";
import type { OverviewQuery } from "@/lib/schemas/overview-params";
import { rowsQuery } from "./division-overview";
import { type DivisionOverviewRow, rowColumns, toRow } from "./division-overview-rows";

/** Every row of the query, sorted, read from a cursor in batches: for the CSV export. */
export async function* streamDivisionOverview(
  environmentId: string,
  q: OverviewQuery,
  batch = 500,
): AsyncGenerator<DivisionOverviewRow[]> {
  const sql = getSql();
  for await (const rows of rawCursor(rowColumns, sql`${rowsQuery(sql, environmentId, q, now(), null)}`, batch)) {
    yield rows.map(toRow);
  }
}
