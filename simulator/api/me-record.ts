import type { FixtureDivision, FixtureUser } from "../fixture/fixture-schema";
import { odataDate } from "./odata-date";

/** As Exact names it in `__metadata.type` (EXACT_ONLINE.md "Real types"). */
export const ME_TYPE = "Exact.Web.Api.Models.System.Me";

/**
 * current/Me's one record (EXACT_ONLINE.md "Who am I"). CurrentDivision is whatever the user last
 * opened in Exact: clients must not write to it, which is why the default fixture's first user
 * has a CurrentDivision that is not its main division.
 */
export function meRecord(
  user: FixtureUser,
  division: FixtureDivision | null,
  options: { apiBase: string; now: number },
): Record<string, unknown> {
  const [firstName, ...rest] = user.fullName.split(" ");
  return {
    __metadata: { uri: `${options.apiBase}/current/Me(guid'${user.userId}')`, type: ME_TYPE },
    UserID: user.userId,
    UserName: user.userName,
    FullName: user.fullName,
    FirstName: firstName,
    LastName: rest.join(" "),
    Email: user.email,
    CurrentDivision: user.currentDivision,
    AccountingDivision: user.currentDivision,
    DivisionCustomer: division?.Customer ?? null,
    DivisionCustomerCode: division?.CustomerCode ?? null,
    DivisionCustomerName: division?.CustomerName ?? null,
    Language: user.languageCode.slice(0, 2).toUpperCase(),
    LanguageCode: user.languageCode,
    Legislation: division?.Country === "BE" ? 2 : 1,
    IsClientUser: false,
    IsEmployeeSelfServiceUser: false,
    IsStarterUser: false,
    PictureUrl: null,
    ServerTime: odataDate(options.now),
    ServerUtcOffset: 0,
    Title: null,
  };
}

/** The fields the Me record has, for $select validation. */
export const ME_FIELDS: readonly string[] = Object.keys(
  meRecord(
    {
      userName: "",
      password: "",
      fullName: "",
      email: "",
      userId: "",
      languageCode: "nl-NL",
      currentDivision: 1,
      divisions: [],
    },
    null,
    { apiBase: "", now: 0 },
  ),
).filter((key) => key !== "__metadata");
