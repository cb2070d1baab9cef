import { describe, expect, it } from "vitest";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeUser, nextId } from "@/lib/testing/factories";
import { findUserByInfo, findUsersByInfo } from "./user-lookup";

const t = setupTestDatabase();

describe("findUserByInfo (§2.5 step 3)", () => {
  it("finds by id (integer), username, then e-mail (any case), then a digit string as an id", async () => {
    const n = nextId();
    const user = await makeUser(t.db, { username: `look${n}`, email: `Look${n}@Example.test` });
    expect((await findUserByInfo(t.db, user.id))?.id).toBe(user.id);
    expect((await findUserByInfo(t.db, `look${n}`))?.id).toBe(user.id);
    expect((await findUserByInfo(t.db, `look${n}@example.TEST`))?.id).toBe(user.id);
    expect((await findUserByInfo(t.db, String(user.id)))?.id).toBe(user.id);
    expect(await findUserByInfo(t.db, "nobody")).toBeNull();
    expect(await findUserByInfo(t.db, 99999999999)).toBeNull();
    expect(await findUserByInfo(t.db, "  ")).toBeNull();
  });

  it("prefers a username over an e-mail and over an id", async () => {
    const target = await makeUser(t.db);
    const namedLikeAnId = await makeUser(t.db, { username: String(target.id) });
    expect((await findUserByInfo(t.db, String(target.id)))?.id).toBe(namedLikeAnId.id);
    const emailOwner = await makeUser(t.db, { email: `shared${nextId()}@example.test` });
    const namedLikeAnEmail = await makeUser(t.db, { username: emailOwner.email });
    expect((await findUserByInfo(t.db, emailOwner.email))?.id).toBe(namedLikeAnEmail.id);
  });
});

describe("findUsersByInfo", () => {
  it("resolves many at once with the same rules", async () => {
    const a = await makeUser(t.db);
    const b = await makeUser(t.db);
    const found = await findUsersByInfo(t.db, [a.username, b.email.toUpperCase(), a.id, "ghost", String(b.id)]);
    expect(found.get(a.username)?.id).toBe(a.id);
    expect(found.get(b.email.toUpperCase())?.id).toBe(b.id);
    expect(found.get(a.id)?.id).toBe(a.id);
    expect(found.get(String(b.id))?.id).toBe(b.id);
    expect(found.has("ghost")).toBe(false);
    expect((await findUsersByInfo(t.db, [])).size).toBe(0);
  });
});
