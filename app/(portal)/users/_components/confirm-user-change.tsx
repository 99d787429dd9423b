"use client";

import { useTranslations } from "next-intl";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { Role } from "@/lib/auth/permissions";
import type { ActionResult } from "@/lib/forms/action-result";
import { applyActionResult } from "@/lib/forms/apply-action-result";
import { translateMessage } from "@/lib/i18n/translate-message";
import { resetUserPasswordAction, setUserDisabledAction, setUserRoleAction } from "../actions";
import type { Notice } from "./notice";
import type { ShownPassword } from "./password-once-dialog";
import type { UserRow } from "./user-row";

/**
 * A change to a user that is asked before it is made: another role, (un)blocking, or a new
 * password (which also ends the user's sessions).
 */
export type UserChange =
  | { kind: "role"; user: UserRow; role: Role }
  | { kind: "access"; user: UserRow }
  | { kind: "password"; user: UserRow };

/**
 * Asks before a user's role, access or password changes, saying what it means; Escape or
 * Annuleren changes nothing. Afterwards the notice says what happened ("Piet is geblokkeerd").
 */
export function ConfirmUserChange({
  change,
  onClose,
  onNotice,
  onPassword,
  run,
}: {
  change: UserChange;
  onClose: () => void;
  onNotice: (n: Notice) => void;
  /** A password the portal just made, to show once. */
  onPassword: (shown: ShownPassword) => void;
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
        : {
            kind: "error",
            text: t("users.changeFailed", {
              name: user.name,
              reason: translateMessage(t, applyActionResult(result), result.values),
            }),
          },
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
  if (change.kind === "password") {
    return (
      <ConfirmDialog
        title={t("users.resetTitle")}
        text={t("users.resetConfirm", who)}
        confirmLabel={t("users.resetPassword")}
        onClose={onClose}
        onConfirm={() =>
          run(async () => {
            const result = await resetUserPasswordAction({ userId: user.id });
            report(result, t("users.passwordReset", { name: user.name }));
            if (result.ok) onPassword({ name: user.name, email: user.email, password: result.data.password });
          })
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
