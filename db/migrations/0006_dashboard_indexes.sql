DROP INDEX "attempts_course_created_idx";--> statement-breakpoint
CREATE INDEX "attempts_course_created_idx" ON "attempts" USING btree ("course_id","created" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
-- Dashboard search by username or e-mail ("contains", case-insensitive) uses trigram indexes, so a
-- search in a course of 100,000 learners reads a few index pages instead of every user. Not in the
-- drizzle schema (drizzle-kit cannot express the extension); lib/queries/dashboard-attempts.ts
-- looks these names up before using the indexed form of the search.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "users_username_trgm_idx" ON "users" USING gin (lower("username") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "users_email_trgm_idx" ON "users" USING gin (lower("email") gin_trgm_ops);
