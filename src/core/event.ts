import type { Tags } from './sample';

/**
 * Something that happened to a series or an alert, kept for dashboards
 * (annotations) and audits: an anomaly starting or ending now; alert and
 * remediation events later. Written as measurement `noctua_event`.
 */
export interface NoctuaEvent {
  /** What kind of thing happened: `anomaly` (alert, remediation later). */
  readonly type: string;
  /** Where it is in its life: `start` or `end` for anomalies. */
  readonly state: string;
  /** Epoch milliseconds (data time). */
  readonly time: number;
  /** Who it concerns: the series' tags plus measurement, field and rule. */
  readonly tags: Tags;
  /** One line for people, shown as the annotation text. */
  readonly text: string;
  readonly score?: number;
  readonly value?: number;
}
