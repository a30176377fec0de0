import { lazyPart } from '../lazyPart';

export type { AlarmsAsCodeProps } from './AlarmsAsCode';

/** At the bottom of the tab, with the template generator: its code loads apart. */
export const AlarmsAsCode = lazyPart(() =>
  import('./AlarmsAsCode').then(m => m.AlarmsAsCode),
);
