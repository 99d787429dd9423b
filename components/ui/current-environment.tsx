"use client";

import { createContext, useContext } from "react";
import { type EnvironmentColour, tagClass } from "@/lib/environments/environment-colours";

type CurrentEnvironmentValue = { id: string; name: string; colour: EnvironmentColour };

const Context = createContext<CurrentEnvironmentValue | null>(null);

/** The environment the user works in, for the headings and dialogs that change something in it. */
export function CurrentEnvironment({ value, children }: { value: CurrentEnvironmentValue; children: React.ReactNode }) {
  return <Context value={value}>{children}</Context>;
}

/**
 * The id of the environment this page was rendered for: every action on the environment's
 * records sends it, and the server refuses it when the user has since switched (another tab).
 */
export function useEnvironmentId(): string {
  return useContext(Context)?.id ?? "";
}

/**
 * The environment's name in its colour, inside a heading or a dialog title: part of its text
 * (and so of its accessible name), "OAuth logins Productie", so that nobody, on screen or
 * with a screen reader, changes Productie thinking it is Test.
 */
export function EnvironmentTag() {
  const environment = useContext(Context);
  if (!environment) return null;
  return (
    <span
      data-testid="environment-tag"
      data-colour={environment.colour}
      className={`inline-block rounded px-2 py-0.5 align-middle text-sm font-semibold whitespace-nowrap ${tagClass(environment.colour)}`}
    >
      {environment.name}
    </span>
  );
}

/** A heading's text, followed by the environment's name when it changes things there. */
export function TitleInEnvironment({ title, scoped }: { title: string; scoped: boolean }) {
  // The space makes the name read "OAuth logins Productie", also to a screen reader.
  return scoped ? (
    <>
      {title} <EnvironmentTag />
    </>
  ) : (
    title
  );
}
