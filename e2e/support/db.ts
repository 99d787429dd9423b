import postgres from "postgres";

/** The e2e database, for asserting what a click changed. */
export function e2eSql() {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set: run through `npm run test:e2e`");
  return postgres(url, { max: 2, onnotice: () => {} });
}
