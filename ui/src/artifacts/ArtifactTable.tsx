import { cellText, normaliseTable, numericColumns } from "./table";

const MAX_ROWS = 1_000; // a bigger table is rarely read row by row, and would slow the page

export function ArtifactTable({ data }: { data: unknown }) {
  const result = normaliseTable(data);
  if (!result.ok) return <p className="banner error">This table cannot be shown: {result.problem}.</p>;
  const { columns, rows } = result.table;
  if (rows.length === 0) return <p className="muted">The table has no rows.</p>;
  const numeric = numericColumns(result.table);
  const shown = rows.length > MAX_ROWS ? rows.slice(0, MAX_ROWS) : rows;
  return (
    <>
      <div className="table-scroll">
        <table className="runs artifact-table">
          <thead>
            <tr>
              {columns.map((column, index) => (
                <th key={column} scope="col" className={numeric[index] ? "numeric" : undefined}>
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row, index) => (
              <tr key={index}>
                {row.map((cell, column) => (
                  <td key={column} className={numeric[column] ? "numeric" : undefined}>
                    {cell === null ? <span className="muted">null</span> : cellText(cell)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown.length < rows.length && (
        <p className="muted">
          Showing the first {shown.length.toLocaleString("en")} of {rows.length.toLocaleString("en")} rows.
        </p>
      )}
    </>
  );
}
