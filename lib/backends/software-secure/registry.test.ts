import { describe, expect, it } from "vitest";
import { backendConfigs } from "@/db/schema";
import { encryptSecret } from "@/lib/crypto/secrets";
import { setupTestDatabase } from "@/lib/testing/db";
import { getBackendByName } from "../registry";
import type { BackendExam, RegistrationContext } from "../types";

const t = setupTestDatabase("file");

const exam = { id: 1, courseKey: "c", examName: "E", timeLimitMins: 10 } as BackendExam;
const context = { lmsHost: "http://127.0.0.1:3000", timeLimitMins: 10, attemptCode: "CODE", isSampleAttempt: false, fullName: "A B", email: "a@b" } as RegistrationContext;

describe("registry: software_secure rows", () => {
  it("builds the RPNow backend with the row's settings and its decrypted secrets", async () => {
    await t.db.insert(backendConfigs).values({
      name: "rpnow-a",
      kind: "software_secure",
      verboseName: "",
      settings: { software_download_url: "https://rpnow.example/dl" },
      secretsEncrypted: encryptSecret(JSON.stringify({ secret_key_id: "id", secret_key: "k", crypto_key: "x".repeat(24) })),
    });
    const backend = await getBackendByName(t.db, "rpnow-a");
    expect(backend).toMatchObject({ kind: "software_secure", verboseName: "RPNow" });
    expect(backend.getSoftwareDownloadUrl()).toBe("https://rpnow.example/dl");
    // Secrets present: only the endpoint is reported missing.
    await expect(backend.registerExamAttempt(exam, context)).rejects.toMatchObject({
      message: "The RPNow backend 'rpnow-a' is not fully configured: exam_register_endpoint.",
    });
  });

  it("a row whose secrets cannot be decrypted still loads, and every registration fails with the reason", async () => {
    await t.db.insert(backendConfigs).values({
      name: "rpnow-b",
      kind: "software_secure",
      verboseName: "RPNow B",
      settings: { exam_register_endpoint: "http://127.0.0.1:9/rpnow/register" },
      secretsEncrypted: encryptSecret(JSON.stringify({ secret_key: "k" }), "another-key-another-key-another-key"),
    });
    const backend = await getBackendByName(t.db, "rpnow-b");
    expect(backend.verboseName).toBe("RPNow B");
    await expect(backend.registerExamAttempt(exam, context)).rejects.toMatchObject({
      message: "Backend 'rpnow-b' is misconfigured: its secrets cannot be decrypted (INVIGIL_SECRET_KEY changed?)",
    });
  });
});
