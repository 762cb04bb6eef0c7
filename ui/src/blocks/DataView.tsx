/**
 * A block document's data, labelled by its schema. Secrets are shown as the
 * API sends them: `********` (the page never asks for secrets).
 */
import { fieldModel, schemaContext, type SchemaContext } from "../schema-form/model";
import { isObject, type JsonSchema } from "../schema-form/schema";

function Value({ value, schema, path, context }: { value: unknown; schema: JsonSchema | null; path: string[]; context: SchemaContext }) {
  if (value === null || value === undefined) return <span className="muted">—</span>;
  if (typeof value === "string") return <span className="block-value">{value}</span>;
  if (typeof value === "number" || typeof value === "boolean") return <span className="block-value">{String(value)}</span>;
  if (isObject(value) && Object.keys(value).length > 0) {
    const model = schema !== null ? fieldModel(schema, path, context) : null;
    return <Fields data={value} schema={model?.kind === "object" || model?.kind === "block" ? model.schema : null} path={path} context={context} />;
  }
  return <pre className="block-json">{JSON.stringify(value, null, 2)}</pre>;
}

function Fields({ data, schema, path, context }: { data: Record<string, unknown>; schema: JsonSchema | null; path: string[]; context: SchemaContext }) {
  const properties = schema !== null && isObject(schema.properties) ? schema.properties : {};
  const names = [...Object.keys(properties).filter((name) => name in data), ...Object.keys(data).filter((name) => !(name in properties))];
  return (
    <dl className="block-data">
      {names.map((name) => {
        const property = properties[name] ?? null;
        const label = property !== null ? fieldModel(property, [...path, name], context).label : name;
        return (
          <div key={name} className="block-data-row" data-field={name}>
            <dt>{label}</dt>
            <dd>
              <Value value={data[name]} schema={property} path={[...path, name]} context={context} />
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

export function DataView({ data, schema }: { data: unknown; schema: JsonSchema }) {
  const context = schemaContext(schema);
  if (!isObject(data) || Object.keys(data).length === 0) return <p className="muted">No fields.</p>;
  return <Fields data={data} schema={schema} path={[]} context={context} />;
}
