/** Change events Application Signals reports for the scenario functions (ListEntityEvents). */
export interface ScenarioChangeEvent {
  eventId: string;
  functionName: string;
  /** The event happened this many minutes before the scenario origin. */
  minutesAgo: number;
  changeEventType: 'DEPLOYMENT' | 'CONFIGURATION';
  userName: string;
  eventName: string;
}

export const SCENARIO_CHANGE_EVENTS: readonly ScenarioChangeEvent[] = [
  {
    // The deploy that started checkout-api's error burst (minute m = 40 onwards).
    eventId: 'checkout-api-deploy-v42',
    functionName: 'checkout-api',
    minutesAgo: 40,
    changeEventType: 'DEPLOYMENT',
    userName: 'ci-deployer',
    eventName: 'Deploy v42 (git abc1234)',
  },
  {
    eventId: 'checkout-api-config-memory',
    functionName: 'checkout-api',
    minutesAgo: 3 * 24 * 60,
    changeEventType: 'CONFIGURATION',
    userName: 'alice',
    eventName: 'Memory 1024 MB -> 512 MB',
  },
];
