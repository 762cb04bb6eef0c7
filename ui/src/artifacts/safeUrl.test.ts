import { describe, expect, it } from "vitest";

import { safeImageUrl } from "./safeUrl";

describe("safeImageUrl", () => {
  it("keeps web and inline image URLs and refuses scripts", () => {
    expect(safeImageUrl("https://example.com/a.png")).toBe("https://example.com/a.png");
    expect(safeImageUrl("/static/a.png")).toBe("/static/a.png");
    expect(safeImageUrl("data:image/png;base64,AAA")).toBe("data:image/png;base64,AAA");
    expect(safeImageUrl("javascript:alert(1)")).toBeNull();
    expect(safeImageUrl("data:text/html,<b>")).toBeNull();
  });
});
