"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { chooseEnvironmentAction } from "@/components/shell/choose-environment-action";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { applyActionResult } from "@/lib/forms/apply-action-result";
import { translateMessage } from "@/lib/i18n/translate-message";

/**
 * A link into a record of another environment (a notification e-mail's): says so, and switches
 * there with one button, instead of showing the current environment without the record.
 */
export function SwitchEnvironmentNotice({
  text,
  environmentId,
  environment,
}: {
  text: string;
  environmentId: string;
  environment: string;
}) {
  const t = useTranslations();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="mb-4 flex flex-col gap-2">
      <div
        role="status"
        data-kind="warning"
        className="flex flex-wrap items-center gap-3 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900"
      >
        {text}
        <Button
          variant="secondary"
          disabled={pending}
          onClick={() =>
            startTransition(async () => {
              const result = await chooseEnvironmentAction({ environmentId });
              if (result.ok) router.refresh();
              else setError(translateMessage(t, applyActionResult(result), result.values));
            })
          }
        >
          {t("header.switchTo", { environment })}
        </Button>
      </div>
      {error ? <FormMessage kind="error">{error}</FormMessage> : null}
    </div>
  );
}
