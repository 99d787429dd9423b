-- Descriptions that differ only in case were possible before (the form checked, the index did
-- not): all but the oldest get their number in the environment appended, so the index can be made
-- and nothing is lost; the audit log still has the old names.
UPDATE "administrations" a SET "description" = a."description" || ' (' || d.n || ')'
FROM (
  SELECT "id", row_number() OVER (PARTITION BY "environment_id", lower("description") ORDER BY "created_at", "id") AS n
  FROM "administrations"
) d
WHERE d."id" = a."id" AND d.n > 1;--> statement-breakpoint
CREATE UNIQUE INDEX "administrations_env_description_lower_idx" ON "administrations" USING btree ("environment_id",lower("description"));
