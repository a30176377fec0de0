export { AlarmsAsCode, alarmsFileName } from './AlarmsAsCode';
export type { AlarmsAsCodeProps } from './AlarmsAsCode';
