import type { ReactNode } from "react";

/** A table's column headings in the console's style, each a `th scope="col"` for screen readers. */
export function TableHead({ columns }: { columns: ReactNode[] }) {
  return (
    <thead>
      <tr className="border-b border-border text-left text-xs text-muted-foreground">
        {columns.map((column, index) => (
          // Columns are fixed per table: their position is their identity.
          <th key={index} scope="col" className="px-3 py-2 font-medium">
            {column}
          </th>
        ))}
      </tr>
    </thead>
  );
}
