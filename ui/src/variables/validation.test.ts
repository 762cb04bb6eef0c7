import { describe, expect, it } from "vitest";

import { errorsByField, parseTags, parseValue, pythonJson, validateVariable } from "./validation";

describe("validateVariable", () => {
  it("accepts a good variable and parses value and tags", () => {
    expect(validateVariable({ name: "api_base-2", value: '{"url": "x"}', tags: "prod, web, prod" })).toEqual({
      ok: true,
      input: { name: "api_base-2", value: { url: "x" }, tags: ["prod", "web"] },
    });
  });

  it("names every field that is wrong", () => {
    const result = validateVariable({ name: "Bad Name", value: "{oops", tags: "x".repeat(101) });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.name).toBe(
      'variable name "Bad Name" must only contain lowercase letters, numbers, dashes and underscores',
    );
    expect(result.errors.value).toMatch(/^the value is not valid JSON/);
    expect(result.errors.tags).toMatch(/tags are 1 to 100/);
  });

  it("refuses an empty name and an empty value", () => {
    const result = validateVariable({ name: "", value: " ", tags: "" });
    expect(result).toEqual({
      ok: false,
      errors: {
        name: "variable name must not be empty",
        value: 'the value must be JSON, e.g. "text", 42, true, null, [1, 2] or {"key": "value"}',
      },
    });
  });

  it("refuses a name longer than 255", () => {
    const result = validateVariable({ name: "a".repeat(256), value: "1", tags: "" });
    expect(result.ok ? null : result.errors.name).toBe("variable name is 256 characters long; the limit is 255");
  });
});

describe("parseValue", () => {
  it("takes any JSON, null included", () => {
    expect(parseValue("null")).toEqual({ ok: true, value: null });
    expect(parseValue('"text"')).toEqual({ ok: true, value: "text" });
  });

  it("measures the value as the server does (Python's json.dumps)", () => {
    expect(pythonJson({ a: [1, "é"], b: true })).toBe('{"a": [1, "\\u00e9"], "b": true}');
    // 4,998 characters plus quotes is exactly the limit; one more is over it.
    expect(parseValue(JSON.stringify("x".repeat(4_998))).ok).toBe(true);
    expect(parseValue(JSON.stringify("x".repeat(4_999)))).toEqual({
      ok: false,
      problem: "the value is 5,001 characters long as JSON; the limit is 5,000",
    });
    // Compact JSON under the limit that Python's separators push over it.
    const list = JSON.stringify(Array.from({ length: 1_700 }, () => 1));
    expect(list.length).toBeLessThan(5_000);
    expect(parseValue(list).ok).toBe(false);
  });
});

describe("parseTags", () => {
  it("splits on commas, trims and drops duplicates", () => {
    expect(parseTags(" a ,b,, a")).toEqual(["a", "b"]);
    expect(parseTags("")).toEqual([]);
  });
});

describe("errorsByField", () => {
  it("puts server errors next to their fields", () => {
    expect(
      errorsByField([
        { code: "CONFLICT", message: "taken", field: ["input", "name"] },
        { code: "INVALID_INPUT", message: "bad rename", field: ["newName"] },
        { code: "NOT_FOUND", message: "gone", field: [] },
      ]),
    ).toEqual({ fields: { name: "taken; bad rename" }, form: ["gone"] });
  });
});
