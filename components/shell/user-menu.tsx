"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { signOutAction } from "@/components/shell/sign-out-action";
import { LanguageSwitch } from "./language-switch";

// A <details> menu: opens with Enter/Space and closes with a second press, no script needed.
export function UserMenu({ name, email, role }: { name: string; email: string; role: "admin" | "viewer" }) {
  const t = useTranslations("header");
  return (
    <details className="relative">
      <summary className="cursor-pointer list-none rounded px-2 py-1 text-sm text-white hover:bg-blue-800">
        {/* The name it shows is the start of the name it is read with (WCAG 2.5.3, Label in Name). */}
        {name}
        <span className="sr-only"> – {t("userMenu")}</span>
        <span aria-hidden="true"> ▾</span>
      </summary>
      <div
        data-surface="light"
        className="absolute right-0 z-20 mt-1 flex w-64 max-w-[calc(100vw-2rem)] flex-col gap-3 rounded border border-slate-200 bg-white p-3 text-slate-800 shadow-lg"
      >
        <div>
          <p className="text-sm font-medium">{name}</p>
          <p className="text-xs text-slate-500">{email}</p>
          <p className="text-xs text-slate-500" data-testid="current-role">
            {t(`roles.${role}`)}
          </p>
        </div>
        <LanguageSwitch />
        <Link href="/account/password" className="text-sm text-blue-700 hover:underline">
          {t("changePassword")}
        </Link>
        <form action={signOutAction}>
          <button type="submit" className="text-sm text-blue-700 hover:underline">
            {t("signOut")}
          </button>
        </form>
      </div>
    </details>
  );
}
