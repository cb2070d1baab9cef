// A tiny in-memory stand-in for Invigil's /api/edx_proctoring/v1/ endpoints, shaped as in
// docs/reference/client-contract.md (legacy edx-proctoring mode). Used only by the smoke check, through
// Playwright's page.route, so the page can be exercised before the real API exists. It records every
// request the library makes, which is how README.md's request list was checked.
//
// It is deliberately small: one learner, one exam, the transitions the two smoke flows need.

const API = '/api/edx_proctoring/v1';

function humanizedType(exam) {
  if (exam.type === 'timed') return 'a timed exam';
  if (exam.type === 'practice') return 'a practice exam';
  if (exam.type === 'onboarding') return 'an onboarding exam';
  return 'a proctored exam';
}

export function createFakeApi({
  courseId,
  contentId,
  examType = 'timed',
  timeLimitMins = 30,
  token,
  // Mock-backend behaviour: after `click_download_software`, the attempt becomes ready_to_start
  // this many ms later (edx-proctoring's mock does it 1 s after registration instead, see README).
  readyDelayMs = 300,
  // edx-proctoring 3.8.1's and Invigil's mock instead: ready_to_start this long after the POST
  // (registration), whatever the learner clicks. null = off.
  readyAfterCreateMs = null,
  softwareDownloadUrl = '/special-exams-smoke/mock-proctoring-software',
  // The vendor JS worker script the library loads with importScripts() from a blob: worker.
  desktopApplicationJsUrl = '',
} = {}) {
  const requests = [];
  const problems = [];
  const examId = 7;
  const exam = {
    id: examId,
    course_id: courseId,
    content_id: contentId,
    external_id: null,
    exam_name: examType === 'timed' ? 'Smoke timed exam' : 'Smoke proctored exam',
    time_limit_mins: timeLimitMins,
    is_proctored: examType !== 'timed',
    is_practice_exam: examType === 'practice' || examType === 'onboarding',
    is_active: true,
    due_date: null,
    hide_after_due: false,
    backend: examType === 'timed' ? 'null' : 'mock',
    type: examType,
    passed_due_date: false,
    use_legacy_attempt_api: true,
  };
  let attempt = null; // { id, status, startedAt }

  function remainingSeconds() {
    if (!attempt || !attempt.startedAt) return timeLimitMins * 60;
    return Math.max(0, timeLimitMins * 60 - (Date.now() - attempt.startedAt) / 1000);
  }

  function attemptDict() {
    if (!attempt) return {};
    const dict = {
      in_timed_exam: true,
      taking_as_proctored: exam.is_proctored,
      exam_type: humanizedType(exam),
      exam_display_name: exam.exam_name,
      exam_url_path: `/special-exams/?course_id=${encodeURIComponent(courseId)}&content_id=${encodeURIComponent(contentId)}`,
      time_remaining_seconds: remainingSeconds(),
      low_threshold_sec: Math.floor(timeLimitMins * 60 * 0.2),
      critically_low_threshold_sec: Math.floor(timeLimitMins * 60 * 0.05),
      course_id: courseId,
      attempt_id: attempt.id,
      attempt_status: attempt.status,
      exam_started_poll_url: `${API}/proctored_exam/attempt/${attempt.id}`,
      desktop_application_js_url: desktopApplicationJsUrl,
      ping_interval: 60,
      attempt_code: exam.is_proctored ? 'SMOKE-CODE' : '',
      external_id: exam.is_proctored ? 'SMOKE-CODE' : null,
      attempt_ready_to_resume: false,
      use_legacy_attempt_api: true,
      total_time: `${timeLimitMins} minutes`,
    };
    if (['created', 'download_software_clicked'].includes(attempt.status)) {
      dict.software_download_url = softwareDownloadUrl;
    }
    return dict;
  }

  function examDict() {
    const dict = { ...exam, attempt: attemptDict() };
    if (!attempt) {
      dict.total_time = `${timeLimitMins} minutes`;
      if (exam.type === 'proctored') {
        dict.prerequisite_status = {
          are_prerequisites_satisifed: true,
          satisfied_prerequisites: [],
          failed_prerequisites: [],
          pending_prerequisites: [],
          declined_prerequisites: [],
        };
      }
    }
    return dict;
  }

  function activeAttemptDict() {
    return attempt && ['started', 'ready_to_submit'].includes(attempt.status) ? attemptDict() : {};
  }

  async function handle(route) {
    const request = route.request();
    const url = new URL(request.url());
    let body = null;
    const raw = request.postData();
    if (raw) {
      try { body = JSON.parse(raw); } catch { body = raw; }
    }
    const entry = {
      method: request.method(),
      // Path exactly as the browser sent it (course key raw, content id percent-encoded).
      path: url.pathname + url.search,
      body,
      authorization: request.headers().authorization ?? null,
      contentType: request.headers()['content-type'] ?? null,
    };
    requests.push(entry);
    if (token && entry.authorization !== `JWT ${token}`) {
      problems.push(`missing/wrong Authorization header on ${entry.method} ${entry.path}`);
    }
    const reply = (status, json) => {
      entry.status = status;
      entry.response = json;
      return route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(json) });
    };
    const path = url.pathname;

    // L1 / L2
    if (request.method() === 'GET' && path.startsWith(`${API}/proctored_exam/attempt/course_id/`)) {
      if (url.searchParams.get('content_id')) {
        return reply(200, { exam: url.searchParams.get('content_id') === contentId ? examDict() : {}, active_attempt: activeAttemptDict() });
      }
      return reply(200, { exam: {}, active_attempt: activeAttemptDict() });
    }
    // L6
    if (request.method() === 'GET' && path === `${API}/proctored_exam/settings/exam_id/${examId}/`) {
      return reply(200, {
        platform_name: 'Invigil',
        contact_us: 'support@invigil.example',
        link_urls: {},
        exam_proctoring_backend: { download_url: softwareDownloadUrl, instructions: [], name: 'Mock Backend', rules: {} },
        provider_tech_support_email: '',
        provider_tech_support_phone: '',
        provider_name: 'Mock Backend',
        learner_notification_from_email: '',
        integration_specific_email: '',
        proctoring_escalation_email: '',
      });
    }
    // L7
    if (request.method() === 'GET' && path === `${API}/proctored_exam/review_policy/exam_id/${examId}/`) {
      return reply(200, { review_policy: 'Smoke review policy: no notes allowed.' });
    }
    // L4
    if (request.method() === 'POST' && path === `${API}/proctored_exam/attempt`) {
      if (attempt) return reply(400, { detail: 'attempt already exists' });
      attempt = { id: 101, status: 'created', startedAt: null };
      if (exam.is_proctored && body?.attempt_proctored !== 'true' && body?.attempt_proctored !== true) {
        attempt.status = 'declined';
      } else if (body?.start_clock === 'true' || body?.start_clock === true) {
        attempt.status = 'started';
        attempt.startedAt = Date.now();
      }
      if (exam.is_proctored && readyAfterCreateMs !== null) {
        const current = attempt;
        setTimeout(() => {
          if (['created', 'download_software_clicked'].includes(current.status)) current.status = 'ready_to_start';
        }, readyAfterCreateMs);
      }
      return reply(200, { exam_attempt_id: attempt.id });
    }
    const attemptMatch = path.match(new RegExp(`^${API}/proctored_exam/attempt/(\\d+)$`));
    // L3
    if (request.method() === 'GET' && attemptMatch) {
      if (!attempt || Number(attemptMatch[1]) !== attempt.id) return reply(400, { detail: 'no such attempt' });
      const dict = attemptDict();
      return reply(200, {
        ...dict,
        status: attempt.status,
        accessibility_time_string: 'you have some time remaining',
      });
    }
    // L5
    if (request.method() === 'PUT' && attemptMatch) {
      if (!attempt || Number(attemptMatch[1]) !== attempt.id) return reply(400, { detail: 'no such attempt' });
      const action = body?.action;
      const from = attempt.status;
      if (action === 'click_download_software' && from === 'created') {
        attempt.status = 'download_software_clicked';
        const current = attempt;
        setTimeout(() => { if (current.status === 'download_software_clicked') current.status = 'ready_to_start'; }, readyDelayMs);
      } else if (action === 'start' && ['ready_to_start', 'ready_to_submit'].includes(from)) {
        attempt.status = 'started';
        attempt.startedAt ??= Date.now();
      } else if (action === 'stop' && from === 'started') {
        attempt.status = 'ready_to_submit';
      } else if (action === 'submit' && ['started', 'ready_to_submit'].includes(from)) {
        attempt.status = 'submitted';
      } else if (action === 'decline') {
        attempt.status = 'declined';
      } else {
        return reply(400, { detail: `action ${action} not allowed from ${from}` });
      }
      return reply(200, { exam_attempt_id: attempt.id });
    }
    problems.push(`unexpected request ${entry.method} ${entry.path}`);
    return reply(404, { detail: 'not in the fake' });
  }

  return { handle, requests, problems, get attempt() { return attempt; } };
}
