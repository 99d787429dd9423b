import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { LanguageSwitch } from "@/components/shell/language-switch";
import { safeCallbackUrl } from "@/lib/auth/safe-callback-url";
import { getCurrentUser } from "@/lib/guards/require-user";
import { ClientMessages } from "@/lib/i18n/client-messages";
import { LoginForm } from "./_components/login-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("login"))("title") };
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  if (await getCurrentUser()) redirect(safeCallbackUrl(callbackUrl));
  const t = await getTranslations();
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <p className="text-sm font-semibold tracking-wide text-blue-700">{t("app.name")}</p>
        <h1 className="mt-1 text-xl font-semibold">{t("login.title")}</h1>
        <p className="mt-1 mb-4 text-sm text-slate-600">{t("login.intro")}</p>
        <ClientMessages paths={["login"]}>
          <LoginForm callbackUrl={safeCallbackUrl(callbackUrl)} />
        </ClientMessages>
        <div className="mt-6 border-t border-slate-100 pt-3">
          <LanguageSwitch />
        </div>
      </div>
    </main>
  );
}
