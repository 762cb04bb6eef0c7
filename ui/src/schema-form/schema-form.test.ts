import { describe, expect, it } from "vitest";

import { ajvErrorsToFieldErrors, pathKey, serverErrorsToFieldErrors, withoutUnder, withoutVariables } from "./errors";
import { isVariableReference, variableReference } from "./variables";
import { fieldModel, matchOption, schemaContext, type FieldModel } from "./model";
import type { JsonSchema } from "./schema";
import { createValidator } from "./validate";
import {
  getIn,
  initialValue,
  isoToLocalInput,
  localInputToIso,
  referencedBlockId,
  setIn,
  stableJson,
} from "./values";

/** A Pydantic block schema as flowql's SDK registers it. */
const DEMO: JsonSchema = {
  $defs: {
    Creds: {
      properties: {
        user: { title: "User", type: "string" },
        password: { format: "password", title: "Password", type: "string", writeOnly: true },
      },
      required: ["user", "password"],
      title: "Creds",
      type: "object",
    },
  },
  properties: {
    name: { description: "The name", title: "Name", type: "string" },
    count: { default: 3, title: "Count", type: "integer" },
    ratio: { anyOf: [{ type: "number" }, { type: "null" }], default: null, title: "Ratio" },
    mode: { default: "a", enum: ["a", "b"], title: "Mode", type: "string" },
    tags: { default: [], items: { type: "string" }, title: "Tags", type: "array" },
    when: { anyOf: [{ format: "date-time", type: "string" }, { type: "null" }], default: null, title: "When" },
    creds: { $ref: "#/$defs/Creds" },
    maybe: { anyOf: [{ type: "integer" }, { type: "string" }], default: 1, title: "Maybe" },
    extra: { additionalProperties: true, default: {}, title: "Extra", type: "object" },
    token: { type: "string", title: "Token" },
    inline: { $ref: "#/$defs/Creds", title: "Inline creds" },
  },
  required: ["name", "creds", "token"],
  title: "Demo",
  type: "object",
  secret_fields: ["token", "creds.password"],
  block_schema_references: { creds: { block_type_slug: "creds", block_schema_checksum: "sha256:x" } },
};

const context = schemaContext(DEMO);

function field(name: string): FieldModel {
  const schema = DEMO.properties?.[name];
  if (schema === undefined) throw new Error(name);
  return fieldModel(schema, [name], context);
}

describe("fieldModel", () => {
  it("maps each JSON Schema shape to its field", () => {
    expect(field("name")).toMatchObject({ kind: "string", label: "Name", description: "The name", nullable: false });
    expect(field("count")).toMatchObject({ kind: "number", integer: true });
    expect(field("ratio")).toMatchObject({ kind: "number", integer: false, nullable: true, label: "Ratio" });
    expect(field("mode")).toMatchObject({ kind: "enum", options: ["a", "b"] });
    expect(field("tags")).toMatchObject({ kind: "array", items: { type: "string" } });
    expect(field("when")).toMatchObject({ kind: "string", format: "date-time", nullable: true });
    expect(field("extra")).toMatchObject({ kind: "json" });
    expect(fieldModel({}, ["anything"], context)).toMatchObject({ kind: "json", label: "Anything" });
  });

  it("offers a type picker for a union of several types", () => {
    const model = field("maybe");
    expect(model.kind).toBe("union");
    if (model.kind !== "union") return;
    expect(model.options.map((option) => option.label)).toEqual(["integer", "string"]);
    expect(matchOption("x", model.options, DEMO)).toBe(1);
    expect(matchOption(7, model.options, DEMO)).toBe(0);
  });

  it("follows $ref into $defs and definitions, the field's own title winning", () => {
    const inline = field("inline");
    expect(inline).toMatchObject({ kind: "object", label: "Inline creds" });
    if (inline.kind !== "object") return;
    expect(inline.properties.map((p) => [p.name, p.required])).toEqual([
      ["user", true],
      ["password", true],
    ]);
    const legacy: JsonSchema = {
      definitions: { Port: { type: "integer", title: "Port" } },
      properties: { port: { $ref: "#/definitions/Port" } },
    };
    expect(fieldModel({ $ref: "#/definitions/Port" }, ["port"], schemaContext(legacy))).toMatchObject({
      kind: "number",
      integer: true,
      label: "Port",
    });
  });

  it("knows secrets by format, writeOnly and the block schema's secret_fields", () => {
    expect(field("token").kind).toBe("secret");
    const inline = field("inline");
    if (inline.kind !== "object") throw new Error("object expected");
    const password = inline.properties[1];
    expect(password && fieldModel(password.schema, ["inline", "password"], context).kind).toBe("secret");
  });

  it("makes block_schema_references fields a block-document reference", () => {
    expect(field("creds")).toMatchObject({ kind: "block", blockTypeSlug: "creds" });
    const prefectStyle: JsonSchema = { block_type_slug: "aws-credentials", type: "object", properties: {} };
    expect(fieldModel(prefectStyle, ["aws"], context)).toMatchObject({ kind: "block", blockTypeSlug: "aws-credentials" });
  });
});

describe("values", () => {
  it("starts from the schema's defaults", () => {
    expect(initialValue(DEMO, DEMO)).toEqual({
      count: 3,
      ratio: null,
      mode: "a",
      tags: [],
      when: null,
      maybe: 1,
      extra: {},
    });
  });

  it("sets and removes values by path without touching the original", () => {
    const start = { a: { b: [1, 2] } };
    const next = setIn(start, ["a", "b", 1], 5);
    expect(next).toEqual({ a: { b: [1, 5] } });
    expect(start).toEqual({ a: { b: [1, 2] } });
    expect(getIn(next, ["a", "b", 1])).toBe(5);
    expect(setIn({ a: 1, b: 2 }, ["a"], undefined)).toEqual({ b: 2 });
  });

  it("reads block references and compares values regardless of key order", () => {
    expect(referencedBlockId({ $ref: { block_document_id: "abc" } })).toBe("abc");
    expect(referencedBlockId({ user: "ada" })).toBeNull();
    expect(stableJson({ b: 1, a: { d: 1, c: 2 } })).toBe(stableJson({ a: { c: 2, d: 1 }, b: 1 }));
  });

  it("round-trips datetime-local input values through ISO", () => {
    const iso = "2026-03-04T05:06:07.000Z";
    expect(localInputToIso(isoToLocalInput(iso))).toBe(iso);
    expect(localInputToIso("")).toBe("");
  });
});

describe("validation", () => {
  const { validate, problem } = createValidator(DEMO);

  it("compiles a Pydantic block schema", () => {
    expect(problem).toBeNull();
  });

  it("puts ajv's errors next to the fields", () => {
    const errors = validate({ count: 1.5, mode: "z", when: "yesterday", token: "t" });
    expect(errors[pathKey(["name"])]).toEqual(["Required"]);
    expect(errors[pathKey(["creds"])]).toEqual(["Required"]);
    expect(errors[pathKey(["count"])]).toEqual(["Must be integer"]);
    expect(errors[pathKey(["mode"])]).toEqual(["Must be one of the listed values"]);
    expect(errors[pathKey(["when"])]).toEqual(["Does not match any of the allowed types"]);
  });

  it("accepts a valid value with a block reference and a masked secret", () => {
    expect(
      validate({
        name: "n",
        token: "********",
        creds: { $ref: { block_document_id: "1b4e28ba-2fa1-11d2-883f-0016d3cca427" } },
        when: "2026-01-01T00:00:00Z",
        inline: { user: "u", password: "p" },
      }),
    ).toEqual({});
  });

  it("names the missing nested property", () => {
    expect(ajvErrorsToFieldErrors([])).toEqual({});
    const errors = validate({ name: "n", token: "t", creds: null, inline: { user: "u" } });
    expect(errors[pathKey(["inline", "password"])]).toEqual(["Required"]);
    expect(errors[pathKey(["creds"])]).toEqual(["Must be object"]);
  });

  it("validates nothing, and says why, for a schema ajv cannot compile", () => {
    const broken = createValidator({ type: "object", properties: { a: { $ref: "#/nowhere" } } });
    expect(broken.problem).toMatch(/nowhere/);
    expect(broken.validate({ a: 1 })).toEqual({});
  });
});

describe("server errors", () => {
  it("maps payload errors with data paths to fields and keeps the rest", () => {
    const { fields, others } = serverErrorsToFieldErrors(
      [
        { code: "INVALID_INPUT", message: "bad id", field: ["input", "data", "creds"] },
        { code: "INVALID_INPUT", message: "too short", field: ["data", "tags", "0"] },
        { code: "CONFLICT", message: "name 'prod' is in use", field: ["input", "name"] },
        { code: "INVALID_INPUT", message: "not an object", field: ["input", "data"] },
      ],
      ["data"],
    );
    expect(fields).toEqual({ creds: ["bad id"], "tags/0": ["too short"] });
    expect(others.map((error) => error.message)).toEqual(["name 'prod' is in use", "not an object"]);
  });
});

describe("error bookkeeping", () => {
  it("forgets a field's server errors, and its children's, once it changes", () => {
    const errors = { a: ["x"], "a/b": ["y"], ab: ["z"], c: ["w"] };
    expect(withoutUnder(errors, ["a"])).toEqual({ ab: ["z"], c: ["w"] });
    expect(withoutUnder(errors, [])).toEqual({});
  });

  it("leaves fields that hold a variable reference to the server", () => {
    const value = { port: variableReference("db_port"), user: 3 };
    expect(isVariableReference(value.port)).toBe(true);
    expect(isVariableReference({ name: "x" })).toBe(false);
    const { validate } = createValidator({
      type: "object",
      properties: { port: { type: "integer" }, user: { type: "string" } },
    });
    expect(withoutVariables(validate(value), value)).toEqual({ user: ["Must be string"] });
  });
});
