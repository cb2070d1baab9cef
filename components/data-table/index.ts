export { DataTable } from "./data-table";
export { Pagination } from "./pagination";
export { SearchBox } from "./search-box";
export type { DataColumn, DataTableProps, PageCursors, PageTarget, PaginationProps, SearchBoxProps } from "./types";
