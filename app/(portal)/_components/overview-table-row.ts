/** A row as the server renders it: every cell already in words. */
export type OverviewTableRow = {
  id: string;
  code: string | null;
  division: string;
  administration: string;
  oauthLogin: string;
  site: string;
  exactDivision: string;
  state: string;
  stateKey: string;
  lastCheck: string;
};
