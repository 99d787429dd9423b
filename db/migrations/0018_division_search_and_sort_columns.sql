DROP INDEX "divisions_administration_code_idx";--> statement-breakpoint
DROP INDEX "divisions_env_unlinked_idx";--> statement-breakpoint
ALTER TABLE "administrations" ADD COLUMN "unmapped_division_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "administrations" ADD COLUMN "search_text" text GENERATED ALWAYS AS (koppeling_fold(description)) STORED;--> statement-breakpoint
ALTER TABLE "divisions" ADD COLUMN "code_sort" text GENERATED ALWAYS AS (division_code_sort_key(code)) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "divisions" ADD COLUMN "search_text" text GENERATED ALWAYS AS (koppeling_fold(code || ' ' || name || ' ' || coalesce(exact_division_hid, '') || ' ' || coalesce(exact_division_description, '') || ' ' || coalesce(exact_division_code::text, ''))) STORED;--> statement-breakpoint
CREATE INDEX "divisions_env_code_sort_idx" ON "divisions" USING btree ("environment_id","code_sort","code");--> statement-breakpoint
CREATE INDEX "divisions_administration_code_sort_idx" ON "divisions" USING btree ("administration_id","code_sort","code");--> statement-breakpoint
CREATE INDEX "divisions_env_unlinked_idx" ON "divisions" USING btree ("environment_id","code_sort","code") WHERE "divisions"."administration_id" is null;