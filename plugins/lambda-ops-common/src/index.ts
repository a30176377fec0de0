/**
 * Isomorphic parts of Lambda Ops: annotation names and parsing, SLO math and the types
 * of the backend's HTTP contract. No I/O lives here.
 *
 * @packageDocumentation
 */

export * from './annotations/constants';
export * from './applicationSignals/budgetReport';
export * from './annotations/isLambdaOpsAvailable';
export * from './annotations/parseLambdaOpsAnnotations';
export * from './duration';
export * from './fleet';
export * from './lambdaDimensions';
export * from './percent';
export * from './permissions';
export * from './runbook/headings';
export * from './runbook/resolveRunbookLocation';
export * from './slo/batchCompletion';
export * from './slo/burnRates';
export * from './slo/evaluateSlo';
export * from './slo/patternSlos';
export * from './slo/publishedData';
export * from './slo/requestBased';
export * from './slo/sliHistory';
export * from './slo/settledDays';
export * from './slo/sliSeries';
export * from './slo/status';
export * from './types';
export * from './alarms/alarmRules';
export * from './alarms/classifyAlarm';
export * from './alarms/runbookLink';
export * from './alarmsAsCode/generateAlarmTemplate';
export * from './alarmsAsCode/toPutAlarmInputs';
export * from './deploys/changeBefore';
export * from './deploys/mergeChanges';
export * from './policy/budgetPolicy';
export * from './policy/deployGate';
export * from './review';
export * from './slo/sliChecks';
export * from './triage/triage';
export * from './notifications/ownerNotifications';
export * from './exclusions/applicationSignalsExclusions';
export * from './exclusions/exclusionWindows';
export * from './exclusions/exclusionWindowsFile';
export * from './exclusions/parseExclusionWindows';
