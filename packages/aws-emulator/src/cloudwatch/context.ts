import { AccountScenario } from '../accounts/accountScenario';
import { ScenarioClock } from '../clock';
import { EmulatorKnobs } from '../knobs';
import { CallLocation, StatsRecorder } from '../stats';

/** What a CloudWatch operation works with: the caller's account and where the call counts. */
export interface CloudWatchContext {
  clock: ScenarioClock;
  stats: StatsRecorder;
  /** How late minutes are published (the `publishingLagSeconds` knob), in ms. */
  publishingLagMs(): number;
  /** The knobs that cut GetMetricData's pages and results. */
  metricDataFaults(): Pick<
    EmulatorKnobs,
    'metricDataStatus' | 'metricDataPageSize'
  >;
  account: AccountScenario;
  location: CallLocation;
}
