"use client";

import { NextIntlClientProvider, useLocale, useMessages, useTimeZone } from "next-intl";
import { useMemo } from "react";
import { type Messages, mergeMessages } from "./pick-messages";

/**
 * The messages of the provider above (the root layout's), with `messages` added: a page sends
 * only what its own client components translate, not again what every page already has.
 */
export function MoreMessages({ messages, children }: { messages: Messages; children: React.ReactNode }) {
  const inherited = useMessages() as Messages;
  const merged = useMemo(() => mergeMessages(inherited, messages), [inherited, messages]);
  return (
    <NextIntlClientProvider locale={useLocale()} timeZone={useTimeZone()} messages={merged}>
      {children}
    </NextIntlClientProvider>
  );
}
