/**
 * The four outbox messages a proctored submit writes (the learner's e-mail, the vendor's stop
 * call, the attempt-status and credit-requirement webhooks), as SQL for the benches that write a
 * burst of them directly: `FROM a ${SUBMIT_MESSAGES}` gives `t.n` (1–4, the order a submit writes
 * them), `t.topic` and `t.payload` per attempt of a CTE `a` with the columns id, user_id,
 * external_id, content_id and course_key. The mock backend receives the vendor calls.
 */
export const SUBMIT_MESSAGES = `CROSS JOIN LATERAL (VALUES
  (1, 'webhook.attempt_status', jsonb_build_object('attempt_id', a.id, 'user_id', a.user_id, 'course_id', a.course_key,
     'content_id', a.content_id, 'from_status', 'started', 'status', 'submitted')),
  (2, 'webhook.credit_requirement', jsonb_build_object('user_id', a.user_id, 'course_id', a.course_key, 'name', a.content_id, 'status', 'submitted')),
  (3, 'email.attempt_status', jsonb_build_object('attempt_id', a.id, 'template', 'submitted', 'backend', 'mock')),
  (4, 'vendor.call', jsonb_build_object('backend', 'mock', 'call', 'stop_exam_attempt', 'exam_external_id', null,
     'attempt_external_id', a.external_id, 'attempt_id', a.id))
) AS t(n, topic, payload)`;
