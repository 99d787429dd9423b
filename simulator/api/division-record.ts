import type { FixtureDivision } from "../fixture/fixture-schema";
import { odataDate } from "./odata-date";

const COUNTRY: Record<string, string> = {
  NL: "Nederland",
  BE: "België",
  DE: "Duitsland",
  GB: "Verenigd Koninkrijk",
  US: "Verenigde Staten",
  ES: "Spanje",
  FR: "Frankrijk",
};

const CURRENCY: Record<string, string> = { EUR: "Euro", GBP: "Brits pond", USD: "Amerikaanse dollar" };

/** As Exact names it in `__metadata.type` (EXACT_ONLINE.md "Real types"). */
export const DIVISION_TYPE = "Exact.Web.Api.Models.System.Division";

/**
 * One division as system/Divisions returns it (EXACT_ONLINE.md "Which divisions"): Code an int,
 * Hid a string, Country padded to three characters ("NL "), dates as /Date(ms)/, Current true
 * for the user's CurrentDivision, and __metadata first.
 */
export function divisionRecord(
  division: FixtureDivision,
  options: { apiBase: string; pathDivision: number; currentDivision: number; resource: string },
): Record<string, unknown> {
  const created = Date.parse(division.Created);
  return {
    __metadata: {
      uri: `${options.apiBase}/${options.pathDivision}/system/${options.resource}(${division.Code})`,
      type: DIVISION_TYPE,
    },
    Code: division.Code,
    BlockingStatus: division.BlockingStatus,
    Country: division.Country.padEnd(3, " "),
    CountryDescription: COUNTRY[division.Country] ?? "",
    Created: odataDate(created),
    Currency: division.Currency,
    CurrencyDescription: CURRENCY[division.Currency] ?? "",
    Current: division.Code === options.currentDivision,
    Customer: division.Customer ?? null,
    CustomerCode: division.CustomerCode ?? null,
    CustomerName: division.CustomerName ?? null,
    Description: division.Description,
    Hid: division.Hid,
    IsDossierDivision: false,
    IsMainDivision: division.IsMainDivision,
    IsPracticeDivision: false,
    Modified: odataDate(created),
    StartDate: odataDate(Date.parse(division.StartDate)),
    Status: division.Status,
    VATNumber: division.VATNumber,
    Website: division.Website,
  };
}

/** The fields a division record has, for $select validation. */
export const DIVISION_FIELDS: readonly string[] = Object.keys(
  divisionRecord(
    {
      Code: 1,
      Hid: "1",
      Description: "",
      Country: "NL",
      Currency: "EUR",
      Status: 1,
      BlockingStatus: 0,
      IsMainDivision: false,
      VATNumber: "",
      Website: "",
      Created: "2016-01-01T00:00:00Z",
      StartDate: "2016-01-01T00:00:00Z",
    },
    { apiBase: "", pathDivision: 1, currentDivision: 1, resource: "Divisions" },
  ),
).filter((key) => key !== "__metadata");
