import { describe, expect, it } from "vitest";
import { QUESTION_KINDS as SCHEMA_QUESTION_KINDS } from "@/db/schema";
import { QUESTION_KINDS } from "./answers";

describe("question kinds", () => {
  it("are the schema's", () => {
    expect([...QUESTION_KINDS]).toEqual([...SCHEMA_QUESTION_KINDS]);
  });
});
