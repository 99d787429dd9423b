"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";

type Item = {
  href: string;
  label: "overview" | "oauthLogins" | "settings" | "apiKeys" | "apiDocs" | "users" | "audit";
};

/** Which pages the navigation offers this user. */
export type NavScope = { showUsers: boolean; showApiKeys: boolean };

/** The portal's pages, the current one marked: in the sidebar, and in the phone's menu (`onChoose` closes it). */
export function NavLinks({ showUsers, showApiKeys, onChoose }: NavScope & { onChoose?: () => void }) {
  const t = useTranslations("nav");
  const pathname = usePathname();
  const link = ({ href, label }: Item) => {
    const active = href === "/" ? pathname === "/" : pathname.startsWith(href);
    return (
      <li key={href}>
        <Link
          href={href}
          aria-current={active ? "page" : undefined}
          onClick={onChoose}
          className={`block rounded px-3 py-1.5 text-sm ${active ? "bg-blue-100 font-medium text-blue-900" : "text-slate-700 hover:bg-slate-100"}`}
        >
          {t(label)}
        </Link>
      </li>
    );
  };
  return (
    <ul className="flex flex-col gap-1">
      {link({ href: "/", label: "overview" })}
      <li className="mt-3 px-3 text-xs font-semibold tracking-wide text-slate-500 uppercase">{t("system")}</li>
      {link({ href: "/system/oauth-logins", label: "oauthLogins" })}
      {link({ href: "/system/settings", label: "settings" })}
      {showApiKeys ? link({ href: "/system/api-keys", label: "apiKeys" }) : null}
      {link({ href: "/system/api-docs", label: "apiDocs" })}
      {showUsers ? link({ href: "/users", label: "users" }) : null}
      {link({ href: "/audit", label: "audit" })}
    </ul>
  );
}

/** The sidebar, from a tablet's width up; a phone has the header's Menu (NavMenu) instead. */
export function SideNav(scope: NavScope) {
  const t = useTranslations("nav");
  return (
    <nav aria-label={t("label")} className="hidden w-56 shrink-0 border-r border-slate-200 bg-white p-3 md:block">
      <NavLinks {...scope} />
    </nav>
  );
}
