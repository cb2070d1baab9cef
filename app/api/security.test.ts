import { hkdfSync } from "node:crypto";
import { eq } from "drizzle-orm";
import { SignJWT } from "jose";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { getEnv } from "@/lib/env";
import { callRoute, setupApiTestDatabase, tokenAuth, userAuth } from "@/lib/testing/api";
import { makeExam, makeUser, nextId } from "@/lib/testing/factories";
import * as examById from "./edx_proctoring/v1/proctored_exam/exam/exam_id/[examId]/route";
import * as questionsRoute from "./v1/exams/[examId]/questions/route";
import * as usersRoute from "./v1/users/route";

const test = setupApiTestDatabase();

let sync: string;
beforeAll(async () => {
  sync = await tokenAuth(test.db, ["lms:sync"]);
});

describe("a signed JWT whose user id does not fit our ids", () => {
  it("is a 401 that says so, never a 500", async () => {
    const key = new Uint8Array(hkdfSync("sha256", getEnv().authSecret, "invigil", "api-user-jwt-v1", 32));
    const iat = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ tid: 1 })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(String(2 ** 32 + 5))
      .setIssuer("invigil")
      .setAudience("invigil-api")
      .setIssuedAt(iat)
      .setExpirationTime(iat + 600)
      .sign(key);
    const exam = await makeExam(test.db);
    const res = await callRoute(examById.GET, { auth: `JWT ${token}`, params: { examId: String(exam.id) } });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ detail: "The JWT's subject (sub) is not a valid user id." });
  });
});

describe("replacing a question set: who is asking comes before what was sent", () => {
  const bad = { questions: [{ kind: "essay" }] };

  it("gives a learner the same 403 for an exam that exists and one that does not, whatever the body", async () => {
    const learner = await userAuth((await makeUser(test.db)).id);
    const exam = await makeExam(test.db);
    const missing = String(exam.id + 100_000);
    const answers = [];
    for (const examId of [String(exam.id), missing]) {
      for (const body of [bad, { questions: [] }]) {
        answers.push(await callRoute(questionsRoute.PUT, { method: "PUT", auth: learner, body, params: { examId } }));
      }
    }
    for (const res of answers) {
      expect(res.status).toBe(403);
      expect(res.json).toEqual({ detail: "Only the course's staff (or the LMS) may change this exam's questions." });
    }
  });

  it("still tells the LMS which exam is missing, and what is wrong with the body", async () => {
    const exam = await makeExam(test.db);
    const missing = await callRoute(questionsRoute.PUT, { method: "PUT", auth: sync, body: bad, params: { examId: String(exam.id + 100_000) } });
    expect(missing.status).toBe(404);
    const invalid = await callRoute(questionsRoute.PUT, { method: "PUT", auth: sync, body: bad, params: { examId: String(exam.id) } });
    expect(invalid.status).toBe(400);
  });
});

describe("JSON bodies that are not UTF-8", () => {
  it("are refused with a 400, and nothing is stored", async () => {
    const username = `utf${nextId()}`;
    const head = new TextEncoder().encode(`{"username":"${username}","email":"u@example.test","full_name":"Ren`);
    const body = new Uint8Array([...head, 0xc3, 0x28, ...new TextEncoder().encode(`e"}`)]);
    const req = new NextRequest("http://127.0.0.1:3000/api/v1/users", {
      method: "PUT",
      headers: { authorization: sync, "content-type": "application/json" },
      body,
    });
    const res = await usersRoute.PUT(req, { params: Promise.resolve({}) });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ detail: "The request body is not valid UTF-8." });
    expect(await test.db.select().from(users).where(eq(users.username, username))).toEqual([]);
  });
});
