import type { LinkStateKey } from "@/lib/i18n/describe-login-state";

/** A row as the server renders it: every cell already in words. */
export type OverviewTableRow = {
  id: string;
  code: string | null;
  division: string;
  administration: string;
  oauthLogin: string;
  site: string;
  exactDivision: string;
  /** The state in one sentence (what sorting and the CSV know it by). */
  state: string;
  stateKey: LinkStateKey;
  /** The state's one word and the line beside its badge. */
  stateWord: string;
  stateDetail: string | null;
  stateHasReason: boolean;
  lastCheck: string;
};
