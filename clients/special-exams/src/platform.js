// Configures @edx/frontend-platform the way an Open edX micro-frontend would, without calling its
// initialize() (which would fetch the user, a CSRF token, i18n bundles and MFE config from an LMS).
import axios from 'axios';
import { mergeConfig } from '@edx/frontend-platform';
import { configure as configureAuth } from '@edx/frontend-platform/auth';
import { configure as configureLogging } from '@edx/frontend-platform/logging';

// Every log line the library emits through the platform, for the e2e harness to read.
const logLines = [];
window.__invigilSpecialExamsLog = logLines;

class ConsoleLoggingService {
  constructor() {
    this.customAttributes = {};
  }

  logInfo(message, attributes) {
    logLines.push({ level: 'info', message: String(message?.message ?? message), attributes });
    console.info('[special-exams]', message, attributes ?? '');
  }

  logError(message, attributes) {
    logLines.push({ level: 'error', message: String(message?.message ?? message), attributes });
    console.error('[special-exams]', message, attributes ?? '');
  }

  setCustomAttribute(name, value) {
    this.customAttributes[name] = value;
  }
}

// A minimal auth service: the learner is whoever the query string says, and every request made
// through getAuthenticatedHttpClient() carries "Authorization: JWT <token>". No cookies, no CSRF,
// no token refresh.
export function makeAuthService(token, authenticatedUser) {
  return class QueryTokenAuthService {
    constructor({ config }) {
      this.config = config;
      this.authenticatedUser = authenticatedUser;
      this.httpClient = axios.create();
      this.authenticatedHttpClient = axios.create({ withCredentials: false });
      if (token) {
        this.authenticatedHttpClient.interceptors.request.use((request) => {
          request.headers.set('Authorization', `JWT ${token}`);
          return request;
        });
      }
    }

    getAuthenticatedHttpClient() {
      return this.authenticatedHttpClient;
    }

    getHttpClient() {
      return this.httpClient;
    }

    getLoginRedirectUrl(redirectUrl = this.config.BASE_URL) {
      return `${this.config.LOGIN_URL}?next=${encodeURIComponent(redirectUrl)}`;
    }

    redirectToLogin(redirectUrl) {
      window.location.assign(this.getLoginRedirectUrl(redirectUrl));
    }

    getLogoutRedirectUrl(redirectUrl = this.config.BASE_URL) {
      return `${this.config.LOGOUT_URL}?redirect_url=${encodeURIComponent(redirectUrl)}`;
    }

    redirectToLogout(redirectUrl) {
      window.location.assign(this.getLogoutRedirectUrl(redirectUrl));
    }

    getAuthenticatedUser() {
      return this.authenticatedUser;
    }

    setAuthenticatedUser(user) {
      this.authenticatedUser = user;
    }

    async fetchAuthenticatedUser() {
      return this.authenticatedUser;
    }

    async ensureAuthenticatedUser() {
      return this.authenticatedUser;
    }

    async hydrateAuthenticatedUser() {}
  };
}

export function platformConfig(origin = window.location.origin) {
  return {
    BASE_URL: `${origin}/special-exams`,
    // The library builds ${LMS_BASE_URL}/api/edx_proctoring/v1/... from this.
    LMS_BASE_URL: origin,
    LOGIN_URL: `${origin}/login`,
    LOGOUT_URL: `${origin}/logout`,
    // Never called by this page (no token refresh, no CSRF): harmless placeholders.
    REFRESH_ACCESS_TOKEN_ENDPOINT: `${origin}/special-exams/unused-refresh`,
    ACCESS_TOKEN_COOKIE_NAME: 'invigil-special-exams-unused-jwt',
    CSRF_TOKEN_API_PATH: '/special-exams/unused-csrf',
    SITE_NAME: 'Invigil',
    // EXAMS_BASE_URL is deliberately NOT set: legacy edx-proctoring mode (client-contract.md §2).
  };
}

export function configurePlatform({ token, authenticatedUser }) {
  const config = platformConfig();
  mergeConfig(config);
  const loggingService = configureLogging(ConsoleLoggingService, { config });
  configureAuth(makeAuthService(token, authenticatedUser), { config, loggingService });
}
