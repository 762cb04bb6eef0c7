import { describe, expect, it } from "vitest";

import { cellText, normaliseTable, numericColumns } from "./table";

describe("normaliseTable", () => {
  it("takes rows as objects, columns in order of first appearance", () => {
    expect(normaliseTable([{ a: 1, b: "x" }, { b: "y", c: null }])).toEqual({
      ok: true,
      table: { columns: ["a", "b", "c"], rows: [[1, "x", undefined], [undefined, "y", null]] },
    });
  });

  it("takes rows as lists, padding short rows", () => {
    expect(normaliseTable([[1, 2, 3], [4]])).toEqual({
      ok: true,
      table: { columns: ["1", "2", "3"], rows: [[1, 2, 3], [4, undefined, undefined]] },
    });
  });

  it("takes an object of columns", () => {
    expect(normaliseTable({ name: ["a", "b"], score: [1] })).toEqual({
      ok: true,
      table: { columns: ["name", "score"], rows: [["a", 1], ["b", undefined]] },
    });
  });

  it("gives an empty table for no rows", () => {
    expect(normaliseTable([])).toEqual({ ok: true, table: { columns: [], rows: [] } });
  });

  it("names what is wrong", () => {
    expect(normaliseTable("nope")).toEqual({ ok: false, problem: "a table is a list of rows or an object of columns" });
    expect(normaliseTable([{ a: 1 }, 2])).toEqual({ ok: false, problem: "row 2 is neither an object nor a list" });
    expect(normaliseTable([{ a: 1 }, [2]])).toEqual({ ok: false, problem: "rows mix objects and lists" });
    expect(normaliseTable({ a: 1 })).toEqual({ ok: false, problem: 'column "a" is not a list of values' });
  });
});

describe("cellText", () => {
  it("shows strings plainly and other JSON as JSON", () => {
    expect(cellText("hi")).toBe("hi");
    expect(cellText(3.5)).toBe("3.5");
    expect(cellText(null)).toBe("null");
    expect(cellText({ a: [1] })).toBe('{"a":[1]}');
    expect(cellText(undefined)).toBe("");
  });
});

describe("numericColumns", () => {
  it("marks columns of numbers, ignoring blanks", () => {
    expect(numericColumns({ columns: ["a", "b", "c"], rows: [[1, "x", null], [undefined, 2, null]] })).toEqual([
      true,
      false,
      false,
    ]);
  });
});
