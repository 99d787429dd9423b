"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useTransition } from "react";
import { useForm } from "react-hook-form";
import { DialogActions } from "@/components/ui/dialog-actions";
import { FormMessage } from "@/components/ui/form-message";
import { ModalDialog } from "@/components/ui/modal-dialog";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import { useFormMessage } from "@/components/ui/use-form-message";
import { ROLES } from "@/lib/auth/permissions";
import { type CreateUserInput, createUserSchema } from "@/lib/schemas/users";
import { createUserAction } from "../actions";
import type { Notice } from "./notice";
import type { ShownPassword } from "./password-once-dialog";

/** Nieuwe gebruiker: a dialog like every other Nieuw (name, e-mail, role, an optional password). */
export function CreateUserDialog({
  onDone,
  onCancel,
}: {
  /** The notice to show, and the generated password (when the portal made one) to show once. */
  onDone: (n: Notice, shown?: ShownPassword) => void;
  onCancel: () => void;
}) {
  const t = useTranslations();
  const [pending, startTransition] = useTransition();
  const form = useForm<CreateUserInput>({
    resolver: zodResolver(createUserSchema),
    defaultValues: { email: "", name: "", role: "viewer", password: "" },
  });

  const { message, submit, failed } = useFormMessage(form);
  const onSubmit = submit((values) =>
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
      failed(result);
    }),
  );

  return (
    <ModalDialog title={t("users.new")} onClose={onCancel}>
      <form onSubmit={onSubmit} noValidate aria-label={t("users.new")} className="flex flex-col gap-4">
        {message ? <FormMessage kind={message.kind}>{message.text}</FormMessage> : null}
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
        <DialogActions onCancel={onCancel} pending={pending} saveLabel={t("users.create")} />
      </form>
    </ModalDialog>
  );
}
