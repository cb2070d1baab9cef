-- Learner retirement (§8.22) must blank PII in the append-only history tables too: the learner's
-- name and IP address in attempt_history, allowance values in allowance_history. Migration 0001
-- refuses every UPDATE there. These guards replace its function on those two tables and let
-- through exactly one kind of UPDATE: one that changes nothing but the PII columns, and only to
-- their blank values. Any other change, and every DELETE, is still refused, so history cannot be
-- rewritten, only forgotten where the law says so.
CREATE OR REPLACE FUNCTION invigil_attempt_history_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND NEW.student_name = ''
     AND NEW.last_poll_ipaddr IS NULL
     AND (to_jsonb(NEW) - 'student_name' - 'last_poll_ipaddr') = (to_jsonb(OLD) - 'student_name' - 'last_poll_ipaddr')
  THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is append-only: % is not allowed (only blanking student_name and last_poll_ipaddr is)', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION invigil_allowance_history_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND NEW.value = ''
     AND (to_jsonb(NEW) - 'value') = (to_jsonb(OLD) - 'value')
  THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is append-only: % is not allowed (only blanking value is)', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
DROP TRIGGER attempt_history_append_only ON attempt_history;
--> statement-breakpoint
CREATE TRIGGER attempt_history_append_only BEFORE UPDATE OR DELETE ON attempt_history
  FOR EACH ROW EXECUTE FUNCTION invigil_attempt_history_guard();
--> statement-breakpoint
DROP TRIGGER allowance_history_append_only ON allowance_history;
--> statement-breakpoint
CREATE TRIGGER allowance_history_append_only BEFORE UPDATE OR DELETE ON allowance_history
  FOR EACH ROW EXECUTE FUNCTION invigil_allowance_history_guard();
