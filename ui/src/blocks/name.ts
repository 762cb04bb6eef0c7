/** A block document's name, checked as the server does (core/blocks.py), before sending. */
const NAME = /^[a-z0-9-]+$/;
const MAX_LENGTH = 255;

export function blockNameProblem(name: string): string | null {
  if (name === "") return "Required";
  if (name.length > MAX_LENGTH) return `At most ${MAX_LENGTH} characters (this is ${name.length})`;
  if (!NAME.test(name)) return "Only lowercase letters, numbers and dashes";
  return null;
}
