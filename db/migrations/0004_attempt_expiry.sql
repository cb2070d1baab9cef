DROP INDEX "attempts_in_progress_idx";--> statement-breakpoint
ALTER TABLE "attempts" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "attempts_running_expiry_idx" ON "attempts" USING btree ("expires_at") WHERE "attempts"."status" in ('started', 'ready_to_submit');--> statement-breakpoint
-- Every writer (services, the sweeper, an operator's psql) gets the same expiry instant.
CREATE OR REPLACE FUNCTION invigil_attempt_expiry() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.started_at IS NULL OR NEW.allowed_time_limit_mins IS NULL THEN
    NEW.expires_at := NULL;
  ELSE
    NEW.expires_at := NEW.started_at + make_interval(mins => NEW.allowed_time_limit_mins);
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER attempts_expiry BEFORE INSERT OR UPDATE OF started_at, allowed_time_limit_mins, expires_at ON attempts
  FOR EACH ROW EXECUTE FUNCTION invigil_attempt_expiry();
--> statement-breakpoint
UPDATE attempts SET expires_at = started_at + make_interval(mins => allowed_time_limit_mins)
  WHERE started_at IS NOT NULL AND allowed_time_limit_mins IS NOT NULL;
