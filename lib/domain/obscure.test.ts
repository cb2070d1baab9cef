import { describe, expect, it } from "vitest";
import { obscuredUserId } from "./obscure";

describe("obscuredUserId (§15.3 test vectors)", () => {
  it("matches edx-proctoring without extra strings", () => {
    expect(obscuredUserId("SHHHHHH", 32432455)).toBe("9b82efd5d28f1a170b23b8f648c3093e75a0a0ca");
  });
  it("matches edx-proctoring with the backend name as extra", () => {
    expect(obscuredUserId("SHHHHHH", 32432455, "test")).toBe("b67843eba225800c9387a2eeafb34dab411e92ed");
  });
});
