import "server-only";
import type { LinkedAdministration } from "@/lib/data/api-administrations";
import type { DivisionOverviewRow, OverviewHealth } from "@/lib/data/division-overview-rows";
import type { Translate } from "@/lib/i18n/describe-login-state";
import type { Locale } from "@/lib/i18n/locales";
import { describeOverviewState } from "@/lib/overview/describe-overview-row";
import type { ApiAdministration, ApiDivisionRow } from "./api-schemas";

// What the data layer reads, in the API's shapes (lib/public-api/api-schemas.ts): codes for programs,
// the overview's words beside them, ISO dates, and nothing secret (the data layer reads none).

const iso = (d: Date | null) => d?.toISOString() ?? null;

function stateOf(h: OverviewHealth, t: Translate, locale: Locale) {
  return {
    state: h.state,
    stateDescription: describeOverviewState(t, h, locale),
    reason: h.lastError && h.reasonOf ? { code: h.lastError, of: h.reasonOf, at: iso(h.failedAt) } : null,
  };
}

export function toApiAdministration(a: LinkedAdministration, t: Translate, locale: Locale): ApiAdministration {
  return {
    id: a.id,
    description: a.description,
    type: a.type,
    ...stateOf(a.health, t, locale),
    oauthLogin: a.oauthLogin ? { ...a.oauthLogin, expiresAt: iso(a.oauthLogin.expiresAt) } : null,
    proxySet: a.proxySet,
    divisions: a.divisions,
  };
}

export function toApiDivisionRow(r: DivisionOverviewRow, t: Translate, locale: Locale): ApiDivisionRow {
  return {
    id: r.id,
    kind: r.code === null ? "administration" : "division",
    code: r.code,
    name: r.name,
    administration:
      r.administrationId && r.administration ? { id: r.administrationId, description: r.administration } : null,
    oauthLogin:
      r.oauthLoginId && r.oauthLogin && r.site ? { id: r.oauthLoginId, description: r.oauthLogin, site: r.site } : null,
    exactDivision:
      r.exactDivisionCode === null
        ? null
        : { code: r.exactDivisionCode, hid: r.exactDivisionHid, description: r.exactDivisionDescription },
    ...stateOf(r, t, locale),
    loginExpiresAt: iso(r.loginExpiresAt),
    lastCheckAt: iso(r.lastCheckAt),
  };
}
