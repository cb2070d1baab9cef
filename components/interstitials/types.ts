import type { ExamFormAction } from "@/lib/actions/exam-types";
import type { StudentView } from "@/lib/domain/student-view";

/** Whom the learner contacts, resolved by the page from the view's `contact` and the site settings. */
export interface ResolvedContact {
  kind: "course_team" | "platform_support" | "proctoring_provider";
  /** Display name: the platform's name, the provider's name, or "the course team". */
  name: string;
  email: string | null;
  url: string | null;
  phone: string | null;
}

/** The exam's proctoring backend as the learner pages need it (null for timed exams). */
export interface VendorInfo {
  /** Backend display name, e.g. "Mock Proctoring". */
  name: string;
  /** The worker script the browser runs (§9.7), or null when the backend has none. */
  workerUrl: string | null;
  /** Where "Start System Check" sends the learner to download/launch the vendor software. */
  downloadUrl: string | null;
  /** Heartbeat interval in seconds (§5.8). */
  pingIntervalSeconds: number;
  /** The backend's instructions (paragraphs), shown on the instructions interstitial. */
  instructions: string[];
  /** The vendor's exam rules (REST config `rules`, translated), shown before the start. */
  rules?: { key: string; label: string }[];
  /** The vendor was asked for its instructions and did not answer: the page says so plainly. */
  instructionsUnavailable?: boolean;
  /** Seconds the system-check page waits for the vendor before it offers a way out (default 180). */
  systemCheckTimeoutSeconds?: number;
}

/** The learning platform's pages the learner may need (lib/links/learner-links.ts); null = not configured. */
export interface LmsLinks {
  progress: string | null;
  changeEnrollment: string | null;
}

export interface InterstitialProps {
  view: StudentView;
  exam: { id: number; name: string; contentId: string; courseKey: string };
  /** The learner's current attempt id, or null before one exists. */
  attemptId: number | null;
  contact: ResolvedContact;
  vendor: VendorInfo | null;
  /** The server action every form posts to (intent + examId + attemptId). */
  action: ExamFormAction;
  /**
   * The IANA time zone of the server's rendering (UTC unless the learner's is known); in the browser
   * every date switches to the browser's zone (LocalTime).
   */
  timeZone: string;
  /** Saved answers of the built-in question set, for the submitted/result pages; null when the exam has none. */
  answers: { answered: number; total: number } | null;
  /** Where the course lives and the learner goes back to. */
  coursePath?: string;
  /** The LMS's progress and enrollment pages, when configured. */
  links?: LmsLinks;
  /**
   * How long the attempt has been waiting in its current status (the system check), by the
   * server's clock; null when it does not apply.
   */
  waitingMs?: number | null;
  /** Each question of the built-in set, answered or not: the submit confirmation's summary. */
  questionSummary?: { id: number; number: number; answered: boolean }[] | null;
  /** Staff preview: render the learner's page with every action disabled. */
  preview?: boolean;
}
