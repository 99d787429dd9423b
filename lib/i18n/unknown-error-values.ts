/**
 * Values for every placeholder an errors.* message has, where a record keeps only the code (the
 * Activiteit view): "…" stands in, so the words show instead of next-intl's fallback key.
 */
export const UNKNOWN_ERROR_VALUES = {
  until: "…",
  administrations: "…",
  divisions: "…",
  pages: "…",
  seconds: "…",
  status: "…",
  limit: "…",
  name: "…",
  environment: "…",
};
