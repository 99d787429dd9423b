ALTER TABLE "api_keys" ADD COLUMN "refused_count" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "last_refused_at" timestamp with time zone;