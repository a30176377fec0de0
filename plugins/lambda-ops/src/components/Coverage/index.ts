export { CoveragePageContent, EntityCoverageCard } from './CoveragePage';
