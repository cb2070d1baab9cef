/**
 * "Go to question N" from the submit confirmation: the page first goes back to the running exam
 * (a server action re-renders it), then the question set scrolls to and focuses that question. The
 * wish crosses the re-render in sessionStorage, scoped to the attempt, and is used once.
 */
const KEY = "invigil-jump-to-question";

export function questionAnchorId(questionId: number): string {
  return `question-${questionId}`;
}

export function rememberJump(attemptId: number, questionId: number): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify({ attemptId, questionId }));
  } catch {
    // Storage refused (private mode quotas): the learner lands at the top of the questions instead.
  }
}

/** The question to jump to for this attempt, or null; forgets it either way. */
export function takeJump(attemptId: number): number | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    sessionStorage.removeItem(KEY);
    const parsed: unknown = JSON.parse(raw);
    if (
      parsed &&
      typeof parsed === "object" &&
      (parsed as { attemptId?: unknown }).attemptId === attemptId &&
      Number.isInteger((parsed as { questionId?: unknown }).questionId)
    ) {
      return (parsed as { questionId: number }).questionId;
    }
    return null;
  } catch {
    return null;
  }
}
