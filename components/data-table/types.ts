import type { ReactNode } from "react";

/**
 * The contract of the dashboard's tables (components/data-table/*). Panels describe columns with
 * plain render functions; the table (TanStack Table inside) does the markup, expansion and
 * accessibility. Paging and search are on the server: the table shows one page.
 */
export interface DataColumn<T> {
  id: string;
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** Extra classes for the header and cells of this column (e.g. "text-right w-32"). */
  className?: string;
}

export interface DataTableProps<T> {
  /** The table's caption (read by screen readers; shown visually hidden unless `showCaption`). */
  caption: string;
  showCaption?: boolean;
  columns: DataColumn<T>[];
  rows: readonly T[];
  getRowId: (row: T) => string;
  /** A page is loading: rows stay visible, dimmed, with a polite "Loading…" announcement. */
  loading?: boolean;
  /** Shown in place of the rows when there are none. */
  emptyText: ReactNode;
  /** Accordion rows: when given, each row gets a disclosure button that shows this under it. */
  renderExpanded?: (row: T) => ReactNode;
  /** Which rows get a disclosure button (default: every row, when `renderExpanded` is given). */
  canExpand?: (row: T) => boolean;
  /** The disclosure button's accessible name, e.g. "Show earlier attempts of alice". */
  expandLabel?: (row: T) => string;
  /** Rows to mark as needing attention (e.g. an error status); marked by text/icon, not colour alone. */
  rowTone?: (row: T) => "default" | "attention";
  /** Keep the first column (the row's name) in view while the table scrolls sideways on a phone. */
  stickyFirstColumn?: boolean;
}

export interface PaginationProps {
  /** 1-based. */
  page: number;
  pageCount: number;
  total: number;
  onPageChange: (page: number) => void;
  /**
   * The server counted only so far (a bounded count): `total` and `pageCount` are lower bounds,
   * shown as "2,500+", and Next stays enabled on the last counted page.
   */
  more?: boolean;
  /** The nav landmark's name, e.g. "Attempts pages". */
  label: string;
  disabled?: boolean;
}

export interface SearchBoxProps {
  /** The visible label. */
  label: string;
  placeholder?: string;
  /** Called debounced (300 ms) and on Enter, with the trimmed text. */
  onSearch: (text: string) => void;
  defaultValue?: string;
}
