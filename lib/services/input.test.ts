import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ServiceError } from "@/lib/domain/errors";
import {
  booleanField,
  COURSE_KEY_PATTERN,
  integerField,
  nullableDatetimeField,
  parseBatch,
  parseInput,
  parseIsoDatetime,
  textField,
} from "@/lib/domain/input";

describe("booleanField", () => {
  const schema = z.object({ flag: booleanField() });
  it.each([
    [true, true],
    ["true", true],
    ["True", true],
    ["1", true],
    [1, true],
    [false, false],
    ["false", false],
    ["False", false],
    ["0", false],
    [0, false],
  ])("reads %j as %s", (input, expected) => {
    expect(schema.parse({ flag: input }).flag).toBe(expected);
  });
  it("refuses anything else with DRF's words", () => {
    expect(schema.safeParse({ flag: "maybe" }).error?.issues[0]?.message).toBe("Must be a valid boolean.");
    expect(schema.safeParse({}).error?.issues[0]?.message).toBe("This field is required.");
    expect(schema.safeParse({ flag: null }).error?.issues[0]?.message).toBe("This field may not be null.");
  });
});

describe("integerField and textField", () => {
  it("takes digit strings, refuses fractions and out-of-range values", () => {
    const schema = z.object({ n: integerField({ max: 100 }) });
    expect(schema.parse({ n: "42" }).n).toBe(42);
    expect(schema.safeParse({ n: 1.5 }).error?.issues[0]?.message).toBe("A valid integer is required.");
    expect(schema.safeParse({ n: "1e3" }).error?.issues[0]?.message).toBe("A valid integer is required.");
    expect(schema.safeParse({ n: 101 }).error?.issues[0]?.message).toBe("Ensure this value is less than or equal to 100.");
    expect(schema.safeParse({ n: -1 }).error?.issues[0]?.message).toBe("Ensure this value is greater than or equal to 0.");
  });
  it("trims text and refuses blanks and long values", () => {
    const schema = z.object({ s: textField(3) });
    expect(schema.parse({ s: "  ab " }).s).toBe("ab");
    expect(schema.safeParse({ s: "  " }).error?.issues[0]?.message).toBe("This field may not be blank.");
    expect(schema.safeParse({ s: "abcd" }).error?.issues[0]?.message).toBe("Ensure this field has no more than 3 characters.");
  });
});

describe("datetimes", () => {
  it.each([
    ["2026-03-01T12:00:00Z", "2026-03-01T12:00:00.000Z"],
    ["2026-03-01T12:00:00.123456+02:00", "2026-03-01T10:00:00.123Z"],
    ["2026-03-01T12:00", "2026-03-01T12:00:00.000Z"],
    ["2026-03-01 12:00:00-0500", "2026-03-01T17:00:00.000Z"],
    ["2026-03-01", "2026-03-01T00:00:00.000Z"],
  ])("parses %s", (text, iso) => {
    expect(parseIsoDatetime(text)?.toISOString()).toBe(iso);
  });
  it.each(["2026-02-30T00:00:00Z", "2026-13-01", "tomorrow", "2026-03-01T24:00:00Z", "1700000000"])("refuses %s", (text) => {
    expect(parseIsoDatetime(text)).toBeNull();
  });
  it("refuses a datetime outside years 1 to 9999 in UTC (Postgres has no year 0) with a clear message", () => {
    const schema = z.object({ d: nullableDatetimeField() });
    for (const d of ["0000-01-01", "0000-06-01T00:00:00Z", "0001-01-01T00:30:00+01:00", new Date("0000-03-01T00:00:00Z")]) {
      const result = schema.safeParse({ d });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe("Datetime is out of range: the year (in UTC) must be between 1 and 9999.");
    }
    expect(schema.parse({ d: "0001-01-01T00:00:00Z" }).d?.toISOString()).toBe("0001-01-01T00:00:00.000Z");
  });

  it("keeps absent as undefined and turns null or blank into null", () => {
    const schema = z.object({ d: nullableDatetimeField() });
    expect(schema.parse({}).d).toBeUndefined();
    expect(schema.parse({ d: null }).d).toBeNull();
    expect(schema.parse({ d: "" }).d).toBeNull();
    expect(schema.safeParse({ d: 5 }).success).toBe(false);
  });
});

describe("course keys", () => {
  it.each(["course-v1:Org+Num+Run", "Org/Num/Run", "course-v1:edX+DemoX+Demo_2014"])("accepts %s", (key) => {
    expect(COURSE_KEY_PATTERN.test(key)).toBe(true);
  });
  it.each(["course-v1:OrgOnly", "", "a/b", "a+b"])("refuses %j", (key) => {
    expect(COURSE_KEY_PATTERN.test(key)).toBe(false);
  });
});

describe("parseInput and parseBatch", () => {
  const schema = z.object({ name: textField(10), n: integerField() });

  it("throws a 400 whose body lists every problem", () => {
    try {
      parseInput(schema, { n: "x" }, "Invalid thing");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ServiceError);
      const e = error as ServiceError;
      expect(e.status).toBe(400);
      expect(e.detail).toBe("Invalid thing: name: This field is required.; n: A valid integer is required.");
      expect(e.extra).toEqual({
        errors: [
          { field: "name", message: "This field is required." },
          { field: "n", message: "A valid integer is required." },
        ],
      });
    }
  });

  it("takes one object or an array, and indexes every bad item", () => {
    expect(parseBatch(schema, { name: "a", n: 1 })).toEqual([{ name: "a", n: 1 }]);
    expect(parseBatch(schema, [{ name: "a", n: 1 }, { name: "b", n: "2" }])).toHaveLength(2);
    try {
      parseBatch(schema, [{ name: "a", n: 1 }, { name: "", n: 1 }, 7]);
      expect.unreachable();
    } catch (error) {
      expect((error as ServiceError).extra).toEqual({
        errors: [
          { index: 1, field: "name", message: "This field may not be blank." },
          { index: 2, field: "non_field_errors", message: "Each item must be a JSON object." },
        ],
      });
    }
    expect(() => parseBatch(schema, [])).toThrow(ServiceError);
    expect(() => parseBatch(schema, Array.from({ length: 1001 }, () => ({ name: "a", n: 1 })))).toThrow(/at most 1000/);
  });
});
