import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { Attention } from "@/lib/data/logins-needing-attention";

/**
 * On every page while any login of the environment needs a person, or an administration's own
 * route is broken, says how many and where: the logins to their grid, the administrations to
 * the overview's Fout rows (where each one's reason is).
 */
export async function AttentionBanner({
  attention,
  administrationsInError,
  environment,
}: {
  attention: Attention;
  administrationsInError: number;
  environment: string;
}) {
  if (attention.total === 0 && administrationsInError === 0) return null;
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
      {attention.total > 0 ? (
        <p>
          {t("text", { count: attention.total, environment })} {parts.join(", ")}.{" "}
          <Link href="/system/oauth-logins" className="font-medium underline">
            {t("link")}
          </Link>
        </p>
      ) : null}
      {administrationsInError > 0 ? (
        <p data-testid="attention-administrations">
          {t("administrations", { count: administrationsInError, environment })}{" "}
          <Link href="/?state=error" className="font-medium underline">
            {t("administrationsLink")}
          </Link>
        </p>
      ) : null}
    </section>
  );
}
