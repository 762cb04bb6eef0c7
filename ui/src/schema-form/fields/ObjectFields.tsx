import type { PropertyModel, Path } from "../model";
import { getIn } from "../values";
import { Field } from "./Field";

/** The fields of an object's properties, in the schema's order. */
export function ObjectFields({ properties, path, value }: { properties: PropertyModel[]; path: Path; value: unknown }) {
  return (
    <div className="sf-fields">
      {properties.map((property) => (
        <Field
          key={property.name}
          schema={property.schema}
          path={[...path, property.name]}
          value={getIn(value, [property.name])}
          required={property.required}
        />
      ))}
    </div>
  );
}
