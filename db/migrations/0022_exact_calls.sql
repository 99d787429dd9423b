CREATE TABLE "exact_calls" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"oauth_login_id" uuid NOT NULL,
	"administration_id" uuid,
	"division" integer,
	"kind" text NOT NULL,
	"on_behalf" text NOT NULL,
	"api_key_prefix" text,
	"method" text NOT NULL,
	"path" text NOT NULL,
	"status" smallint,
	"duration_ms" integer NOT NULL,
	"ok" boolean NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE INDEX "exact_calls_login_idx" ON "exact_calls" USING btree ("oauth_login_id","at","id");--> statement-breakpoint
CREATE INDEX "exact_calls_login_failed_idx" ON "exact_calls" USING btree ("oauth_login_id","at","id") WHERE not "exact_calls"."ok";--> statement-breakpoint
CREATE INDEX "exact_calls_login_token_idx" ON "exact_calls" USING btree ("oauth_login_id","at","id") WHERE "exact_calls"."kind" = 'token';--> statement-breakpoint
CREATE INDEX "exact_calls_administration_idx" ON "exact_calls" USING btree ("administration_id","at","id") WHERE "exact_calls"."administration_id" is not null;--> statement-breakpoint
CREATE INDEX "exact_calls_administration_failed_idx" ON "exact_calls" USING btree ("administration_id","at","id") WHERE "exact_calls"."administration_id" is not null and not "exact_calls"."ok";--> statement-breakpoint
CREATE INDEX "exact_calls_at_idx" ON "exact_calls" USING btree ("at");