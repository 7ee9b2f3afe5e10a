import { expect, it } from "vitest";
import { truncate } from "../services/truncate";

it("cuts text to at most max code units, never between the two halves of an emoji", () => {
  expect(truncate("short", 10)).toBe("short");
  expect(truncate("abcdef", 3)).toBe("abc");
  expect(truncate("ab\u{1F600}cd", 3)).toBe("ab");
  expect(truncate("ab\u{1F600}cd", 4)).toBe("ab\u{1F600}");
  expect(truncate("\u{1F600}", 1)).toBe("");
});
