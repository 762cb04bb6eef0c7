/** A mutation's failure as one sentence: the transport's error, or the payload's errors with their field paths. */

export interface PayloadProblem {
  code: string;
  message: string;
  field: readonly string[];
}

export function payloadError(
  transport: string | undefined,
  errors: readonly PayloadProblem[] | undefined,
): string | null {
  if (transport !== undefined) return transport;
  if (errors === undefined || errors.length === 0) return null;
  return errors
    .map(
      (error) =>
        `${error.field.length > 0 ? `${error.field.join(".")}: ` : ""}${error.message} (${error.code})`,
    )
    .join("; ");
}
