import type { ReactNode } from 'react'

/** A column of a plan table: its header, a short header for a narrow panel (the full one stays for screen readers). */
export interface Column {
  label: string
  short?: string
  numeric?: boolean
}

/*
 * The plan's tables. Each element carries its ARIA role explicitly: on a phone the CSS lays every row out as a small
 * card (label: value), and some browsers drop a table's semantics once its display changes — the roles keep it a
 * table to screen readers. Each cell names its column (`data-label`) for that layout.
 */

/** A table with a caption and column headers; `children` are its body rows, `foot` its total row. */
export function PlanTable({ className, caption, columns, children, foot }: { className: string; caption: ReactNode; columns: readonly Column[]; children: ReactNode; foot?: ReactNode }) {
  return (
    <div className="plan-table-wrap">
      <table className={`plan-table ${className}`} role="table">
        <caption>{caption}</caption>
        <thead role="rowgroup">
          <tr role="row">
            {columns.map((column) => (
              <th key={column.label} scope="col" role="columnheader" className={column.numeric ? 'plan-num' : undefined}>
                {column.short ? (
                  <>
                    <span aria-hidden="true" title={column.label}>
                      {column.short}
                    </span>
                    <span className="visually-hidden">{column.label}</span>
                  </>
                ) : (
                  column.label
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role="rowgroup">{children}</tbody>
        {foot && <tfoot role="rowgroup">{foot}</tfoot>}
      </table>
    </div>
  )
}

export function Row({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <tr role="row" className={className}>
      {children}
    </tr>
  )
}

/** The row's first cell: the entry's name, which is also its button to the board. */
export function RowHeader({ children, colSpan }: { children: ReactNode; colSpan?: number }) {
  return (
    <th scope="row" role="rowheader" colSpan={colSpan}>
      {children}
    </th>
  )
}

export function Cell({ column, children, className }: { column: Column; children?: ReactNode; className?: string }) {
  const classes = [column.numeric ? 'plan-num' : '', className ?? ''].filter(Boolean).join(' ')
  return (
    <td role="cell" data-label={column.label} className={classes || undefined}>
      <span className="plan-cell">{children}</span>
    </td>
  )
}
