import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { can } from "@/lib/auth/permissions";
import { administrationDescription } from "@/lib/data/administration-description";
import { environmentOf } from "@/lib/data/environments";
import { oauthLoginDescription } from "@/lib/data/oauth-logins";
import { requirePermission } from "@/lib/guards/require-user";
import { ExactActivity } from "./exact-activity";

type PageProps = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const OF = {
  login: {
    describe: oauthLoginDescription,
    subject: (id: string) => ({ loginId: id }),
    path: (id: string) => `/system/oauth-logins/${id}/activity`,
    back: { href: "/system/oauth-logins", label: "backToLogins" },
  },
  administration: {
    describe: administrationDescription,
    subject: (id: string) => ({ administrationId: id }),
    path: (id: string) => `/system/settings/administrations/${id}/activity`,
    back: { href: "/system/settings", label: "backToSettings" },
  },
} as const;

/**
 * The Activiteit page of one OAuth login or one administration of the user's environment (any
 * other id is not found): admins see its calls to Exact, team leads its health summary only.
 */
export async function ExactActivityPage({ of, params, searchParams }: PageProps & { of: keyof typeof OF }) {
  const user = await requirePermission("portal.read");
  const { id } = await params;
  const page = OF[of];
  const description = await page.describe((await environmentOf(user)).id, id);
  if (description === null) notFound();
  const t = await getTranslations("activity");
  return (
    <ExactActivity
      title={t(`${of}Title`, { description })}
      intro={t(`${of}Intro`)}
      back={{ href: page.back.href, label: t(page.back.label) }}
      subject={page.subject(id)}
      basePath={page.path(id)}
      showRecords={can(user.role, "settings.change")}
      searchParams={await searchParams}
    />
  );
}
