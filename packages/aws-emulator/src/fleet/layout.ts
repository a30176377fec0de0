/**
 * The fleet's organisation: its AWS accounts and regions, its teams, and the share of
 * functions of each kind. The README's "Fleet scenario" section documents every figure.
 */

export interface FleetAccount {
  accountId: string;
  /** What the account is called, as an organisation names its accounts. */
  name: string;
  /** Regions with functions, and the share of the account's functions in each. */
  regions: ReadonlyArray<{ region: string; weight: number }>;
}

export const FLEET_ACCOUNTS: readonly FleetAccount[] = [
  {
    accountId: '111111111111',
    name: 'retail-prod',
    regions: [
      { region: 'us-east-1', weight: 70 },
      { region: 'eu-west-1', weight: 30 },
    ],
  },
  {
    accountId: '222222222222',
    name: 'platform-prod',
    regions: [
      { region: 'us-east-1', weight: 50 },
      { region: 'eu-west-1', weight: 30 },
      { region: 'ap-northeast-1', weight: 20 },
    ],
  },
  {
    accountId: '333333333333',
    name: 'logistics-prod',
    regions: [
      { region: 'eu-west-1', weight: 60 },
      { region: 'ap-northeast-1', weight: 40 },
    ],
  },
];

export interface FleetTeam {
  /** The Group entity's name. */
  name: string;
  title: string;
  /** Index into FLEET_ACCOUNTS: every function of the team runs in this account. */
  account: number;
  /** Share of the fleet's functions, in percent. */
  weight: number;
  /** Whether the team has written its runbook; without one every link to it is a 404. */
  hasRunbook: boolean;
  /** The team's on-call engineer (a User entity). */
  member: string;
}

export const FLEET_TEAMS: readonly FleetTeam[] = [
  {
    name: 'storefront',
    title: 'Storefront',
    account: 0,
    weight: 14,
    hasRunbook: true,
    member: 'amara',
  },
  {
    name: 'search',
    title: 'Search',
    account: 0,
    weight: 11,
    hasRunbook: true,
    member: 'bruno',
  },
  {
    name: 'pricing',
    title: 'Pricing',
    account: 0,
    weight: 8,
    hasRunbook: true,
    member: 'chen',
  },
  {
    name: 'reviews',
    title: 'Reviews',
    account: 0,
    weight: 5,
    hasRunbook: false,
    member: 'dana',
  },
  {
    name: 'identity',
    title: 'Identity',
    account: 1,
    weight: 12,
    hasRunbook: true,
    member: 'emil',
  },
  {
    name: 'notifications',
    title: 'Notifications',
    account: 1,
    weight: 10,
    hasRunbook: true,
    member: 'farah',
  },
  {
    name: 'messaging',
    title: 'Messaging',
    account: 1,
    weight: 7,
    hasRunbook: true,
    member: 'goro',
  },
  {
    name: 'loyalty',
    title: 'Loyalty',
    account: 1,
    weight: 4,
    hasRunbook: true,
    member: 'hana',
  },
  {
    name: 'inventory',
    title: 'Inventory',
    account: 2,
    weight: 10,
    hasRunbook: true,
    member: 'ivan',
  },
  {
    name: 'shipping',
    title: 'Shipping',
    account: 2,
    weight: 9,
    hasRunbook: true,
    member: 'jun',
  },
  {
    name: 'fulfilment',
    title: 'Fulfilment',
    account: 2,
    weight: 6,
    hasRunbook: true,
    member: 'kofi',
  },
  {
    name: 'analytics',
    title: 'Analytics',
    account: 2,
    weight: 4,
    hasRunbook: false,
    member: 'lena',
  },
];

/** A user on call for several teams, so that ownership spans groups. */
export const FLEET_SRE = {
  name: 'pat',
  displayName: 'Pat Okafor (SRE)',
  teams: ['storefront', 'identity', 'inventory'],
} as const;

export type FleetPattern = 'api' | 'async' | 'batch';
export const FLEET_PATTERNS: readonly FleetPattern[] = [
  'api',
  'async',
  'batch',
];

/**
 * How a function is doing. `page`: burning its error budget 30× (page level) for the last
 * 70 minutes; `ticket`: burning it 2× (ticket level) for the last 4 days; `no-traffic`: no
 * datapoints at all.
 */
export type FleetHealth = 'healthy' | 'page' | 'ticket' | 'no-traffic';
export const FLEET_HEALTHS: readonly FleetHealth[] = [
  'healthy',
  'page',
  'ticket',
  'no-traffic',
];

/**
 * Shares of the mix. Counts are exact: `round(share × size)`, at least 1 for the rare kinds,
 * each drawn from the functions it suits (see the README).
 */
export const FLEET_MIX = {
  /** Of all functions. */
  async: 0.2,
  batch: 0.1,
  /** Of all functions; page burns are api or async functions, ticket burns api functions. */
  page: 0.01,
  ticket: 0.02,
  noTraffic: 0.03,
  /** Of all functions: one alarm has no runbook link / no severity tag. */
  alarmWithoutRunbook: 0.05,
  unclassifiedAlarm: 0.04,
  /** Of all functions: the entity has no `lambda-ops/runbook` annotation. */
  noRunbookAnnotation: 0.03,
  /** Of api functions. */
  noSloPatternAnnotation: 0.02,
  compositeAlarm: 0.1,
  lambdaInsights: 0.1,
  /** Of all functions. */
  reservedConcurrency: 0.05,
} as const;

/** Minutes since the page-level burn started (with a deploy) and the ticket-level one. */
export const PAGE_BURN_MINUTES = 70;
export const TICKET_BURN_MINUTES = 4 * 24 * 60;

/** The fleet sizes the CLI and the control API accept. */
export const FLEET_SIZE_LIMITS = { min: 50, max: 100_000 } as const;
