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
 * "Geldig tot 2-7-2016", "Geldig tot 2-7-2016. <waarom het wacht>", "Verloopt over 3 dagen",
 * "Opnieuw autoriseren nodig: …", "Fout: …".
 */
export function describeLoginState(t: Translate, state: LoginState, locale: Locale, at: Date = new Date()): string {
  const expires = state.loginExpiresAt ? new Date(state.loginExpiresAt) : null;
  const reason = describeLoginReason(t, state);
  // A live login that keeps a reason is waiting for something (Exact's limits, an answer in
  // doubt, Exact being down): it says what, beside how long it stays valid.
  const live = (key: string, values: Record<string, string | number>) =>
    reason ? t(`${key}Because`, { ...values, reason }) : t(key, values);
  switch (state.status) {
    case "active":
      return expires
        ? live("loginState.validUntil", { date: formatDate(expires, locale) })
        : live("loginState.active", {});
    case "expiring":
      return expires
        ? live("loginState.expiringIn", { days: Math.max(0, Math.ceil((expires.getTime() - at.getTime()) / DAY_MS)) })
        : live("loginState.active", {});
    case "needs_reauth":
      return reason ? t("loginState.needsReauthBecause", { reason }) : t("loginState.needsReauth");
    case "error":
      return reason ? t("loginState.errorBecause", { reason }) : t("loginState.error");
    default:
      return t("loginState.pending");
  }
}
