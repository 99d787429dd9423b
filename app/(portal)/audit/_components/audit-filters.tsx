"use client";

import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { type FormEvent, useState } from "react";
import { AUDIT_ENTITY_TYPES } from "@/lib/audit/audit-entity-types";
import type { AuditParams } from "@/lib/audit/audit-params";
import type { FieldErrors } from "@/lib/forms/action-result";
import { fieldErrorsOf } from "@/lib/forms/field-errors-of";
import { formatIsoDay } from "@/lib/i18n/format-iso-day";
import { resolveLocale } from "@/lib/i18n/locales";
import { translateMessage } from "@/lib/i18n/translate-message";

type Filter = Omit<AuditParams, "page">;

/**
 * The audit log's filters: a GET form (it works without script), put in the URL by nuqs.
 * Dates are plain text typed and shown as the portal writes them (2-7-2016), not the browser's
 * date picker, whose format follows the browser's locale; the period is checked with the
 * schema the page uses, so a wrong or reversed one is said in words before anything is searched.
 * Keyed by its values: another filter in the URL (back, forward) starts it afresh.
 */
export function AuditFilters({
  users,
  values,
  periodError,
  onApply,
}: {
  users: { id: string; label: string }[];
  values: Filter;
  /** What the page found wrong with the period in the URL (a reversed one). */
  periodError?: FieldErrors;
  onApply: (filter: Filter) => void;
}) {
  const t = useTranslations();
  const locale = resolveLocale(useLocale());
  const [errors, setErrors] = useState<FieldErrors | null>(null);
  const shown = errors ?? periodError ?? {};
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const value = (key: string) => String(form.get(key) ?? "") || null;
    // The schema the page checks the period with too, loaded at the first Filteren: zod is not
    // part of reading the log (the page stays within 1.1 × the light-pages anchor).
    const { auditPeriodSchema } = await import("@/lib/schemas/audit-filter");
    const period = auditPeriodSchema.safeParse({ from: value("from") ?? "", to: value("to") ?? "" });
    if (!period.success) {
      setErrors(fieldErrorsOf(period.error.issues));
      return;
    }
    setErrors({});
    onApply({
      user: value("user"),
      kind: value("kind"),
      from: period.data.from ?? null,
      to: period.data.to ?? null,
    } as Filter);
  };
  const field = "rounded border border-slate-300 px-2 py-1";
  const dateField = (name: "from" | "to") => {
    const error = shown[name]?.[0];
    return (
      <div className="flex flex-col gap-1">
        <label htmlFor={`audit-${name}`}>{t(`audit.filters.${name}`)}</label>
        <input
          id={`audit-${name}`}
          type="text"
          name={name}
          autoComplete="off"
          spellCheck={false}
          placeholder={t("audit.filters.dateHint")}
          defaultValue={values[name] ? formatIsoDay(values[name], locale) : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `audit-${name}-error` : "audit-date-example"}
          className={`${field} w-32 aria-[invalid]:border-red-500`}
        />
        {error ? (
          <p id={`audit-${name}-error`} className="max-w-48 text-xs text-red-700">
            {translateMessage(t, error)}
          </p>
        ) : null}
      </div>
    );
  };
  return (
    <form
      method="get"
      action="/audit"
      onSubmit={submit}
      noValidate
      className="flex flex-wrap items-start gap-3 rounded bg-white p-3 text-sm"
    >
      <label className="flex flex-col gap-1">
        {t("audit.filters.user")}
        <select name="user" defaultValue={values.user ?? ""} className={field}>
          <option value="">{t("audit.filters.anyUser")}</option>
          {users.map((u) => (
            <option key={u.id} value={u.id}>
              {u.label}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1">
        {t("audit.filters.kind")}
        <select name="kind" defaultValue={values.kind ?? ""} className={field}>
          <option value="">{t("audit.filters.anyKind")}</option>
          {AUDIT_ENTITY_TYPES.map((k) => (
            <option key={k} value={k}>
              {t(`audit.kinds.${k}`)}
            </option>
          ))}
        </select>
      </label>
      {dateField("from")}
      {dateField("to")}
      <div className="mt-6 flex items-center gap-1">
        <button type="submit" className="rounded bg-blue-700 px-3 py-1.5 font-medium text-white hover:bg-blue-800">
          {t("audit.filters.apply")}
        </button>
        <Link href="/audit" className="px-2 py-1.5 text-blue-700 hover:underline">
          {t("audit.filters.reset")}
        </Link>
      </div>
      <p id="audit-date-example" className="w-full text-xs text-slate-500">
        {t("audit.filters.dateExample")}
      </p>
    </form>
  );
}
