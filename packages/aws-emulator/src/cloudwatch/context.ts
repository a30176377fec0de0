import { ScenarioClock } from '../clock';
import { StatsRecorder } from '../stats';
import { AlarmStore } from './alarmStore';

/** What CloudWatch operations work with. */
export interface CloudWatchContext {
  clock: ScenarioClock;
  alarms: AlarmStore;
  stats: StatsRecorder;
  /** How late minutes are published (the `publishingLagSeconds` knob), in ms. */
  publishingLagMs(): number;
}
