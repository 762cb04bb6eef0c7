import { describe, expect, it } from "vitest";

import { withReferences } from "./EditBlockDocumentPage";
import { splitSaveErrors } from "./errors";
import { blockNameProblem } from "./name";
import { firstParagraph } from "./text";

describe("block document names", () => {
  it("are checked as the server checks them", () => {
    expect(blockNameProblem("prod-db-2")).toBeNull();
    expect(blockNameProblem("")).toBe("Required");
    expect(blockNameProblem("Prod DB")).toBe("Only lowercase letters, numbers and dashes");
    expect(blockNameProblem("a".repeat(256))).toMatch(/At most 255/);
  });
});

describe("save errors", () => {
  it("go to the name, the data fields or the form", () => {
    expect(
      splitSaveErrors([
        { code: "CONFLICT", message: "a block document named 'prod' exists", field: ["input", "name"] },
        { code: "INVALID_INPUT", message: "malformed id", field: ["input", "data", "creds"] },
        { code: "NOT_FOUND", message: "block schema not found", field: ["input", "blockSchemaId"] },
      ]),
    ).toEqual({
      name: ["a block document named 'prod' exists"],
      fields: { creds: ["malformed id"] },
      form: ["block schema not found"],
    });
  });
});

describe("descriptions", () => {
  it("show their first paragraph on cards", () => {
    expect(firstParagraph("A secret.\n\nUse it like this.")).toBe("A secret.");
    expect(firstParagraph("")).toBe("");
  });
});

describe("withReferences", () => {
  it("gives fields that hold another document as references to it", () => {
    const data = { host: "h", credentials: { password: "********" } };
    const refs = [{ field: "credentials", blockDocumentId: "d1" }];
    expect(withReferences(data, refs)).toEqual({
      host: "h",
      credentials: { $ref: { block_document_id: "d1" } },
    });
    expect(data.credentials).toEqual({ password: "********" }); // the read is left alone
  });

  it("leaves data without references as it is", () => {
    const data = { host: "h" };
    expect(withReferences(data, [])).toBe(data);
  });
});
