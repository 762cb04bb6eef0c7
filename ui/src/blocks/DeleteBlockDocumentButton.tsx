import { useMutation } from "urql";

import { ConfirmDeleteButton } from "../lib/ConfirmDeleteButton";
import { DeleteBlockDocumentMutation } from "./operations";

/** Deletes a block document once confirmed; the API's refusal is shown next to it. */
export function DeleteBlockDocumentButton({ id, name, onDeleted }: { id: string; name: string; onDeleted: () => void }) {
  const [, remove] = useMutation(DeleteBlockDocumentMutation);
  async function run(): Promise<string | null> {
    const result = await remove({ input: { id } });
    return result.error?.message ?? result.data?.deleteBlockDocument.errors[0]?.message ?? null;
  }
  return <ConfirmDeleteButton name={name} remove={run} onDeleted={onDeleted} />;
}
