/** A block type's description up to its first blank line (docstrings can be long). */
export function firstParagraph(text: string): string {
  return text.split(/\n\s*\n/)[0]?.trim() ?? "";
}
