import type { useTranslations } from "next-intl";

/**
 * Messages are keys: validation.* from zod, errors.* from the server (with the values an
 * AppError carries, such as the administrations that still use a login). A key neither
 * knows is a bug, and the person sees the generic message rather than the key.
 */
export function translateMessage(
  t: ReturnType<typeof useTranslations>,
  key: string,
  values?: Record<string, string | number>,
): string {
  if (t.has(`validation.${key}`)) return t(`validation.${key}`);
  if (t.has(`errors.${key}`)) return t(`errors.${key}`, values ?? {});
  return t("errors.unexpected");
}
