/**
 * A table artifact's data as columns and rows of cells. The server accepts a
 * list of rows (all objects or all lists) or an object of column lists
 * (core/artifacts.py); anything else is reported, not guessed at.
 */

export interface Table {
  columns: string[];
  rows: unknown[][];
}

export type TableResult = { ok: true; table: Table } | { ok: false; problem: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function fromObjectRows(rows: Record<string, unknown>[]): Table {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  }
  return { columns, rows: rows.map((row) => columns.map((column) => (column in row ? row[column] : undefined))) };
}

function fromListRows(rows: unknown[][]): Table {
  const width = Math.max(0, ...rows.map((row) => row.length));
  const columns = Array.from({ length: width }, (_, index) => String(index + 1));
  return { columns, rows: rows.map((row) => columns.map((_, index) => row[index])) };
}

function fromColumns(data: Record<string, unknown>): TableResult {
  const columns = Object.keys(data);
  const lists: unknown[][] = [];
  for (const column of columns) {
    const values = data[column];
    if (!Array.isArray(values)) return { ok: false, problem: `column "${column}" is not a list of values` };
    lists.push(values);
  }
  const height = Math.max(0, ...lists.map((values) => values.length));
  const rows = Array.from({ length: height }, (_, index) => lists.map((values) => values[index]));
  return { ok: true, table: { columns, rows } };
}

export function normaliseTable(data: unknown): TableResult {
  if (isObject(data)) return fromColumns(data);
  if (!Array.isArray(data)) {
    return { ok: false, problem: "a table is a list of rows or an object of columns" };
  }
  if (data.every(isObject)) return { ok: true, table: fromObjectRows(data) };
  if (data.every((row): row is unknown[] => Array.isArray(row))) return { ok: true, table: fromListRows(data) };
  const bad = data.findIndex((row) => !isObject(row) && !Array.isArray(row));
  if (bad >= 0) return { ok: false, problem: `row ${bad + 1} is neither an object nor a list` };
  return { ok: false, problem: "rows mix objects and lists" };
}

/** A cell as text: strings as they are, missing as empty, other JSON as JSON. */
export function cellText(value: unknown): string {
  if (value === undefined) return "";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/** Columns whose values are all numbers (blanks aside): right-aligned, header included. */
export function numericColumns(table: Table): boolean[] {
  return table.columns.map((_, index) => {
    const values = table.rows.map((row) => row[index]).filter((value) => value !== undefined && value !== null);
    return values.length > 0 && values.every((value) => typeof value === "number");
  });
}
