import { describe, expect, it, vi } from "vitest";
import type { ExamFormAction } from "@/lib/actions/exam-types";
import { withHandshakes } from "./action-form";

const form = new FormData();
const START = { workerUrl: "/w.js", type: "startExamAttempt", errorMessage: "The software did not respond." } as const;
const END = { workerUrl: "/w.js", type: "endExamAttempt" } as const;

describe("withHandshakes", () => {
  it("runs the start handshake first and posts only when it succeeded", async () => {
    const calls: string[] = [];
    const action = vi.fn<ExamFormAction>(async () => {
      calls.push("action");
      return { error: null };
    });
    const handshake = vi.fn(async (_url: string, type: string) => {
      calls.push(type);
    });
    const result = await withHandshakes(action, { before: START }, handshake)({ error: null }, form);
    expect(result).toEqual({ error: null });
    expect(calls).toEqual(["startExamAttempt", "action"]);
  });

  it("does not post when the start handshake fails, and says so", async () => {
    const action = vi.fn<ExamFormAction>(async () => ({ error: null }));
    const result = await withHandshakes(action, { before: START }, async () => {
      throw new Error("timeout");
    })({ error: null }, form);
    expect(result).toEqual({ error: START.errorMessage });
    expect(action).not.toHaveBeenCalled();
  });

  it("runs the end handshake after a successful submit and ignores its failure", async () => {
    const calls: string[] = [];
    const action = vi.fn<ExamFormAction>(async () => {
      calls.push("action");
      return { error: null };
    });
    const result = await withHandshakes(action, { after: END }, async (_url, type) => {
      calls.push(type);
      throw new Error("worker gone");
    })({ error: null }, form);
    expect(result).toEqual({ error: null });
    expect(calls).toEqual(["action", "endExamAttempt"]);
  });

  it("skips the end handshake when the submit was refused", async () => {
    const handshake = vi.fn(async () => undefined);
    const result = await withHandshakes(async () => ({ error: "Refused." }), { after: END }, handshake)({ error: null }, form);
    expect(result).toEqual({ error: "Refused." });
    expect(handshake).not.toHaveBeenCalled();
  });
});
