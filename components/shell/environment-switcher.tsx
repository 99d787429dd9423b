"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { chooseEnvironmentAction } from "@/components/shell/choose-environment-action";
import { applyActionResult } from "@/lib/forms/apply-action-result";
import { translateMessage } from "@/lib/i18n/translate-message";

export function EnvironmentSwitcher({
  environments,
  currentId,
}: {
  environments: { id: string; name: string }[];
  currentId: string | undefined;
}) {
  const t = useTranslations();
  const router = useRouter();
  const [value, setValue] = useState(currentId ?? "");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="text-white/85">{t("header.environment")}</span>
      <select
        className="rounded border border-white/60 bg-black/20 px-2 py-1 text-sm text-white [&>option]:text-slate-900"
        value={value}
        disabled={pending}
        onChange={(e) => {
          const environmentId = e.target.value;
          const previous = value;
          setValue(environmentId);
          startTransition(async () => {
            const result = await chooseEnvironmentAction({ environmentId });
            if (result.ok) {
              setError(null);
              router.refresh();
            } else {
              setValue(previous);
              setError(translateMessage(t, applyActionResult(result), result.values));
            }
          });
        }}
      >
        {environments.map((env) => (
          <option key={env.id} value={env.id}>
            {env.name}
          </option>
        ))}
      </select>
      {error ? (
        <span role="alert" className="text-xs text-red-200">
          {error}
        </span>
      ) : null}
    </label>
  );
}
