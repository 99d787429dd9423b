-- Hand-written. overview_search_candidates (migration 0019) again, answering a broad text without
-- its ids: a broad text's page is read in order with the LIKE (lib/data/division-overview.ts), so
-- the 1,001 division ids it returned were read, sent and parsed for nothing; at 100,000 divisions
-- that made a short broad search (`12`) 1.9 times its time at 100. Now a broad text is one row
-- ('more'): said at once when the administrations found already have more than the cap of
-- divisions, otherwise after counting (not returning) up to cap + 1 matches.
CREATE OR REPLACE FUNCTION "overview_search_candidates"(env uuid, search text, cap integer)
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
  found bigint;
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
  -- The divisions of the administrations found are found too: more than the cap of them is a
  -- broad text, said without reading a division.
  IF admin_divisions > cap THEN
    RETURN QUERY SELECT 'more'::text, NULL::uuid;
    RETURN;
  END IF;
  EXECUTE format('EXPLAIN (FORMAT JSON) SELECT 1 FROM divisions WHERE environment_id = %L AND %s', env, matches)
    INTO estimate;
  IF (estimate -> 0 -> 'Plan' ->> 'Plan Rows')::float8 > 4 * cap THEN
    PERFORM set_config('enable_seqscan', 'on', true), set_config('enable_indexscan', 'on', true);
    EXECUTE format(
      'SELECT count(*) FROM (SELECT 1 FROM divisions d WHERE d.environment_id = %L
         AND (d.search_text LIKE %L OR d.administration_id = ANY(%L::uuid[])) LIMIT %s) c',
      env, pattern, admins, cap + 1) INTO found;
    IF found > cap THEN
      RETURN QUERY SELECT 'more'::text, NULL::uuid;
      RETURN;
    END IF;
    -- The estimate was wrong: fewer than it said, read by id as a rare text's are.
    RETURN QUERY EXECUTE format(
      'SELECT ''division''::text, d.id FROM divisions d WHERE d.environment_id = %L
         AND (d.search_text LIKE %L OR d.administration_id = ANY(%L::uuid[]))',
      env, pattern, admins);
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
