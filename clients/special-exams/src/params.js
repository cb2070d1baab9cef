// Everything the page takes from its URL query string. See README.md for the meaning of each.
const TRUE = new Set(['1', 'true', 'yes', 'on']);

function flag(params, name, fallback) {
  const raw = params.get(name);
  if (raw === null || raw === '') return fallback;
  return TRUE.has(raw.toLowerCase());
}

// Claims of the JWT payload, without verifying it (the server does that); only used to name the
// learner when user_id/username are not given.
function jwtClaims(token) {
  try {
    const part = token.split('.')[1];
    if (!part) return {};
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(json);
    return claims && typeof claims === 'object' ? claims : {};
  } catch {
    return {};
  }
}

// The identity (token, user_id, username) is kept in sessionStorage for the tab, so that pages the
// library navigates to by itself (exam_url_path after End My Exam from the outer timer, the learner
// coming back from the proctoring software download URL) stay authenticated without a token in
// their URL. A token in the query string always wins.
const STORAGE_KEY = 'invigil-special-exams-identity';

function storedIdentity() {
  try {
    return JSON.parse(window.sessionStorage.getItem(STORAGE_KEY) ?? 'null') ?? {};
  } catch {
    return {};
  }
}

function storeIdentity(identity) {
  try {
    window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(identity));
  } catch { /* storage unavailable: the query string is then the only source */ }
}

export function readParams(search = window.location.search) {
  const params = new URLSearchParams(search);
  let identity = {
    token: params.get('token'),
    user_id: params.get('user_id'),
    username: params.get('username'),
  };
  if (identity.token) {
    storeIdentity(identity);
  } else if (!flag(params, 'anonymous', false)) {
    identity = { ...storedIdentity(), ...Object.fromEntries(Object.entries(identity).filter(([, v]) => v !== null)) };
  }
  const token = identity.token || '';
  const claims = token ? jwtClaims(token) : {};
  const userIdRaw = identity.user_id ?? claims.user_id ?? claims.sub ?? null;
  const username = identity.username ?? claims.preferred_username ?? claims.username ?? null;
  const userId = userIdRaw === null || userIdRaw === '' || Number.isNaN(Number(userIdRaw))
    ? userIdRaw
    : Number(userIdRaw);
  const anonymous = flag(params, 'anonymous', false) || (!token && userId === null && username === null);

  return {
    courseId: params.get('course_id') || '',
    contentId: params.get('content_id') || '',
    token,
    view: params.get('view') === 'outer' ? 'outer' : 'sequence',
    authenticatedUser: anonymous
      ? null
      : {
        userId: userId ?? null,
        username: username ?? 'learner',
        roles: [],
        administrator: flag(params, 'administrator', false),
      },
    sequence: {
      id: params.get('content_id') || '',
      isTimeLimited: flag(params, 'is_time_limited', true),
      allowProctoringOptOut: flag(params, 'allow_proctoring_opt_out', false),
      gatedContent: { gated: flag(params, 'gated', false) },
    },
    isStaff: flag(params, 'is_staff', false),
    originalUserIsStaff: flag(params, 'original_user_is_staff', false),
    canAccessProctoredExams: flag(params, 'can_access_proctored_exams', true),
  };
}
