import "server-only";
import { and, asc, eq, isNotNull, ne } from "drizzle-orm";
import { getDb } from "@/db/client";
import { administrations, divisions } from "@/db/schema";

// The Exact divisions that are mapped through a login: what a consent or a division list has
// to hold against what Exact says the login's user may reach.

/** A division mapped (through any administration) for the login, other than `except`. */
export async function mappedDivisionOf(loginId: string, except: number): Promise<number | null> {
  const [row] = await getDb()
    .select({ code: divisions.exactDivisionCode })
    .from(divisions)
    .innerJoin(administrations, eq(administrations.id, divisions.administrationId))
    .where(
      and(
        eq(administrations.oauthLoginId, loginId),
        isNotNull(divisions.exactDivisionCode),
        ne(divisions.exactDivisionCode, except),
      ),
    )
    .limit(1);
  return row?.code ?? null;
}

/** Per administration on the login, its divisions that are mapped to an Exact division, in code order. */
export async function mappedDivisionsByAdministration(
  loginId: string,
): Promise<{ administrationId: string; divisions: { code: string; exact: number }[] }[]> {
  const users = await getDb()
    .select({ id: administrations.id })
    .from(administrations)
    .where(eq(administrations.oauthLoginId, loginId));
  const result = [];
  for (const { id } of users) {
    const mapped = await getDb()
      .select({ code: divisions.code, exact: divisions.exactDivisionCode })
      .from(divisions)
      .where(and(eq(divisions.administrationId, id), isNotNull(divisions.exactDivisionCode)))
      .orderBy(asc(divisions.code));
    result.push({ administrationId: id, divisions: mapped.map((d) => ({ code: d.code, exact: d.exact as number })) });
  }
  return result;
}
