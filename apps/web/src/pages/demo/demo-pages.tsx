/** The demo's pages, one chunk. */
export { EditRecordPage, NewRecordPage, RecordDetailPage } from "./record-pages";
export { DemoRecordsPage } from "./records-list";
