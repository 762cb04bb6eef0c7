/** Only web and inline-image URLs become a link or an image source (no `javascript:`). */
export function safeImageUrl(value: string): string | null {
  const trimmed = value.trim();
  if (/^data:image\//i.test(trimmed)) return trimmed;
  try {
    const url = new URL(trimmed, "http://relative.invalid");
    return url.protocol === "http:" || url.protocol === "https:" ? trimmed : null;
  } catch {
    return null;
  }
}
