ALTER TABLE "environments" ADD COLUMN "notify_email_to" text;--> statement-breakpoint
ALTER TABLE "environments" ADD COLUMN "notify_webhook_url" text;--> statement-breakpoint
ALTER TABLE "environments" ADD COLUMN "notify_webhook_secret_enc" text;--> statement-breakpoint
ALTER TABLE "oauth_logins" ADD COLUMN "notified_status" text;--> statement-breakpoint
ALTER TABLE "oauth_logins" ADD COLUMN "notified_at" timestamp with time zone;