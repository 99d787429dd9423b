"use client";

import type { FormEvent } from "react";
import { type SearchHistory, useTypedSearch } from "./use-typed-search";

type Option = { value: string; label: string };
export type OverviewFilterKey = "state" | "login" | "admin" | "site";

export type OverviewFiltersLabels = {
  search: string;
  searchButton: string;
  filters: { state: string; login: string; administration: string; site: string; all: string; clear: string };
};

/** The overview's toolbar: a search and a select per filter; the table puts them in the URL. */
export function OverviewFilters({
  labels,
  values,
  options,
  onFilter,
  onSearch,
  onClear,
}: {
  labels: OverviewFiltersLabels;
  values: Record<OverviewFilterKey, string | null> & { q: string };
  options: Record<OverviewFilterKey, Option[]>;
  onFilter: (key: OverviewFilterKey, value: string | null) => void;
  /** A search to put in the URL, after a pause in typing or at once on Enter or Zoeken. */
  onSearch: (q: string, history: SearchHistory) => void;
  onClear: () => void;
}) {
  const search = useTypedSearch(values.q, onSearch);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    search.submit(String(new FormData(e.currentTarget).get("q") ?? ""));
  };
  const select = (key: OverviewFilterKey, label: string) => (
    <label className="flex min-w-0 flex-col gap-1 text-sm">
      <span className="text-slate-600">{label}</span>
      <select
        name={key}
        value={values[key] ?? ""}
        onChange={(e) => onFilter(key, e.target.value || null)}
        className="w-full min-w-0 truncate rounded border border-slate-300 bg-white px-2 py-1"
      >
        <option value="">{labels.filters.all}</option>
        {options[key].map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    // A grid of equal columns: a long login or administration name cannot stretch its select
    // across the row; the search takes two columns, Wissen what it needs.
    <div className="grid grid-cols-1 items-end gap-3 sm:grid-cols-2 lg:grid-cols-[minmax(0,2fr)_repeat(4,minmax(0,1fr))_auto]">
      <search className="min-w-0">
        <form onSubmit={submit} noValidate className="flex items-end gap-2">
          <label className="flex min-w-0 flex-1 flex-col gap-1 text-sm">
            <span className="text-slate-600">{labels.search}</span>
            <input
              type="search"
              name="q"
              // Search as you type (useTypedSearch); Back and Forward show the search they went to.
              value={search.text}
              onChange={(e) => search.type(e.target.value)}
              className="w-full min-w-0 rounded border border-slate-300 px-2 py-1"
            />
          </label>
          <button type="submit" className="rounded border border-slate-300 bg-white px-3 py-1 text-sm">
            {labels.searchButton}
          </button>
        </form>
      </search>
      {select("state", labels.filters.state)}
      {select("login", labels.filters.login)}
      {select("admin", labels.filters.administration)}
      {select("site", labels.filters.site)}
      <button
        type="button"
        className="justify-self-start rounded border border-slate-300 bg-white px-3 py-1 text-sm"
        onClick={onClear}
      >
        {labels.filters.clear}
      </button>
    </div>
  );
}
