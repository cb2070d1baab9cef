import { describe, expect, it } from "vitest";
import { MAX_SHORT_ANSWER_CHARS as SERVER_MAX } from "@/lib/domain/answers";
import { examBody } from "@/lib/i18n/messages/en/exam-body";
import {
  AnswerQueue,
  AUTOSAVE_DEBOUNCE_MS,
  backoffMs,
  classifyResponse,
  MAX_SHORT_ANSWER_CHARS,
  parseStored,
  serializeStored,
  storageKey,
} from "./answer-queue";
import { safeContentUrl } from "./content-url";

const mid = () => 0.5; // no jitter

describe("AnswerQueue", () => {
  it("numbers each question's edits from the revision the server stored", () => {
    const q = new AnswerQueue({ 1: { answer: { choice: 0 }, revision: 4 } });
    expect(q.state(1)).toBe("saved");
    expect(q.state(2)).toBe("idle");
    q.edit(1, { choice: 2 }, 0);
    q.edit(2, { text: "a" }, 0);
    q.edit(2, { text: "ab" }, 100);
    expect(q.begin(1)).toEqual({ questionId: 1, answer: { choice: 2 }, revision: 5 });
    expect(q.begin(2)).toEqual({ questionId: 2, answer: { text: "ab" }, revision: 2 });
  });

  it("ignores an edit that changes nothing", () => {
    const q = new AnswerQueue({ 1: { answer: { choice: 1 }, revision: 1 } });
    expect(q.edit(1, { choice: 1 }, 0)).toBe(false);
    expect(q.hasUnsent()).toBe(false);
    expect(q.edit(1, { choice: 0 }, 0)).toBe(true);
    expect(q.hasUnsent()).toBe(true);
  });

  it("waits for the debounce after the last keystroke", () => {
    const q = new AnswerQueue();
    q.edit(7, { text: "h" }, 0);
    q.edit(7, { text: "he" }, 500);
    expect(q.state(7)).toBe("pending");
    expect(q.due(500 + AUTOSAVE_DEBOUNCE_MS - 1)).toEqual([]);
    expect(q.nextDueAt()).toBe(500 + AUTOSAVE_DEBOUNCE_MS);
    expect(q.due(500 + AUTOSAVE_DEBOUNCE_MS)).toEqual([7]);
  });

  it("keeps one request per question on its way, and sends newer edits after it", () => {
    const q = new AnswerQueue({}, 0);
    q.edit(1, { text: "a" }, 0);
    const first = q.begin(1)!;
    expect(q.state(1)).toBe("saving");
    q.edit(1, { text: "ab" }, 10);
    expect(q.due(10)).toEqual([]);
    expect(q.begin(1)).toBeNull();
    q.succeeded(1, first.revision, first.revision, 20);
    // The newer edit is still unsent.
    expect(q.state(1)).toBe("pending");
    expect(q.due(20)).toEqual([1]);
    const second = q.begin(1)!;
    expect(second).toEqual({ questionId: 1, answer: { text: "ab" }, revision: 2 });
    q.succeeded(1, 2, 2, 30);
    expect(q.state(1)).toBe("saved");
    expect(q.overall()).toBe("saved");
    expect(q.toStore()).toEqual({});
  });

  it("retries failures with a doubling backoff and reports them", () => {
    const q = new AnswerQueue({}, 0);
    q.edit(1, { choice: 1 }, 0);
    q.begin(1);
    q.failed(1, { kind: "retry" }, 0, mid);
    expect(q.state(1)).toBe("retrying");
    expect(q.overall()).toBe("retrying");
    expect(q.nextDueAt()).toBe(1_000);
    expect(q.due(999)).toEqual([]);
    q.begin(1);
    // Still "retrying" while the retry is on its way: it is not saved.
    expect(q.state(1)).toBe("retrying");
    q.failed(1, { kind: "retry" }, 1_000, mid);
    expect(q.nextDueAt()).toBe(3_000);
    // The network is back: everything due at once.
    q.dueNow(1_500);
    expect(q.due(1_500)).toEqual([1]);
    const req = q.begin(1)!;
    q.succeeded(1, req.revision, req.revision, 1_600);
    expect(q.state(1)).toBe("saved");
  });

  it("backs off up to 30 s, with jitter of at most 20 %", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 10].map((n) => backoffMs(n, mid))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    expect(backoffMs(1, () => 0)).toBe(800);
    expect(backoffMs(1, () => 0.999999)).toBe(1_200);
  });

  it("gives up on a refused answer until the learner changes it", () => {
    const q = new AnswerQueue({}, 0);
    q.edit(1, { choice: 1 }, 0);
    q.edit(2, { choice: 0 }, 0);
    q.begin(1);
    q.failed(1, { kind: "fatal", reason: "closed" }, 0);
    expect(q.state(1)).toBe("failed");
    expect(q.failureReason(1)).toBe("closed");
    expect(q.overall()).toBe("failed");
    expect(q.due(10_000)).toEqual([2]);
    expect(q.hasFailed()).toBe(true);
    // Kept on the device all the same.
    expect(q.toStore()).toEqual({ 1: { answer: { choice: 1 }, revision: 1 }, 2: { answer: { choice: 0 }, revision: 1 } });
    q.edit(1, { choice: 0 }, 5);
    expect(q.state(1)).toBe("pending");
    expect(q.failureReason(1)).toBeNull();
  });

  it("sends the visible answer again above a newer revision written elsewhere", () => {
    const q = new AnswerQueue({}, 0);
    q.edit(1, { text: "mine" }, 0);
    const req = q.begin(1)!;
    // Another tab stored revision 3 meanwhile: the stale save was ignored.
    q.succeeded(1, req.revision, 3, 10);
    expect(q.state(1)).toBe("pending");
    expect(q.begin(1)).toEqual({ questionId: 1, answer: { text: "mine" }, revision: 4 });
  });

  it("never loops on a confirmation of less than what was sent", () => {
    const q = new AnswerQueue({}, 0);
    q.edit(1, { text: "x" }, 0);
    const req = q.begin(1)!;
    q.succeeded(1, req.revision, 0, 10);
    expect(q.state(1)).toBe("retrying");
    expect(q.due(10)).toEqual([]);
  });

  it("takes back only the stored answers newer than the server's", () => {
    const q = new AnswerQueue({ 1: { answer: { text: "server" }, revision: 5 }, 2: { answer: { choice: 0 }, revision: 2 } });
    const taken = q.restore(
      {
        1: { answer: { text: "older on device" }, revision: 5 },
        2: { answer: { choice: 1 }, revision: 3 },
        3: { answer: { text: "never sent" }, revision: 1 },
      },
      50,
    );
    expect(taken.sort()).toEqual([2, 3]);
    expect(q.answer(1)).toEqual({ text: "server" });
    expect(q.answer(2)).toEqual({ choice: 1 });
    expect(q.due(50).sort()).toEqual([2, 3]);
    expect(q.begin(2)).toEqual({ questionId: 2, answer: { choice: 1 }, revision: 3 });
    // The next edit goes above the restored revision.
    q.edit(3, { text: "never sent!" }, 60);
    expect(q.begin(3)?.revision).toBe(2);
  });

  it("summarises the set: failed over retrying over saving over saved", () => {
    const q = new AnswerQueue({ 1: { answer: { choice: 0 }, revision: 1 } }, 0);
    expect(q.overall()).toBe("saved");
    q.edit(2, { choice: 0 }, 0);
    expect(q.overall()).toBe("saving");
    q.edit(3, { choice: 0 }, 0);
    q.begin(3);
    q.failed(3, { kind: "retry" }, 0, mid);
    expect(q.overall()).toBe("retrying");
    q.edit(4, { choice: 0 }, 0);
    q.begin(4);
    q.failed(4, { kind: "fatal", reason: "rejected" }, 0);
    expect(q.overall()).toBe("failed");
  });
});

describe("classifyResponse", () => {
  it.each([
    [200, "ok"],
    [null, "retry"],
    [500, "retry"],
    [502, "retry"],
    [503, "retry"],
    [408, "retry"],
    [429, "retry"],
    [401, "retry"],
    [403, "retry"],
    [400, "fatal"],
    [404, "fatal"],
    [409, "fatal"],
    [413, "fatal"],
  ] as const)("%s → %s", (status, kind) => {
    expect(classifyResponse(status).kind).toBe(kind);
  });

  it("says why: 409 is a closed attempt", () => {
    expect(classifyResponse(409)).toEqual({ kind: "fatal", reason: "closed" });
    expect(classifyResponse(400)).toEqual({ kind: "fatal", reason: "rejected" });
  });
});

describe("stored answers", () => {
  it("round-trips, per attempt", () => {
    const entries = { 3: { answer: { text: "a\nb" }, revision: 2 }, 9: { answer: { choice: 1 }, revision: 7 } };
    expect(parseStored(serializeStored(entries))).toEqual(entries);
    expect(storageKey(12)).not.toBe(storageKey(13));
  });

  it.each([
    ["nothing", null],
    ["empty", ""],
    ["not JSON", "{oops"],
    ["another version", JSON.stringify({ v: 99, entries: { 1: { answer: { choice: 1 }, revision: 1 } } })],
    ["an array", "[]"],
  ])("reads %s as no answers", (_name, text) => {
    expect(parseStored(text)).toEqual({});
  });

  it("drops malformed entries and keeps the good ones", () => {
    const text = JSON.stringify({
      v: 1,
      entries: {
        1: { answer: { choice: 1 }, revision: 1 },
        2: { answer: { choice: -1 }, revision: 1 },
        3: { answer: { text: 5 }, revision: 1 },
        4: { answer: { text: "ok" }, revision: 0 },
        5: { answer: { text: "x".repeat(MAX_SHORT_ANSWER_CHARS + 1) }, revision: 1 },
        abc: { answer: { choice: 1 }, revision: 1 },
        6: { answer: { choice: 1, text: "both" }, revision: 1 },
        7: "nope",
      },
    });
    expect(parseStored(text)).toEqual({ 1: { answer: { choice: 1 }, revision: 1 } });
  });
});

describe("agreements with the server and the catalogue", () => {
  it("uses the server's text limit", () => {
    expect(MAX_SHORT_ANSWER_CHARS).toBe(SERVER_MAX);
  });

  it("has every status string the component names", () => {
    for (const key of [
      "exam_body.status.saved",
      "exam_body.status.saving",
      "exam_body.status.retrying",
      "exam_body.status.failed",
      "exam_body.status.failed_closed",
      "exam_body.overall.saved",
      "exam_body.overall.saving",
      "exam_body.overall.retrying",
      "exam_body.overall.failed",
      "exam_body.overall.offline",
      "exam_body.question.points",
      "exam_body.question.characters_left",
      "exam_body.frame.title",
      "exam_body.frame.open",
    ]) {
      expect(examBody[key as keyof typeof examBody], key).toBeTypeOf("string");
    }
  });
});

describe("safeContentUrl", () => {
  it.each([
    ["https://lms.example.test/courses/x/exam?y=1", "https://lms.example.test/courses/x/exam?y=1"],
    ["  http://lms.example.test/a  ", "http://lms.example.test/a"],
    ["/courses/x/content", "/courses/x/content"],
    ["javascript:alert(1)", null],
    ["data:text/html,<b>x</b>", null],
    ["//evil.example.test/x", null],
    ["/\\evil.example.test", null],
    ["not a url", null],
    ["", null],
    [null, null],
  ])("%s → %s", (raw, expected) => {
    expect(safeContentUrl(raw)).toBe(expected);
  });
});
