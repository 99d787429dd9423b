"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { useEnvironmentId } from "@/components/ui/current-environment";
import { DialogActions } from "@/components/ui/dialog-actions";
import { FormMessage } from "@/components/ui/form-message";
import { ModalDialog } from "@/components/ui/modal-dialog";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import { useFormMessage } from "@/components/ui/use-form-message";
import { applyActionResult } from "@/lib/forms/apply-action-result";
import { translateMessage } from "@/lib/i18n/translate-message";
import { type DivisionInput, divisionSchema } from "@/lib/schemas/administrations";
import { createDivisionAction, listExactDivisionsAction, updateDivisionAction } from "../actions";
import { exactDivisionText } from "./exact-division-text";
import type { AdministrationRow, DivisionRow } from "./settings-rows";

type ExactOption = { code: number; description: string; hid: string; status: number; blocked: boolean };

/**
 * A division of the product, its administration, and the Exact division its bookkeeping goes
 * to — picked from Exact's live list (fetched through the administration's login and proxy),
 * or typed when the list cannot be fetched; either way the server verifies it with Exact.
 * Exact's list is a group of radio buttons, not a select: a long name wraps and is read in full.
 */
export function DivisionDialog({
  division,
  administrations,
  onClose,
  onSaved,
}: {
  division: DivisionRow | null;
  administrations: AdministrationRow[];
  onClose: () => void;
  onSaved: (text: string) => void;
}) {
  const t = useTranslations();
  const environmentId = useEnvironmentId();
  const [options, setOptions] = useState<ExactOption[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [search, setSearch] = useState("");
  const [pending, startTransition] = useTransition();
  const form = useForm<DivisionInput>({
    resolver: zodResolver(divisionSchema),
    defaultValues: {
      code: division?.code ?? "",
      name: division?.name ?? "",
      administrationId: division?.administrationId ?? "",
      exactDivisionCode: division?.exactDivisionCode ? String(division.exactDivisionCode) : "",
    },
  });
  const { message, setMessage, submit, failed } = useFormMessage(form);
  const administrationId = form.watch("administrationId");
  const chosen = form.watch("exactDivisionCode");
  // The chosen Exact division by its name: from Exact's list, or as it was stored.
  const chosenOption = options?.find((o) => String(o.code) === chosen);
  const chosenText = chosenOption
    ? exactDivisionText(chosenOption)
    : division?.exactDivisionCode && String(division.exactDivisionCode) === chosen
      ? exactDivisionText({
          code: division.exactDivisionCode,
          hid: division.exactDivisionHid,
          description: division.exactDivisionDescription,
        })
      : chosen;

  // Another administration reaches other Exact divisions: what was chosen for the previous one,
  // its list, its search and its errors no longer apply.
  const administrationChanged = () => {
    setOptions(null);
    setListError(null);
    setSearch("");
    setMessage(null);
    form.setValue("exactDivisionCode", "");
    form.clearErrors();
  };

  const fetchList = () =>
    startTransition(async () => {
      setListError(null);
      const result = await listExactDivisionsAction({ administrationId }, environmentId);
      if (result.ok) setOptions(result.data);
      else {
        setOptions(null);
        setListError(translateMessage(t, applyActionResult(result), result.values));
      }
    });

  const onSubmit = submit((values) =>
    startTransition(async () => {
      const result = division
        ? await updateDivisionAction({ divisionId: division.id, values }, environmentId)
        : await createDivisionAction(values, environmentId);
      if (result.ok) return onSaved(t("settings.divisionSaved", { code: values.code, name: values.name }));
      failed(result);
    }),
  );

  const needle = search.trim().toLowerCase();
  const visible = (options ?? []).filter(
    (o) => !needle || `${o.hid} ${o.description} ${o.code}`.toLowerCase().includes(needle),
  );

  return (
    <ModalDialog title={t("settings.divisionDialog")} onClose={onClose} environmentScoped wide>
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3">
        {message ? <FormMessage kind={message.kind}>{message.text}</FormMessage> : null}
        <TextField
          label={t("settings.columns.code")}
          autoFocus
          registration={form.register("code")}
          error={form.formState.errors.code}
        />
        <TextField
          label={t("settings.columns.name")}
          registration={form.register("name")}
          error={form.formState.errors.name}
        />
        <SelectField
          label={t("settings.columns.administration")}
          registration={form.register("administrationId", { onChange: administrationChanged })}
          error={form.formState.errors.administrationId}
        >
          <option value="">{t("settings.none")}</option>
          {administrations.map((a) => (
            <option key={a.id} value={a.id}>
              {a.description}
            </option>
          ))}
        </SelectField>
        <div className="flex flex-col gap-2 rounded border border-slate-200 p-3">
          <span className="text-sm font-medium text-slate-700">{t("settings.columns.exactDivision")}</span>
          {chosen ? (
            <p className="text-sm" data-testid="chosen-exact-division">
              {t("settings.exactChosen", { division: chosenText })}{" "}
              <button
                type="button"
                className="text-blue-700 underline"
                onClick={() => form.setValue("exactDivisionCode", "")}
              >
                {t("settings.exactUnlink")}
              </button>
            </p>
          ) : null}
          {administrationId ? (
            <Button variant="secondary" disabled={pending} onClick={fetchList}>
              {t("settings.fetchExactDivisions")}
            </Button>
          ) : (
            <p className="text-xs text-slate-500">{t("settings.chooseAdministrationFirst")}</p>
          )}
          {listError ? (
            <>
              <FormMessage kind="error">{listError}</FormMessage>
              <TextField
                label={t("settings.typeExactCode")}
                inputMode="numeric"
                registration={form.register("exactDivisionCode")}
                error={form.formState.errors.exactDivisionCode}
              />
            </>
          ) : null}
          {options ? (
            <>
              <label className="flex flex-col gap-1 text-sm">
                {t("settings.searchExact")}
                {/* Text, not type=search: there Escape would empty the field instead of closing the dialog. */}
                <input
                  type="text"
                  value={search}
                  autoComplete="off"
                  onChange={(e) => setSearch(e.target.value)}
                  className="rounded border border-slate-300 px-2 py-1.5"
                />
              </label>
              <div
                role="radiogroup"
                aria-label={t("settings.exactList", { count: options.length })}
                className="flex max-h-64 flex-col overflow-y-auto rounded border border-slate-300 text-sm"
              >
                <p aria-hidden="true" className="sticky top-0 bg-slate-50 px-2 py-1 text-xs text-slate-600">
                  {t("settings.exactList", { count: options.length })}
                </p>
                {visible.map((o) => {
                  const unusable = o.blocked || o.status !== 1;
                  return (
                    <label
                      key={o.code}
                      className={`flex items-start gap-2 px-2 py-1 break-words has-[:checked]:bg-blue-50 ${unusable ? "text-slate-400" : "hover:bg-slate-50"}`}
                    >
                      <input
                        type="radio"
                        name="exact-division-choice"
                        value={String(o.code)}
                        checked={chosen === String(o.code)}
                        disabled={unusable}
                        onChange={() => form.setValue("exactDivisionCode", String(o.code), { shouldValidate: true })}
                        className="mt-1 shrink-0"
                      />
                      <span className="min-w-0">
                        {exactDivisionText(o)}
                        {o.blocked
                          ? ` — ${t("settings.exactBlocked")}`
                          : o.status !== 1
                            ? ` — ${t("settings.exactInactive")}`
                            : ""}
                      </span>
                    </label>
                  );
                })}
              </div>
            </>
          ) : null}
          {form.formState.errors.exactDivisionCode && !listError ? (
            <p className="text-xs text-red-700">
              {translateMessage(t, form.formState.errors.exactDivisionCode.message ?? "unexpected")}
            </p>
          ) : null}
        </div>
        <DialogActions onCancel={onClose} pending={pending} />
      </form>
    </ModalDialog>
  );
}
