DROP INDEX "divisions_administration_idx";--> statement-breakpoint
ALTER TABLE "administrations" ADD COLUMN "division_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "environments" ADD COLUMN "unlinked_division_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "administrations_env_no_divisions_idx" ON "administrations" USING btree ("environment_id","description") WHERE "administrations"."division_count" = 0;--> statement-breakpoint
CREATE INDEX "divisions_administration_code_idx" ON "divisions" USING btree ("administration_id","code");--> statement-breakpoint
CREATE INDEX "divisions_env_exact_code_idx" ON "divisions" USING btree ("environment_id","exact_division_code");--> statement-breakpoint
CREATE INDEX "divisions_env_unlinked_idx" ON "divisions" USING btree ("environment_id","code") WHERE "divisions"."administration_id" is null;--> statement-breakpoint
-- Hand-written: the overview's counts read administrations, not divisions. Every administration
-- keeps how many divisions it has, every environment how many of its divisions have none. Three
-- statement-level triggers on divisions (transition tables, PostgreSQL 10+) keep both: one update
-- per administration touched, however many rows a statement writes; a statement that leaves an
-- administration's number unchanged (a rename) writes nothing.
CREATE FUNCTION "divisions_count_change"(envs uuid[], admins uuid[], ns integer[]) RETURNS void
LANGUAGE sql AS $$
  WITH delta AS (
    SELECT env, admin, sum(n)::integer AS n FROM unnest(envs, admins, ns) AS c(env, admin, n)
    GROUP BY env, admin HAVING sum(n) <> 0
  ), by_administration AS (
    UPDATE "administrations" a SET "division_count" = a."division_count" + d.n
    FROM delta d WHERE d.admin IS NOT NULL AND a.id = d.admin
  )
  UPDATE "environments" e SET "unlinked_division_count" = e."unlinked_division_count" + d.n
  FROM delta d WHERE d.admin IS NULL AND e.id = d.env;
$$;--> statement-breakpoint
CREATE FUNCTION "divisions_count_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM "divisions_count_change"(array_agg(environment_id), array_agg(administration_id), array_agg(1))
    FROM "division_rows_new";
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM "divisions_count_change"(array_agg(environment_id), array_agg(administration_id), array_agg(-1))
    FROM "division_rows_old";
  ELSE
    PERFORM "divisions_count_change"(array_agg(environment_id), array_agg(administration_id), array_agg(n))
    FROM (SELECT environment_id, administration_id, 1 AS n FROM "division_rows_new"
          UNION ALL
          SELECT environment_id, administration_id, -1 FROM "division_rows_old") c;
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "divisions_count_insert" AFTER INSERT ON "divisions"
  REFERENCING NEW TABLE AS "division_rows_new" FOR EACH STATEMENT EXECUTE FUNCTION "divisions_count_trigger"();--> statement-breakpoint
CREATE TRIGGER "divisions_count_update" AFTER UPDATE ON "divisions"
  REFERENCING OLD TABLE AS "division_rows_old" NEW TABLE AS "division_rows_new"
  FOR EACH STATEMENT EXECUTE FUNCTION "divisions_count_trigger"();--> statement-breakpoint
CREATE TRIGGER "divisions_count_delete" AFTER DELETE ON "divisions"
  REFERENCING OLD TABLE AS "division_rows_old" FOR EACH STATEMENT EXECUTE FUNCTION "divisions_count_trigger"();--> statement-breakpoint
-- The numbers of the divisions already there.
UPDATE "administrations" a SET "division_count" = c.n
FROM (SELECT administration_id, count(*)::integer AS n FROM "divisions" WHERE administration_id IS NOT NULL
      GROUP BY administration_id) c
WHERE a.id = c.administration_id;--> statement-breakpoint
UPDATE "environments" e SET "unlinked_division_count" = c.n
FROM (SELECT environment_id, count(*)::integer AS n FROM "divisions" WHERE administration_id IS NULL
      GROUP BY environment_id) c
WHERE e.id = c.environment_id;
