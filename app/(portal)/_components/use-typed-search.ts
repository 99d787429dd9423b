"use client";

import { useEffect, useRef, useState } from "react";

export type SearchHistory = "push" | "replace";

/**
 * The overview's search field: typed text goes to the URL once the keys rest `pauseMs`, Enter
 * sends it at once. The whole search is one history entry: pushed when the URL had no search
 * yet, replaced after, so Back leaves the search instead of undoing it a letter at a time. What
 * was last sent is remembered here rather than read back from the URL, which is updated
 * asynchronously: a slow browser could otherwise push one entry per pause.
 */
export function useTypedSearch(urlSearch: string, send: (q: string, history: SearchHistory) => void, pauseMs = 300) {
  const [text, setText] = useState(urlSearch);
  const sent = useRef(urlSearch);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  // The URL's search changed without us (Back, Forward, Wissen): the field follows it.
  useEffect(() => {
    if (urlSearch === sent.current) return;
    clearTimeout(timer.current);
    sent.current = urlSearch;
    setText(urlSearch);
  }, [urlSearch]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const sendNow = (value: string) => {
    clearTimeout(timer.current);
    const q = value.trim();
    if (q === sent.current) return;
    const history = sent.current ? "replace" : "push";
    sent.current = q;
    send(q, history);
  };
  return {
    text,
    type(value: string) {
      setText(value);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => sendNow(value), pauseMs);
    },
    submit: sendNow,
  };
}
