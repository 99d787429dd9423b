"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useTransition } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { TextField } from "@/components/ui/text-field";
import { useFormMessage } from "@/components/ui/use-form-message";
import { applyActionResult } from "@/lib/forms/apply-action-result";
import { signInSchema } from "@/lib/schemas/users";
import { signInAction } from "../actions";

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const t = useTranslations("login");
  const [pending, startTransition] = useTransition();
  const form = useForm<z.input<typeof signInSchema>>({
    resolver: zodResolver(signInSchema),
    defaultValues: { email: "", password: "" },
  });

  const { message, setMessage, submit } = useFormMessage(form);
  const onSubmit = submit((values) => {
    startTransition(async () => {
      const result = await signInAction(values, callbackUrl);
      // On success the action redirects; we only get here on failure. Sign-in says its own
      // words (never which of e-mail and password was wrong).
      if (result && !result.ok) {
        const formError = applyActionResult(result, form);
        if (formError) {
          const text = t(formError === "throttled" || formError === "blocked" ? formError : "invalid");
          setMessage({ kind: "error", text });
        }
      }
    });
  });

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      {message ? <FormMessage kind={message.kind}>{message.text}</FormMessage> : null}
      <TextField
        label={t("email")}
        type="email"
        autoComplete="username"
        autoFocus
        registration={form.register("email")}
        error={form.formState.errors.email}
      />
      <TextField
        label={t("password")}
        type="password"
        autoComplete="current-password"
        registration={form.register("password")}
        error={form.formState.errors.password}
      />
      <Button type="submit" disabled={pending}>
        {pending ? t("submitting") : t("submit")}
      </Button>
    </form>
  );
}
