import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requireUser } from "@/lib/guards/require-user";
import { ClientMessages } from "@/lib/i18n/client-messages";
import { ChangePasswordForm } from "./_components/change-password-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account"))("title") };
}

// Outside the portal layout: a user who must change their password sees only this.
export default async function ChangePasswordPage() {
  const user = await requireUser({ allowPasswordChange: true });
  const t = await getTranslations();
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <p className="text-sm font-semibold tracking-wide text-blue-700">{t("app.name")}</p>
        <h1 className="mt-1 mb-2 text-xl font-semibold">{t("account.title")}</h1>
        {user.mustChangePassword ? <p className="mb-4 text-sm text-slate-700">{t("account.mustChange")}</p> : null}
        <ClientMessages paths={["account"]}>
          <ChangePasswordForm email={user.email} />
        </ClientMessages>
        {user.mustChangePassword ? null : (
          <Link href="/" className="mt-4 block text-sm text-blue-700 hover:underline">
            {t("account.back")}
          </Link>
        )}
      </div>
    </main>
  );
}
