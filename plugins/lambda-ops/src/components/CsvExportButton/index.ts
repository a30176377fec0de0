export { CsvExportButton } from './CsvExportButton';
export { OwnersToolbar } from './OwnersToolbar';
