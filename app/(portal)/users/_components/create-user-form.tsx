"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import { ROLES } from "@/lib/auth/permissions";
import { applyActionResult } from "@/lib/forms/apply-action-result";
import { translateMessage } from "@/lib/i18n/translate-message";
import { type CreateUserInput, createUserSchema } from "@/lib/schemas/users";
import { createUserAction } from "../actions";
import type { Notice } from "./notice";
import type { ShownPassword } from "./password-once-dialog";

export function CreateUserForm({
  onDone,
  onCancel,
}: {
  /** The notice to show, and the generated password (when the portal made one) to show once. */
  onDone: (n: Notice, shown?: ShownPassword) => void;
  onCancel: () => void;
}) {
  const t = useTranslations();
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<CreateUserInput>({
    resolver: zodResolver(createUserSchema),
    defaultValues: { email: "", name: "", role: "viewer", password: "" },
  });

  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await createUserAction(values);
      if (result.ok) {
        const { email, name, generatedPassword } = result.data;
        onDone(
          { kind: "success", text: t("users.created", { email }) },
          generatedPassword ? { name, email, password: generatedPassword } : undefined,
        );
        return;
      }
      const formError = applyActionResult(result, form);
      setFormError(formError ? translateMessage(t, formError, result.values) : null);
    }),
  );

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label={t("users.new")}
      className="grid max-w-xl gap-4 rounded border border-slate-200 bg-white p-4"
    >
      <h2 className="text-lg font-semibold">{t("users.new")}</h2>
      {formError ? <FormMessage kind="error">{formError}</FormMessage> : null}
      <TextField
        label={t("users.name")}
        autoFocus
        registration={form.register("name")}
        error={form.formState.errors.name}
      />
      <TextField
        label={t("users.email")}
        type="email"
        registration={form.register("email")}
        error={form.formState.errors.email}
      />
      <SelectField label={t("users.role")} registration={form.register("role")} error={form.formState.errors.role}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {t(`header.roles.${r}`)}
          </option>
        ))}
      </SelectField>
      <TextField
        label={t("users.password")}
        type="password"
        autoComplete="new-password"
        hint={t("users.passwordHint")}
        registration={form.register("password")}
        error={form.formState.errors.password}
      />
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          {t("users.create")}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {t("users.cancel")}
        </Button>
      </div>
    </form>
  );
}
