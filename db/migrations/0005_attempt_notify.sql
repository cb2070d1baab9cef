-- The instructor live board is fed by Postgres LISTEN/NOTIFY, so every app instance
-- hears about every writer's change (services, the expiry sweeper, an operator's psql) without
-- polling. The payload stays small: which course, exam and attempt changed, and its status; the
-- board reads the row itself. Heartbeats are throttled: a timer poll that only moves
-- last_poll_timestamp notifies when it enters a new 10-second bucket, so a learner polling every
-- few seconds (several tabs) costs at most one notification per 10 s, and a steady poll is never
-- swallowed for good (a rule "moved by >= 10 s since the last poll" would starve fast pollers).
-- pg_notify is transactional: listeners hear nothing of a rolled-back change.
CREATE OR REPLACE FUNCTION invigil_notify_attempt_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  row_data attempts;
BEGIN
  IF TG_OP = 'DELETE' THEN
    row_data := OLD;
  ELSE
    row_data := NEW;
  END IF;
  IF TG_OP = 'UPDATE'
     AND NEW.status IS NOT DISTINCT FROM OLD.status
     AND NEW.expires_at IS NOT DISTINCT FROM OLD.expires_at
     AND NEW.time_remaining_seconds IS NOT DISTINCT FROM OLD.time_remaining_seconds
     AND (
       NEW.last_poll_timestamp IS NOT DISTINCT FROM OLD.last_poll_timestamp
       OR (
         NEW.last_poll_timestamp IS NOT NULL
         AND OLD.last_poll_timestamp IS NOT NULL
         AND floor(extract(epoch FROM NEW.last_poll_timestamp) / 10) = floor(extract(epoch FROM OLD.last_poll_timestamp) / 10)
       )
     )
  THEN
    RETURN NULL;
  END IF;
  PERFORM pg_notify(
    'invigil_attempts',
    json_build_object(
      'op', lower(TG_OP),
      'course_id', row_data.course_id,
      'exam_id', row_data.exam_id,
      'attempt_id', row_data.id,
      'status', row_data.status
    )::text
  );
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER attempts_notify AFTER INSERT OR DELETE OR UPDATE OF status, last_poll_timestamp, started_at, allowed_time_limit_mins, time_remaining_seconds ON attempts
  FOR EACH ROW EXECUTE FUNCTION invigil_notify_attempt_change();
