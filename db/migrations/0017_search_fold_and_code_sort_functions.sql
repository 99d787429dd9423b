-- Hand-written: the functions behind the overview's search and its division-code order. All three
-- are IMMUTABLE (they depend on their argument alone), so generated columns and indexes may use them.
--
-- koppeling_fold: search text as Dutch users type it, without accents and case ("Zoë" → "zoe",
-- "Café" → "cafe"). translate() over the accented Latin letters, not the unaccent extension:
-- unaccent() is only STABLE (its rules file can change), an IMMUTABLE wrapper around it would be a
-- promise the index cannot keep, and a user's server may not have the extension. Upper and lower
-- case are both translated before lower(), which then only needs ASCII (whatever the server's
-- LC_CTYPE). One character for one, so a folded text is as long as the text.
CREATE FUNCTION "koppeling_fold"(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT lower(translate(t,
    'ÀÁÂÃÄÅĀĂĄàáâãäåāăąÇĆČçćčĎďÈÉÊËĒĖĘĚèéêëēėęěĞğÌÍÎÏĪĮİìíîïīįıĹĽŁĺľłÑŃŇñńňÒÓÔÕÖØŌŐòóôõöøōőŔŘŕřŚŞŠśşšŢŤţťÙÚÛÜŪŮŰŲùúûüūůűųÝŸýÿŹŻŽźżž',
    'AAAAAAAAAaaaaaaaaaCCCcccDdEEEEEEEEeeeeeeeeGgIIIIIIIiiiiiiiLLLlllNNNnnnOOOOOOOOooooooooRRrrSSSsssTTttUUUUUUUUuuuuuuuuYYyyZZZzzz'))
$$;--> statement-breakpoint
-- The 1- and 2-letter pieces of a (folded) text: a search of one or two letters is a lookup of one
-- piece in a GIN index of these (built in, no extension), where a trigram index cannot help.
-- Computing it for a row costs some 25 µs (an earlier form, with DISTINCT, 0.1 ms: 11 s for
-- 100,000 rows when a plan filtered with it); COST says it is dear, so the planner answers it
-- from the index, not row by row (not dearer: a bitmap scan is charged its recheck per row, and
-- a higher price made the planner start parallel workers, 80 ms, for a lookup of a few).
CREATE FUNCTION "koppeling_short_grams"(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 200 AS $$
  -- Repeated pieces stay (GIN keeps each key once): no DISTINCT, which made it four times slower.
  SELECT regexp_split_to_array(t, '') || ARRAY(SELECT substr(t, i, 2) FROM generate_series(1, length(t) - 1) i)
$$;--> statement-breakpoint
-- A division code's sort key, so codes sort as people read them (1, 2, 3 … 101, not 1, 101, 2):
-- every run of digits becomes its length (two digits) followed by the digits without leading
-- zeros, the rest stays as it is: "101" → "03101", "A12" → "A0212". Ties ("007", "7") are broken
-- by the code itself.
CREATE FUNCTION "division_code_sort_key"(code text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(string_agg(
    CASE WHEN m[1] ~ '^[0-9]' THEN lpad(length(ltrim(m[1], '0'))::text, 2, '0') || ltrim(m[1], '0') ELSE m[1] END,
    '' ORDER BY n), '')
  FROM regexp_matches(code, '[0-9]+|[^0-9]+', 'g') WITH ORDINALITY AS x(m, n)
$$;
