import type { RowState } from "@/lib/schemas/overview-params";
import { formatDate } from "./format-date";
import type { Locale } from "./locales";

// A login's state in the same words on every screen: the OAuth logins grid, the
// administrations grid, the Bron administratie dialog, the overview, the banner and the
// notifications. Works with next-intl's translator on the server and in the browser.

export type LoginStatus = "pending" | "active" | "expiring" | "needs_reauth" | "error";

export type LoginState = {
  /** The effective status (an active login inside the warning window is `expiring`). */
  status: LoginStatus;
  loginExpiresAt: Date | string | null;
  lastError: string | null;
  lastErrorValues?: Record<string, string> | null;
};

/** The part of next-intl's root translator used here. */
export type Translate = {
  (key: string, values?: Record<string, string | number>): string;
  has(key: string): boolean;
};

const DAY_MS = 86_400_000;

/** The reason in words, when the login keeps one that has words. */
export function describeLoginReason(
  t: Translate,
  state: Pick<LoginState, "lastError" | "lastErrorValues">,
): string | null {
  const key = `oauthLogins.lastError.${state.lastError}`;
  return state.lastError && t.has(key) ? t(key, state.lastErrorValues ?? {}) : null;
}

/**
 * A state's one word, the same on every screen and in every export: the badge, the counts,
 * the filter, the sentence. Each state has exactly one, under linkState.* in each catalog
 * (a unit test keeps both catalogs to one word per state, the same states in each).
 */
export function linkStateWord(t: Translate, state: LinkStateKey): string {
  return t(`linkState.${state}`);
}

/**
 * Every state a link can be in: a login's, and the overview's for a division or administration
 * (not_linked, and whatever the overview adds: a new state there needs a word here and a badge).
 */
export type LinkStateKey = LoginStatus | RowState;

/** A state's word, and the line beside it; `hasReason`: that line carries a reason and may run long. */
export type StateParts = { word: string; detail: string | null; hasReason: boolean };

/**
 * A state in parts, for a badge with a line beside it: the state's word, and what there is to
 * say beyond it (how long it stays valid, why it waits or failed), or null.
 */
export function loginStateParts(t: Translate, state: LoginState, locale: Locale, at: Date = new Date()): StateParts {
  const expires = state.loginExpiresAt ? new Date(state.loginExpiresAt) : null;
  const reason = describeLoginReason(t, state);
  // A live login that keeps a reason is waiting for something (Exact's limits, an answer in
  // doubt, Exact being down): it says what, beside how long it stays valid.
  const live = (key: string, values: Record<string, string | number>) =>
    reason ? t(`${key}Because`, { ...values, reason }) : t(key, values);
  const word = linkStateWord(t, state.status);
  const hasReason = reason !== null;
  switch (state.status) {
    case "active":
      return {
        word,
        detail: expires ? live("loginState.validUntil", { date: formatDate(expires, locale) }) : reason,
        hasReason,
      };
    case "expiring":
      return {
        word,
        detail: expires
          ? live("loginState.expiringIn", {
              days: Math.max(0, Math.ceil((expires.getTime() - at.getTime()) / DAY_MS)),
            })
          : reason,
        hasReason,
      };
    case "needs_reauth":
    case "error":
      return { word, detail: reason, hasReason };
    default:
      return { word, detail: null, hasReason: false };
  }
}

/**
 * The state as one sentence (a select's option, the CSV, the API, a notification):
 * "Geldig tot 2-7-2016", "Geldig tot 2-7-2016. <waarom het wacht>", "Verloopt over 3 dagen",
 * "Opnieuw autoriseren nodig: …", "Fout: …", "Wacht op toestemming".
 */
export function describeLoginState(t: Translate, state: LoginState, locale: Locale, at: Date = new Date()): string {
  const { word, detail } = loginStateParts(t, state, locale, at);
  if (!detail) return word;
  // A date speaks for itself ("Geldig tot …"); a bare reason follows the state's word.
  const dated = (state.status === "active" || state.status === "expiring") && state.loginExpiresAt;
  return dated ? detail : t("loginState.because", { state: word, reason: detail });
}
