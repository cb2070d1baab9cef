-- The audit log and the history tables are append-only (architecture rule 6): refuse UPDATE and
-- DELETE at the database, so no code path (or operator with a SQL prompt) can rewrite the past.
CREATE OR REPLACE FUNCTION invigil_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION invigil_refuse_change();
--> statement-breakpoint
CREATE TRIGGER attempt_history_append_only BEFORE UPDATE OR DELETE ON attempt_history
  FOR EACH ROW EXECUTE FUNCTION invigil_refuse_change();
--> statement-breakpoint
CREATE TRIGGER allowance_history_append_only BEFORE UPDATE OR DELETE ON allowance_history
  FOR EACH ROW EXECUTE FUNCTION invigil_refuse_change();
--> statement-breakpoint
CREATE TRIGGER review_policy_history_append_only BEFORE UPDATE OR DELETE ON review_policy_history
  FOR EACH ROW EXECUTE FUNCTION invigil_refuse_change();
--> statement-breakpoint
CREATE TRIGGER review_history_append_only BEFORE UPDATE OR DELETE ON review_history
  FOR EACH ROW EXECUTE FUNCTION invigil_refuse_change();
