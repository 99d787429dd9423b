CREATE TABLE "exact_error_counts" (
	"key" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "exact_error_counts_key_window_start_pk" PRIMARY KEY("key","window_start")
);
--> statement-breakpoint
CREATE TABLE "exact_rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"until" timestamp with time zone NOT NULL,
	"minutely" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE "oauth_logins" ADD COLUMN "last_error_values" jsonb;--> statement-breakpoint
ALTER TABLE "oauth_logins" ADD COLUMN "consented_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "oauth_logins" ADD COLUMN "token_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "oauth_logins" ADD COLUMN "refresh_lease_owner" text;--> statement-breakpoint
ALTER TABLE "oauth_logins" ADD COLUMN "refresh_lease_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "oauth_logins" ADD COLUMN "refresh_in_doubt_at" timestamp with time zone;