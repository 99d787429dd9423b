ALTER TABLE "environments" ADD COLUMN "colour" text DEFAULT 'blue' NOT NULL;--> statement-breakpoint
-- The two environments every portal has get distinct colours: Productie red, Test green.
UPDATE "environments" SET "colour" = 'red' WHERE lower("name") = 'productie';--> statement-breakpoint
UPDATE "environments" SET "colour" = 'green' WHERE lower("name") = 'test';
