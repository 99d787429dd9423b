import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { environmentOf } from "@/lib/data/environments";
import { oauthLoginDescription } from "@/lib/data/oauth-logins";
import { requirePermission } from "@/lib/guards/require-user";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("oauthLogins.connect"))("title") };
}

/**
 * Where a consent that was not started by a click in the portal (a typed or bookmarked
 * address, a link from elsewhere) lands: it asks first. Starting a consent retires the other
 * refresh-token chains of the same Exact user, so it is never done by a link alone; the button
 * posts to /api/exact/connect, which checks that the post came from the portal itself.
 */
export default async function ConnectPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePermission("settings.change");
  const params = await searchParams;
  const login = typeof params.login === "string" ? params.login : "";
  const force = params.force === "1" ? "1" : "0";
  const [t, environment] = await Promise.all([getTranslations("oauthLogins.connect"), environmentOf(user)]);
  const description = await oauthLoginDescription(environment.id, login);
  return (
    <div className="flex max-w-xl flex-col gap-4">
      <PageHeader title={t("title")} environmentScoped />
      {description === null ? (
        <p role="alert">{t("unknown")}</p>
      ) : (
        <form method="post" action="/api/exact/connect" className="flex flex-col gap-4">
          <p>{t("question", { description })}</p>
          <input type="hidden" name="login" value={login} />
          <input type="hidden" name="force" value={force} />
          <div className="flex gap-2">
            <button
              type="submit"
              className="inline-flex items-center justify-center rounded bg-blue-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-800"
            >
              {t("continue")}
            </button>
            <Link
              href="/system/oauth-logins"
              className="inline-flex items-center justify-center rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100"
            >
              {t("cancel")}
            </Link>
          </div>
        </form>
      )}
    </div>
  );
}
