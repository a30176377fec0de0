export { OnCallPageContent } from './OnCallPage';
export { EntityOnCallCard, HomePageOnCallContent } from './EntityOnCallCard';
