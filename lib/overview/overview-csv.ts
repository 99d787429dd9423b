import { Readable } from "node:stream";
import { stringify } from "csv-stringify";
import { streamDivisionOverview } from "@/lib/data/division-overview-stream";
import type { Translate } from "@/lib/i18n/describe-login-state";
import type { Locale } from "@/lib/i18n/locales";
import { type OverviewQuery, SORT_COLUMNS } from "@/lib/schemas/overview-params";
import { overviewRowDescriber } from "./describe-overview-row";

/**
 * The overview's filtered and sorted set, every page, as CSV for Dutch Excel: UTF-8 with a
 * BOM, `;` between fields, dates as 2-7-2016, the cells in the table's words. Rows come from a
 * database cursor in batches and are pulled only as fast as the reader takes them, so 100,000
 * rows never sit in memory.
 */
export function overviewCsv(environmentId: string, query: OverviewQuery, t: Translate, locale: Locale): Readable {
  const inWords = overviewRowDescriber(t, locale, true);
  async function* records() {
    for await (const batch of streamDivisionOverview(environmentId, query)) {
      for (const row of batch) {
        const cells = inWords(row);
        yield SORT_COLUMNS.map((c) => cells[c]);
      }
    }
  }
  return Readable.from(records()).pipe(
    stringify({
      delimiter: ";",
      bom: true,
      header: true,
      columns: SORT_COLUMNS.map((c) => t(`overview.columns.${c}`)),
    }),
  );
}
