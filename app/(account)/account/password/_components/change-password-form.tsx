"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useTransition } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { TextField } from "@/components/ui/text-field";
import { useFormMessage } from "@/components/ui/use-form-message";
import { type ChangePasswordInput, changePasswordSchema, PASSWORD_MIN } from "@/lib/schemas/users";
import { changePasswordAction } from "../actions";

export function ChangePasswordForm({ email }: { email: string }) {
  const t = useTranslations();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const form = useForm<ChangePasswordInput>({
    resolver: zodResolver(changePasswordSchema),
    defaultValues: { currentPassword: "", newPassword: "", confirmPassword: "" },
  });
  const { message, submit, failed, succeeded } = useFormMessage(form);
  const onSubmit = submit((values) =>
    startTransition(async () => {
      const result = await changePasswordAction(values);
      if (result.ok) {
        form.reset();
        succeeded(t("account.changed"));
        router.refresh();
        router.push("/");
        return;
      }
      failed(result);
    }),
  );
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      {message ? <FormMessage kind={message.kind}>{message.text}</FormMessage> : null}
      {/* Lets password managers tie the new password to the right account. */}
      <input type="hidden" name="username" autoComplete="username" value={email} readOnly />
      <TextField
        label={t("account.current")}
        type="password"
        autoComplete="current-password"
        registration={form.register("currentPassword")}
        error={form.formState.errors.currentPassword}
      />
      <TextField
        label={t("account.new")}
        type="password"
        autoComplete="new-password"
        hint={t("account.newHint", { min: PASSWORD_MIN })}
        registration={form.register("newPassword")}
        error={form.formState.errors.newPassword}
      />
      <TextField
        label={t("account.confirm")}
        type="password"
        autoComplete="new-password"
        registration={form.register("confirmPassword")}
        error={form.formState.errors.confirmPassword}
      />
      <Button type="submit" disabled={pending}>
        {t("account.submit")}
      </Button>
    </form>
  );
}
