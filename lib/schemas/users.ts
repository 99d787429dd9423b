import { z } from "zod";
import { ROLES } from "@/lib/auth/permissions";
import "./zod-jitless";

// One schema per form: the form's resolver and the server action both parse with it.
// Messages are keys into messages/*.json (`validation.<key>`), so they can be translated.

export const PASSWORD_MIN = 12;

const email = z
  .string({ error: "required" })
  .trim()
  .toLowerCase()
  .min(1, { error: "required" })
  .max(254, { error: "too_long" })
  .pipe(z.email({ error: "invalid_email" }));

const newPassword = z.string().min(PASSWORD_MIN, { error: "password_too_short" }).max(200, { error: "too_long" });

export const signInSchema = z.object({
  email,
  password: z.string({ error: "required" }).min(1, { error: "required" }).max(200, { error: "too_long" }),
});

export const createUserSchema = z.object({
  email,
  name: z.string().trim().min(1, { error: "required" }).max(100, { error: "too_long" }),
  role: z.enum(ROLES, { error: "invalid_role" }),
  // Empty means: generate one, shown once to the admin who creates the user.
  password: z.union([z.literal(""), newPassword]).optional(),
});
export type CreateUserInput = z.input<typeof createUserSchema>;

export const userIdSchema = z.object({ userId: z.uuid({ error: "invalid_id" }) });

export const setRoleSchema = userIdSchema.extend({ role: z.enum(ROLES, { error: "invalid_role" }) });

export const setDisabledSchema = userIdSchema.extend({ disabled: z.boolean() });

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, { error: "required" }).max(200, { error: "too_long" }),
    newPassword,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    error: "passwords_differ",
    path: ["confirmPassword"],
  })
  .refine((v) => v.newPassword !== v.currentPassword, {
    error: "password_unchanged",
    path: ["newPassword"],
  });
export type ChangePasswordInput = z.input<typeof changePasswordSchema>;
