import { describe, expect, it } from "vitest";
import {
  buildRegistrationPayload,
  canonicalBody,
  canonicalString,
  encryptExamPassword,
  launchCallbackPath,
  rfc1123,
  sanitizeExamName,
  splitFullName,
  ssiAuthorization,
  ssiSignature,
} from "./protocol";

const CODE = "3F2504E0-4F89-41D3-9A0C-0305E82C3301";
const CRYPTO_KEY = "abcdefghijklmnopqrstuvwx";

describe("RFC 1123 dates", () => {
  it("writes English names, a zero-padded day and GMT, in UTC whatever the time zone", () => {
    expect(rfc1123(new Date("2026-12-06T09:30:00Z"))).toBe("Sun, 06 Dec 2026 09:30:00 GMT");
    expect(rfc1123(new Date("2027-01-01T23:59:59.999Z"))).toBe("Fri, 01 Jan 2027 23:59:59 GMT");
  });
});

describe("exam name sanitiser", () => {
  it("drops non-ASCII after NFKD and replaces every forbidden character", () => {
    expect(sanitizeExamName("Examen Final: Café")).toBe("Examen Final_ Cafe");
    expect(sanitizeExamName(`a[b]c<d>e#f:g|h!i?j/k'l"m*n\\o`)).toBe("a_b_c_d_e_f_g_h_i_j_k_l_m_n_o");
    expect(sanitizeExamName("Ｆｕｌｌ ｗｉｄｔｈ")).toBe("Full width");
  });
  it("falls back to 'Proctored Exam' when nothing ASCII is left", () => {
    expect(sanitizeExamName("期末考试")).toBe("Proctored Exam");
    expect(sanitizeExamName("")).toBe("Proctored Exam");
  });
});

describe("full name split", () => {
  it("splits at the first space", () => {
    expect(splitFullName("Ada King Lovelace")).toEqual({ firstName: "Ada", lastName: "King Lovelace" });
    expect(splitFullName("Plato")).toEqual({ firstName: "Plato", lastName: "" });
  });
});

describe("canonical body", () => {
  it("sorts keys, flattens objects and lists, writes booleans and falsy values as 3.8.1 does", () => {
    const body = canonicalBody({
      b: true,
      a: false,
      zero: 0,
      nothing: null,
      empty: "",
      nested: { y: 2, x: "one" },
      list: ["p", { k: "v" }],
    });
    expect(body).toBe(
      ["a:false", "b:true", "empty:", "list.0:p", "list.1.k:v", "nested.x:one", "nested.y:2", "nothing:null", "zero:null", ""].join("\n"),
    );
  });
});

describe("SSI signature (vectors computed independently of this code)", () => {
  /*
   * Produced once with Python's standard library over a hand-written canonical string:
   *   python3 -c 'import hmac,hashlib,base64; msg=("POST\n\napplication/json\nSun, 06 Dec 2026 09:30:00 GMT\n"
   *     "duration:90\nexamCode:3F2504E0-4F89-41D3-9A0C-0305E82C3301\nexamName:Final Exam_ Part 1\n"
   *     "examPassword:PWD\nexamSponsor:Invigil Test\nexamUrl:https://invigil.example.org/api/edx_proctoring/"
   *     "proctoring_launch_callback/start_exam/3F2504E0-4F89-41D3-9A0C-0305E82C3301\n"
   *     "orgExtra.courseID:course-v1:Org+Num+Run\norgExtra.examEndDate:Sun, 06 Dec 2026 11:00:00 GMT\n"
   *     "orgExtra.examID:42\norgExtra.examStartDate:Sun, 06 Dec 2026 09:30:00 GMT\norgExtra.firstName:Ada\n"
   *     "orgExtra.lastName:King Lovelace\norgExtra.noOfStudents:1\norganization:invigil-org\nreviewedExam:true\n"
   *     "reviewerNotes:Closed Book; calculator allowed\nssiProduct:rp-now\n");
   *     print(base64.b64encode(hmac.new(b"ssi-secret-key", msg.encode(), hashlib.sha256).digest()).decode())'
   * (note `orgExtra` sorts before `organization`: "E" < "a").
   */
  const EXPECTED_SIGNATURE = "9sZWpnW/71JVLtP2oAwDLOL4YNp7UgjZ1dUorj+EdbI=";

  it("signs the registration payload's canonical string", () => {
    const payload = buildRegistrationPayload({
      attemptCode: CODE,
      organization: "invigil-org",
      examSponsor: "Invigil Test",
      examName: "Final Exam: Part 1",
      examId: 42,
      courseKey: "course-v1:Org+Num+Run",
      timeLimitMins: 90,
      isSampleAttempt: false,
      reviewPolicyException: "calculator allowed",
      fullName: "Ada King Lovelace",
      email: "ada@example.org",
      sendEmail: false,
      examUrl: `https://invigil.example.org${launchCallbackPath(CODE)}`,
      cryptoKey: CRYPTO_KEY,
      now: new Date("2026-12-06T09:30:00Z"),
    });
    const canonical = canonicalString({
      method: "POST",
      contentType: "application/json",
      date: "Sun, 06 Dec 2026 09:30:00 GMT",
      body: { ...payload, examPassword: "PWD" },
    });
    expect(ssiSignature("ssi-secret-key", canonical)).toBe(EXPECTED_SIGNATURE);
    expect(ssiAuthorization("key-id", EXPECTED_SIGNATURE)).toBe(`SSI key-id:${EXPECTED_SIGNATURE}`);
    // Any change to the body changes the signature.
    expect(ssiSignature("ssi-secret-key", canonical.replace("duration:90", "duration:91"))).not.toBe(EXPECTED_SIGNATURE);
  });

  it("builds the payload fields of §9.5", () => {
    const payload = buildRegistrationPayload({
      attemptCode: CODE,
      organization: "org",
      examSponsor: "sponsor",
      examName: "Quiz",
      examId: 7,
      courseKey: "course-v1:A+B+C",
      timeLimitMins: 30,
      isSampleAttempt: true,
      fullName: "Plato",
      email: "plato@example.org",
      sendEmail: true,
      examUrl: "https://x.example/launch",
      cryptoKey: CRYPTO_KEY,
      now: new Date("2026-12-06T23:45:00Z"),
    });
    expect(payload).toMatchObject({
      examCode: CODE,
      duration: 30,
      reviewedExam: false,
      reviewerNotes: "Closed Book",
      ssiProduct: "rp-now",
      examName: "Quiz",
      orgExtra: {
        examStartDate: "Sun, 06 Dec 2026 23:45:00 GMT",
        examEndDate: "Mon, 07 Dec 2026 00:15:00 GMT",
        noOfStudents: 1,
        examID: 7,
        courseID: "course-v1:A+B+C",
        firstName: "Plato",
        lastName: "",
        email: "plato@example.org",
      },
    });
  });
});

describe("3DES exam password (vectors computed independently of this code)", () => {
  /*
   * Produced once with OpenSSL (key = the 24 ASCII bytes "abcdefghijklmnopqrstuvwx"):
   *   printf '3F2504E0-4F89-41D3-9A0C-0305E82C3301\x04\x04\x04\x04' \
   *     | openssl enc -des-ede3 -nopad -K $(printf abcdefghijklmnopqrstuvwx | xxd -p) | base64 -w0
   *   printf 'ABCDEFGH\x08\x08\x08\x08\x08\x08\x08\x08' \
   *     | openssl enc -des-ede3 -nopad -K $(printf abcdefghijklmnopqrstuvwx | xxd -p) | base64 -w0
   */
  it("encrypts the padded attempt code with 3DES-ECB", () => {
    expect(encryptExamPassword(CRYPTO_KEY, CODE)).toBe("8msARUz7qAvWTq+k7bXjuPFLs6bNCTmApHEulHntLqxr8Umfc437kA==");
  });
  it("adds a whole block of padding when the length is a multiple of 8", () => {
    expect(encryptExamPassword(CRYPTO_KEY, "ABCDEFGH")).toBe("56W8lvKU8aUVQI1v4VgFow==");
  });
  it("refuses a key that is not 24 bytes", () => {
    expect(() => encryptExamPassword("too-short", CODE)).toThrow(/24 bytes/);
  });
});
