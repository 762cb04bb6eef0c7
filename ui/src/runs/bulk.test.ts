import { readFileSync } from "node:fs";
import { resolve } from "node:path";

import { buildSchema, parse, validate } from "graphql";
import { describe, expect, it } from "vitest";

import { cancelDocument, cancelOutcome, cancelTarget, chunks, deleteDocument, deleteOutcome } from "./bulk";

const schema = buildSchema(readFileSync(resolve(import.meta.dirname, "../../../schema.graphql"), "utf8"));

describe("bulk documents", () => {
  it("validate against the schema with up to 30 aliases", () => {
    for (const document of [deleteDocument(1), deleteDocument(30), cancelDocument(2), cancelDocument(30)]) {
      expect(validate(schema, parse(document)).map((e) => e.message)).toEqual([]);
    }
    expect(deleteDocument(3).match(/deleteFlowRun/g)).toHaveLength(3);
  });

  it("batch at most 30 per request", () => {
    expect(chunks(Array.from({ length: 61 }, (_, i) => i)).map((c) => c.length)).toEqual([30, 30, 1]);
  });
});

describe("outcomes", () => {
  const run = { id: "1", name: "nightly" };
  it("report the API's errors and orchestration refusals per run", () => {
    expect(
      deleteOutcome(run, { deletedId: null, errors: [{ code: "NOT_FOUND", message: "no flow run 1", field: ["id"] }] }),
    ).toEqual({ id: "1", name: "nightly", ok: false, message: "no flow run 1 (NOT_FOUND at id)" });
    expect(deleteOutcome(run, { deletedId: "1", errors: [] }).ok).toBe(true);
    expect(cancelOutcome(run, { status: "REJECT", reason: "already final", errors: [] }).message).toBe(
      "REJECT: already final",
    );
    expect(cancelOutcome(run, { status: "ACCEPT", reason: null, errors: [] }).ok).toBe(true);
  });

  it("cancel a running run through Cancelling, a waiting one at once, not a final one", () => {
    expect(cancelTarget("RUNNING")).toBe("CANCELLING");
    expect(cancelTarget("SCHEDULED")).toBe("CANCELLED");
    expect(cancelTarget("COMPLETED")).toBeNull();
  });
});
