CREATE TYPE "public"."api_key_scope" AS ENUM('read', 'read-write');--> statement-breakpoint
-- Keys that exist now could write, and the invoicing product writes through them: they become
-- read-write. Only keys made from now on read unless chosen otherwise.
ALTER TABLE "api_keys" ADD COLUMN "scope" "api_key_scope" DEFAULT 'read-write' NOT NULL;--> statement-breakpoint
ALTER TABLE "api_keys" ALTER COLUMN "scope" SET DEFAULT 'read';
