import { useEffect, useMemo } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";

import { useFormContext } from "../context";
import { BlockDocumentOptionsQuery } from "../operations";
import { blockReference, referencedBlockId, stableJson } from "../values";
import type { InputProps } from "./types";

/**
 * A field holding a block: a select of the saved documents of its block type,
 * sent as `{"$ref": {"block_document_id": id}}`. A document read from the API
 * shows nested blocks in place (data, not an id), so when editing, the
 * document whose data matches is preselected.
 */
export function BlockInput({ model, path, value, required, ids, empty }: InputProps<"block">) {
  const form = useFormContext();
  const [result, reexecute] = useQuery({
    query: BlockDocumentOptionsQuery,
    variables: { slug: model.blockTypeSlug },
    requestPolicy: "cache-and-network",
  });
  const documents = useMemo(() => result.data?.blockDocuments.edges.map((edge) => edge.node) ?? [], [result.data]);
  const selected = referencedBlockId(value);
  const inPlace = selected === null && value !== null && value !== undefined;
  const matches = useMemo(
    () => (inPlace ? documents.filter((document) => stableJson(document.data) === stableJson(value)) : []),
    [documents, inPlace, value],
  );
  const { onChange } = form;
  const match = matches.length === 1 ? matches[0] : undefined;
  useEffect(() => {
    if (match !== undefined) onChange(path, blockReference(match.id));
  }, [match, onChange, path]);

  const shown = documents.filter((document) => !document.isAnonymous || document.id === selected);
  return (
    <>
      <select
        id={ids.id}
        required={required}
        disabled={form.disabled || (result.fetching && documents.length === 0)}
        {...ids.aria}
        value={selected ?? ""}
        onChange={(event) => onChange(path, event.target.value === "" ? empty : blockReference(event.target.value))}
      >
        <option value="">
          {result.fetching && documents.length === 0 ? "Loading…" : required ? "Choose a document…" : "— none —"}
        </option>
        {shown.map((document) => (
          <option key={document.id} value={document.id}>
            {document.isAnonymous ? "(unnamed, current)" : document.name}
          </option>
        ))}
      </select>
      {result.error !== undefined && (
        <p className="sf-hint" role="alert">
          Could not load {model.blockTypeSlug} documents: {result.error.message}{" "}
          <button type="button" onClick={() => reexecute({ requestPolicy: "network-only" })}>
            Retry
          </button>
        </p>
      )}
      {result.data !== undefined && shown.length === 0 && (
        <p className="sf-hint">
          No <code>{model.blockTypeSlug}</code> documents yet:{" "}
          <Link to={`/blocks/types/${encodeURIComponent(model.blockTypeSlug)}/new`}>create one</Link>.
        </p>
      )}
      {inPlace && match === undefined && result.data !== undefined && (
        <p className="sf-hint">Choose the document this field refers to.</p>
      )}
    </>
  );
}
