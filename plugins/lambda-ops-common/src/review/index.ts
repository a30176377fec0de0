export * from './calendarMonths';
export * from './pageIncidents';
export * from './sloMonth';
export * from './sloReview';
export * from './sloReviewCsv';
