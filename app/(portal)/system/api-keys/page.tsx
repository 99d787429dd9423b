import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { listApiKeys } from "@/lib/data/api-keys";
import { environmentOf } from "@/lib/data/environments";
import { requirePermission } from "@/lib/guards/require-user";
import { ClientMessages } from "@/lib/i18n/client-messages";
import { ApiKeysScreen } from "./_components/api-keys-screen";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("apiKeys"))("title") };
}

// Admins only: a viewer gets Geen toegang here, and every action refuses them too.
export default async function ApiKeysPage() {
  const user = await requirePermission("api_keys.manage");
  const environment = await environmentOf(user);
  const [t, keys] = await Promise.all([getTranslations("apiKeys"), listApiKeys(environment.id)]);
  const at = Date.now();
  return (
    <>
      <PageHeader
        environmentScoped
        title={t("title")}
        intro={t("intro", { environment: environment.name })}
        actions={
          <Link href="/system/api-docs" className="text-sm font-medium text-blue-800 underline hover:text-blue-950">
            {t("docsLink")}
          </Link>
        }
      />
      <ClientMessages paths={["apiKeys", "audit.filters.dateHint"]}>
        <ApiKeysScreen
          environment={environment.name}
          keys={keys.map((k) => ({
            id: k.id,
            name: k.name,
            prefix: k.prefix,
            scope: k.scope,
            createdByName: k.createdByName,
            madeByTool: k.madeByTool,
            creatorStop: k.creatorStop,
            createdAt: k.createdAt.toISOString(),
            expiresAt: k.expiresAt?.toISOString() ?? null,
            revokedAt: k.revokedAt?.toISOString() ?? null,
            lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
            callCount: k.callCount,
            refusedCount: k.refusedCount,
            lastRefusedAt: k.lastRefusedAt?.toISOString() ?? null,
            expired: Boolean(k.expiresAt && k.expiresAt.getTime() <= at),
          }))}
        />
      </ClientMessages>
    </>
  );
}
