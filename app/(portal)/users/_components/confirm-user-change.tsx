"use client";

import { useTranslations } from "next-intl";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { Role } from "@/lib/auth/permissions";
import type { ActionResult } from "@/lib/forms/action-result";
import { applyActionResult } from "@/lib/forms/apply-action-result";
import { translateMessage } from "@/lib/i18n/translate-message";
import { setUserDisabledAction, setUserRoleAction } from "../actions";
import type { Notice } from "./notice";
import type { UserRow } from "./user-row";

/** A change to a user's access that is asked before it is made: another role, or (un)blocking. */
export type UserChange = { kind: "role"; user: UserRow; role: Role } | { kind: "access"; user: UserRow };

/**
 * Asks before a user's role or access changes, saying what it means; Escape or Annuleren
 * changes nothing. Afterwards the notice says what happened ("Piet is geblokkeerd").
 */
export function ConfirmUserChange({
  change,
  onClose,
  onNotice,
  run,
}: {
  change: UserChange;
  onClose: () => void;
  onNotice: (n: Notice) => void;
  /** Runs the action in the screen's transition (its controls wait meanwhile). */
  run: (action: () => Promise<void>) => void;
}) {
  const t = useTranslations();
  const { user } = change;
  const who = { name: user.name, email: user.email };
  const report = (result: ActionResult<unknown>, success: string) =>
    onNotice(
      result.ok
        ? { kind: "success", text: success }
        : { kind: "error", text: translateMessage(t, applyActionResult(result), result.values) },
    );

  if (change.kind === "role") {
    const role = t(`header.roles.${change.role}`);
    return (
      <ConfirmDialog
        title={t("users.roleTitle")}
        text={t("users.roleConfirm", {
          ...who,
          from: t(`header.roles.${user.role}`),
          to: role,
          means: t(`users.roleMeans.${change.role}`),
        })}
        confirmLabel={t("users.roleChange")}
        onClose={onClose}
        onConfirm={() =>
          run(async () =>
            report(
              await setUserRoleAction({ userId: user.id, role: change.role }),
              t("users.roleChanged", { name: user.name, role }),
            ),
          )
        }
      />
    );
  }
  const disable = !user.disabled;
  return (
    <ConfirmDialog
      title={t(disable ? "users.disableTitle" : "users.enableTitle")}
      text={t(disable ? "users.disableConfirm" : "users.enableConfirm", who)}
      confirmLabel={t(disable ? "users.disable" : "users.enable")}
      onClose={onClose}
      onConfirm={() =>
        run(async () =>
          report(
            await setUserDisabledAction({ userId: user.id, disabled: disable }),
            t(disable ? "users.disabledNotice" : "users.enabledNotice", { name: user.name }),
          ),
        )
      }
    />
  );
}
