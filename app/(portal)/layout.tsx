import { getTranslations } from "next-intl/server";
import { AttentionBanner } from "@/components/shell/attention-banner";
import { EnvironmentSwitcher } from "@/components/shell/environment-switcher";
import { KeepAliveStatus } from "@/components/shell/keep-alive-status";
import { NavMenu } from "@/components/shell/nav-menu";
import { SideNav } from "@/components/shell/side-nav";
import { UserMenu } from "@/components/shell/user-menu";
import { CurrentEnvironment } from "@/components/ui/current-environment";
import { can } from "@/lib/auth/permissions";
import { administrationsInError } from "@/lib/data/administrations-in-error";
import { currentEnvironment, listEnvironments } from "@/lib/data/environments";
import { loginsNeedingAttention } from "@/lib/data/logins-needing-attention";
import { headerClass } from "@/lib/environments/environment-colours";
import { exactConfig } from "@/lib/exact/exact-config";
import { requireUser } from "@/lib/guards/require-user";
import { recentKeepAliveRuns } from "@/lib/jobs/keep-alive-runs";

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  const [t, environments] = await Promise.all([getTranslations(), listEnvironments()]);
  const current = currentEnvironment(environments, user.environmentId);
  const nav = { showUsers: can(user.role, "users.manage"), showApiKeys: can(user.role, "api_keys.manage") };
  const [attention, brokenAdministrations, runs] = await Promise.all([
    current ? loginsNeedingAttention(current.id) : null,
    current ? administrationsInError(current.id) : 0,
    recentKeepAliveRuns(),
  ]);
  return (
    <div className="flex min-h-screen flex-col">
      {/* The first stop of Tab: past the header and the navigation, straight to the page. */}
      <a
        href="#main"
        className="sr-only z-50 rounded bg-white px-3 py-2 text-sm font-medium text-blue-800 shadow focus:not-sr-only focus:absolute focus:top-2 focus:left-2"
      >
        {t("nav.skipToContent")}
      </a>
      {/* On a phone the header wraps: the Menu button and the name first, the user menu at the */}
      {/* right end of a line, never off the screen. */}
      <header
        className={`flex flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-2 text-white ${headerClass(current?.colour ?? "blue")}`}
        data-environment-colour={current?.colour}
        data-surface="dark"
      >
        <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
          <div className="flex items-center gap-3">
            <NavMenu {...nav} />
            <span className="text-lg font-semibold">{t("app.name")}</span>
          </div>
          {exactConfig().simulated ? (
            <span
              title={t("header.simulatedHint")}
              className="rounded bg-amber-300 px-2 py-0.5 text-xs font-semibold text-amber-950"
              data-testid="simulated-badge"
            >
              {t("header.simulated")}
            </span>
          ) : null}
          <EnvironmentSwitcher
            environments={environments.map(({ id, name }) => ({ id, name }))}
            currentId={current?.id}
          />
        </div>
        <div className="ml-auto flex flex-wrap items-center justify-end gap-x-4 gap-y-1">
          <KeepAliveStatus runs={runs} detailed={can(user.role, "settings.change")} />
          <UserMenu name={user.name} email={user.email} role={user.role} />
        </div>
      </header>
      {attention && current ? (
        <AttentionBanner
          attention={attention}
          administrationsInError={brokenAdministrations}
          environment={current.name}
        />
      ) : null}
      <div className="flex flex-1">
        <SideNav {...nav} />
        {/* min-w-0: a wide grid scrolls inside its box instead of widening the page. */}
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 overflow-x-auto p-4 focus:outline-none md:p-6">
          {current ? (
            <CurrentEnvironment value={{ id: current.id, name: current.name, colour: current.colour }}>
              {children}
            </CurrentEnvironment>
          ) : (
            children
          )}
        </main>
      </div>
    </div>
  );
}
