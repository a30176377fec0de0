export { SloReviewPageContent } from './SloReviewPage';
