"use client";

import { useTranslations } from "next-intl";
import { FormMessage } from "@/components/ui/form-message";
import { ShownOnceDialog } from "@/components/ui/shown-once-dialog";
import type { CreatedKey } from "./create-api-key-dialog";

/** The new key, shown this once: the portal keeps only its hash. */
export function NewKeyDialog({ created, onClose }: { created: CreatedKey; onClose: () => void }) {
  const t = useTranslations("apiKeys");
  return (
    <ShownOnceDialog
      title={t("createdTitle", { name: created.name })}
      intro={<FormMessage kind="success">{t("shownOnce")}</FormMessage>}
      inputId="new-api-key"
      label={t("keyLabel")}
      value={created.key}
      labels={{ copy: t("copy"), copied: t("copied"), copySelect: t("copySelect"), close: t("close") }}
      small
      onClose={onClose}
    />
  );
}
