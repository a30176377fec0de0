export * from './calendarMonths';
export * from './sloMonth';
export * from './sloReview';
export * from './sloReviewCsv';
