"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";

const schema = z.object({
  email: z
    .string()
    .trim()
    .min(1, { error: "Verplicht veld." })
    .pipe(z.email({ error: "Ongeldig e-mailadres." })),
  name: z.string().trim().min(1, { error: "Verplicht veld." }).max(100),
});
type Input = z.input<typeof schema>;

/** One react-hook-form form validated by a zod schema, with its field errors. */
export function AnchorForm() {
  const [sent, setSent] = useState<Input | null>(null);
  const form = useForm<Input>({ resolver: zodResolver(schema), defaultValues: { email: "", name: "" } });
  const { errors } = form.formState;
  return (
    <form onSubmit={form.handleSubmit(setSent)} noValidate>
      <label htmlFor="email">E-mail</label>
      <input id="email" type="email" aria-invalid={errors.email ? true : undefined} {...form.register("email")} />
      {errors.email ? <p>{errors.email.message}</p> : null}
      <label htmlFor="name">Naam</label>
      <input id="name" aria-invalid={errors.name ? true : undefined} {...form.register("name")} />
      {errors.name ? <p>{errors.name.message}</p> : null}
      <button type="submit">Opslaan</button>
      {sent ? <p role="status">{sent.name}</p> : null}
    </form>
  );
}
