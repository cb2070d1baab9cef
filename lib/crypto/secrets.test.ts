import { describe, expect, it } from "vitest";
import { SecretDecryptionError, decryptSecret, encryptSecret } from "./secrets";

describe("secrets at rest", () => {
  it("round-trips, with a fresh IV every time", () => {
    const plain = "client-secret: ünïcödé & 🔑";
    const a = encryptSecret(plain);
    const b = encryptSecret(plain);
    expect(a).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]*$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain("client-secret");
    expect(decryptSecret(a)).toBe(plain);
    expect(decryptSecret(b)).toBe(plain);
    expect(decryptSecret(encryptSecret(""))).toBe("");
  });

  it("detects any change to the ciphertext, the IV or the tag", () => {
    const stored = encryptSecret("webhook-signing-secret");
    const parts = stored.split(":");
    for (const index of [1, 2, 3]) {
      const bytes = Buffer.from(parts[index]!, "base64");
      bytes[0] = bytes[0]! ^ 0x01;
      const tampered = [...parts];
      tampered[index] = bytes.toString("base64");
      expect(() => decryptSecret(tampered.join(":"))).toThrow(SecretDecryptionError);
    }
  });

  it("refuses another key, another format, and never echoes the stored text", () => {
    const stored = encryptSecret("s3cr3t", "key-one-key-one-key-one-key-one-1");
    expect(decryptSecret(stored, "key-one-key-one-key-one-key-one-1")).toBe("s3cr3t");
    expect(() => decryptSecret(stored, "key-two-key-two-key-two-key-two-2")).toThrow(SecretDecryptionError);
    for (const bad of ["", "s3cr3t", "v2:a:b:c", stored.replace(/^v1/, "v0"), stored.split(":").slice(0, 3).join(":")]) {
      expect(() => decryptSecret(bad)).toThrow(SecretDecryptionError);
    }
    try {
      decryptSecret(stored, "key-two-key-two-key-two-key-two-2");
    } catch (error) {
      expect((error as Error).message).not.toContain(stored.split(":")[3]!);
    }
  });
});
