"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import type { FormEvent } from "react";
import { AUDIT_ENTITY_TYPES } from "@/lib/audit/audit-entity-types";
import type { AuditParams } from "@/lib/audit/audit-params";

type Filter = Omit<AuditParams, "page">;

/** The audit log's filters: a GET form (it works without script), put in the URL by nuqs. */
export function AuditFilters({
  users,
  values,
  onApply,
}: {
  users: { id: string; label: string }[];
  values: Filter;
  onApply: (filter: Filter) => void;
}) {
  const t = useTranslations("audit");
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const value = (key: string) => String(form.get(key) ?? "") || null;
    onApply({ user: value("user"), kind: value("kind"), from: value("from"), to: value("to") } as Filter);
  };
  const field = "rounded border border-slate-300 px-2 py-1";
  return (
    <form
      method="get"
      action="/audit"
      onSubmit={submit}
      key={JSON.stringify(values)}
      className="flex flex-wrap items-end gap-3 rounded bg-white p-3 text-sm"
    >
      <label className="flex flex-col gap-1">
        {t("filters.user")}
        <select name="user" defaultValue={values.user ?? ""} className={field}>
          <option value="">{t("filters.anyUser")}</option>
          {users.map((u) => (
            <option key={u.id} value={u.id}>
              {u.label}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1">
        {t("filters.kind")}
        <select name="kind" defaultValue={values.kind ?? ""} className={field}>
          <option value="">{t("filters.anyKind")}</option>
          {AUDIT_ENTITY_TYPES.map((k) => (
            <option key={k} value={k}>
              {t(`kinds.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1">
        {t("filters.from")}
        <input type="date" name="from" defaultValue={values.from ?? undefined} className={field} />
      </label>
      <label className="flex flex-col gap-1">
        {t("filters.to")}
        <input type="date" name="to" defaultValue={values.to ?? undefined} className={field} />
      </label>
      <button type="submit" className="rounded bg-blue-700 px-3 py-1.5 font-medium text-white hover:bg-blue-800">
        {t("filters.apply")}
      </button>
      <Link href="/audit" className="px-2 py-1.5 text-blue-700 hover:underline">
        {t("filters.reset")}
      </Link>
    </form>
  );
}
