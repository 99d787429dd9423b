import postgres from "postgres";

/** Resolves when the database answers; rejects with one sentence a person can act on. */
export async function checkDatabase(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    await sql`select 1`;
  } catch (e) {
    const host = safeHost(url);
    const why = e instanceof Error ? e.message : String(e);
    throw new Error(
      `The database at ${host} does not answer (${why}); set DATABASE_URL to a reachable PostgreSQL server, or unset it to use the embedded one.`,
    );
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

/** host:port/db of a URL, never its password. */
export function safeHost(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? `:${u.port}` : ""}${u.pathname}`;
  } catch {
    return "(an unparseable DATABASE_URL)";
  }
}
