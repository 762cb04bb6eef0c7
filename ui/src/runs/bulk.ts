/**
 * Bulk cancel and delete: one mutation per run, sent as aliased fields of one
 * document, at most 30 per request. The documents are built at run time (the
 * number of aliases varies), so codegen cannot type them: `bulk.test.ts`
 * validates them against schema.graphql instead.
 */
import type { Client } from "urql";

import type { StateType } from "../gql/graphql";

export const BATCH_SIZE = 30;

export interface BulkRun {
  id: string;
  name: string;
  stateType?: StateType | null;
}

export interface BulkOutcome {
  id: string;
  name: string;
  ok: boolean;
  /** Why it was refused, as the API said. */
  message: string | null;
}

/** What cancelling proposes (Prefect's rule): a running run must stop first. */
export function cancelTarget(type: StateType | null | undefined): StateType | null {
  switch (type) {
    case "RUNNING":
      return "CANCELLING";
    case "SCHEDULED":
    case "PENDING":
    case "PAUSED":
      return "CANCELLED";
    default:
      return null; // final already, or cancelling
  }
}

export function chunks<T>(items: readonly T[], size: number = BATCH_SIZE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const ERRORS = "errors { code message field }";

export function deleteDocument(count: number): string {
  const fields = Array.from(
    { length: count },
    (_, i) => `r${i}: deleteFlowRun(input: { id: $id${i} }) { deletedId ${ERRORS} }`,
  );
  const params = Array.from({ length: count }, (_, i) => `$id${i}: UUID!`);
  return `mutation DeleteFlowRuns(${params.join(", ")}) {\n  ${fields.join("\n  ")}\n}`;
}

export function cancelDocument(count: number): string {
  const fields = Array.from(
    { length: count },
    (_, i) =>
      `r${i}: setFlowRunState(input: { flowRunId: $id${i}, state: { type: $type${i} } }) ` +
      `{ status reason ${ERRORS} }`,
  );
  const params = Array.from({ length: count }, (_, i) => `$id${i}: UUID!, $type${i}: StateType!`);
  return `mutation CancelFlowRuns(${params.join(", ")}) {\n  ${fields.join("\n  ")}\n}`;
}

interface UserError {
  code: string;
  message: string;
  field: string[];
}
interface DeleteResult {
  deletedId: string | null;
  errors: UserError[];
}
interface CancelResult {
  status: string | null;
  reason: string | null;
  errors: UserError[];
}

function errorText(errors: UserError[]): string {
  return errors.map((e) => `${e.message} (${e.code}${e.field.length ? ` at ${e.field.join(".")}` : ""})`).join("; ");
}

export function deleteOutcome(run: BulkRun, result: DeleteResult | undefined): BulkOutcome {
  if (result === undefined) return { id: run.id, name: run.name, ok: false, message: "no answer" };
  if (result.errors.length > 0) return { id: run.id, name: run.name, ok: false, message: errorText(result.errors) };
  return { id: run.id, name: run.name, ok: true, message: null };
}

export function cancelOutcome(run: BulkRun, result: CancelResult | undefined): BulkOutcome {
  if (result === undefined) return { id: run.id, name: run.name, ok: false, message: "no answer" };
  if (result.errors.length > 0) return { id: run.id, name: run.name, ok: false, message: errorText(result.errors) };
  if (result.status !== "ACCEPT") {
    const why = result.reason ?? "refused by the orchestration rules";
    return { id: run.id, name: run.name, ok: false, message: `${result.status ?? "no status"}: ${why}` };
  }
  return { id: run.id, name: run.name, ok: true, message: null };
}

async function runBatches<R>(
  client: Client,
  runs: readonly BulkRun[],
  document: (count: number) => string,
  variables: (batch: BulkRun[]) => Record<string, string>,
  outcome: (run: BulkRun, result: R | undefined) => BulkOutcome,
): Promise<BulkOutcome[]> {
  const outcomes: BulkOutcome[] = [];
  for (const batch of chunks(runs)) {
    const result = await client.mutation<Record<string, R>>(document(batch.length), variables(batch)).toPromise();
    if (result.error) {
      for (const run of batch) outcomes.push({ id: run.id, name: run.name, ok: false, message: result.error.message });
      continue;
    }
    batch.forEach((run, i) => outcomes.push(outcome(run, result.data?.[`r${i}`])));
  }
  return outcomes;
}

export function deleteRuns(client: Client, runs: readonly BulkRun[]): Promise<BulkOutcome[]> {
  return runBatches<DeleteResult>(
    client,
    runs,
    deleteDocument,
    (batch) => Object.fromEntries(batch.map((run, i) => [`id${i}`, run.id])),
    deleteOutcome,
  );
}

/** Runs that cannot be cancelled (final already) are reported without a request. */
export async function cancelRuns(client: Client, runs: readonly BulkRun[]): Promise<BulkOutcome[]> {
  const skipped: BulkOutcome[] = [];
  const targets: (BulkRun & { target: StateType })[] = [];
  for (const run of runs) {
    const target = cancelTarget(run.stateType);
    if (target === null) {
      skipped.push({ id: run.id, name: run.name, ok: false, message: `already ${run.stateType?.toLowerCase() ?? "final"}` });
    } else {
      targets.push({ ...run, target });
    }
  }
  const sent = await runBatches<CancelResult>(
    client,
    targets,
    cancelDocument,
    (batch) =>
      Object.fromEntries(
        batch.flatMap((run, i) => [
          [`id${i}`, run.id],
          [`type${i}`, cancelTarget(run.stateType) ?? "CANCELLED"],
        ]),
      ),
    cancelOutcome,
  );
  return [...sent, ...skipped];
}
