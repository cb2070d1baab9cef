/**
 * The browser side of the vendor worker protocol (§9.7): every operation builds a fresh Web Worker
 * from a Blob that `importScripts` the backend's worker URL, posts one prompt and resolves only on
 * the matching success message; any other message, a worker error or the timeout rejects. The
 * worker is terminated either way.
 */

export type VendorPrompt = "startExamAttempt" | "endExamAttempt" | "ping";

const SUCCESS: Record<VendorPrompt, string> = {
  startExamAttempt: "examAttemptStarted",
  endExamAttempt: "examAttemptEnded",
  ping: "echo",
};

/** Where the mock backend's worker is served (lib/backends/mock.ts). */
const MOCK_WORKER_PATH = "/mock-proctoring-worker.js";
/**
 * Test hook of the mock backend only: localStorage "invigil-mock-worker-fail" = "ping" | "start" |
 * "end" makes the mock worker fail that operation (workers cannot read localStorage, so the page
 * passes it in the message). Never sent to a real vendor's worker.
 */
export const MOCK_FAIL_STORAGE_KEY = "invigil-mock-worker-fail";

export class VendorWorkerError extends Error {
  constructor(
    public readonly prompt: VendorPrompt,
    public readonly reason: "failed" | "timeout" | "unavailable",
    message?: string,
  ) {
    super(message ?? `${prompt} ${reason}`);
  }
}

function absolute(url: string): string {
  return new URL(url, window.location.href).href;
}

function mockFailFlag(workerUrl: string): string | undefined {
  try {
    if (new URL(workerUrl, window.location.href).pathname !== MOCK_WORKER_PATH) return undefined;
    return window.localStorage.getItem(MOCK_FAIL_STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * One exchange with the vendor worker. `timeoutMs` null waits for ever (3.8.1's start and end
 * handshakes have no timeout; ours default to two minutes so a learner is never stuck).
 */
export function runVendorHandshake(workerUrl: string, type: VendorPrompt, options: { timeoutMs?: number | null } = {}): Promise<void> {
  const timeoutMs = options.timeoutMs === undefined ? 120_000 : options.timeoutMs;
  return new Promise<void>((resolve, reject) => {
    if (typeof Worker === "undefined" || typeof Blob === "undefined") {
      reject(new VendorWorkerError(type, "unavailable", "This browser cannot run the proctoring software's worker."));
      return;
    }
    let worker: Worker;
    let blobUrl: string;
    try {
      const source = `importScripts(${JSON.stringify(absolute(workerUrl))});`;
      blobUrl = URL.createObjectURL(new Blob([source], { type: "application/javascript" }));
      worker = new Worker(blobUrl);
    } catch (error) {
      reject(new VendorWorkerError(type, "unavailable", String(error)));
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (error: VendorWorkerError | null) => {
      if (timer !== undefined) clearTimeout(timer);
      worker.terminate();
      URL.revokeObjectURL(blobUrl);
      if (error) reject(error);
      else resolve();
    };
    worker.onmessage = (event: MessageEvent) => {
      const reply = (event.data as { type?: unknown } | null)?.type;
      finish(reply === SUCCESS[type] ? null : new VendorWorkerError(type, "failed", `worker answered ${String(reply)}`));
    };
    worker.onerror = (event) => {
      event.preventDefault?.();
      finish(new VendorWorkerError(type, "unavailable", "The proctoring worker could not be loaded."));
    };
    if (timeoutMs !== null) timer = setTimeout(() => finish(new VendorWorkerError(type, "timeout")), timeoutMs);
    const fail = mockFailFlag(workerUrl);
    worker.postMessage(fail ? { type, fail } : { type });
  });
}
