ALTER TABLE "administrations" ADD COLUMN "last_test_reason" text;--> statement-breakpoint
ALTER TABLE "administrations" ADD COLUMN "last_test_reason_values" jsonb;