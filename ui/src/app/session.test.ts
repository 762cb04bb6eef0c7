import { describe, expect, it } from "vitest";

import { readSession, signIn } from "./session";

function answering(status: number, body: unknown): typeof fetch {
  return (async () =>
    new Response(body === undefined ? null : JSON.stringify(body), { status })) as typeof fetch;
}

describe("signIn", () => {
  it("resolves to null when the server accepts the key", async () => {
    expect(await signIn("k", answering(204, undefined))).toBeNull();
  });

  it("gives the server's reason when it refuses", async () => {
    const refusal = answering(401, { errors: [{ message: "wrong API key" }] });
    expect(await signIn("k", refusal)).toBe("wrong API key");
  });

  it("says the status when the answer has no reason", async () => {
    expect(await signIn("k", answering(502, undefined))).toBe("sign-in failed (502)");
  });
});

describe("readSession", () => {
  it("reads whether a key is needed and whether this browser has it", async () => {
    const status = { required: true, authenticated: false };
    expect(await readSession(answering(200, status))).toEqual(status);
  });

  it("fails on an error answer", async () => {
    await expect(readSession(answering(500, {}))).rejects.toThrow("answered 500");
  });
});
