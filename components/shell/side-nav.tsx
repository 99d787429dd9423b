"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";

type Item = {
  href: string;
  label: "overview" | "oauthLogins" | "settings" | "apiKeys" | "apiDocs" | "users" | "audit";
};

export function SideNav({ showUsers, showApiKeys }: { showUsers: boolean; showApiKeys: boolean }) {
  const t = useTranslations("nav");
  const pathname = usePathname();
  const link = ({ href, label }: Item) => {
    const active = href === "/" ? pathname === "/" : pathname.startsWith(href);
    return (
      <li key={href}>
        <Link
          href={href}
          aria-current={active ? "page" : undefined}
          className={`block rounded px-3 py-1.5 text-sm ${active ? "bg-blue-100 font-medium text-blue-900" : "text-slate-700 hover:bg-slate-100"}`}
        >
          {t(label)}
        </Link>
      </li>
    );
  };
  return (
    <nav aria-label={t("label")} className="w-56 shrink-0 border-r border-slate-200 bg-white p-3">
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
    </nav>
  );
}
