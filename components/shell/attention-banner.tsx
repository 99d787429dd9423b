import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { Attention } from "@/lib/data/logins-needing-attention";

/** On every page while any login of the environment needs a person, says how many and where. */
export async function AttentionBanner({ attention, environment }: { attention: Attention; environment: string }) {
  if (attention.total === 0) return null;
  const t = await getTranslations("attention");
  const parts = (["needs_reauth", "error", "expiring"] as const)
    .filter((k) => attention[k] > 0)
    .map((k) => t(k, { count: attention[k] }));
  return (
    <section
      aria-label={t("label")}
      data-testid="attention-banner"
      className="border-b border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-950"
    >
      {t("text", { count: attention.total, environment })} {parts.join(", ")}.{" "}
      <Link href="/system/oauth-logins" className="font-medium underline">
        {t("link")}
      </Link>
    </section>
  );
}
