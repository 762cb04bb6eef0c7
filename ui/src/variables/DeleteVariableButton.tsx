import { useMutation } from "urql";

import { ConfirmDeleteButton } from "../lib/ConfirmDeleteButton";
import { DeleteVariableMutation } from "./operations";

/** Deletes a variable once confirmed; the API's refusal is shown next to it. */
export function DeleteVariableButton({ name, onDeleted }: { name: string; onDeleted: () => void }) {
  const [, remove] = useMutation(DeleteVariableMutation);
  async function run(): Promise<string | null> {
    const result = await remove({ input: { name } });
    return result.error?.message ?? result.data?.deleteVariable.errors[0]?.message ?? null;
  }
  return <ConfirmDeleteButton name={name} remove={run} onDeleted={onDeleted} />;
}
