import { Observable, type OperatorFunction } from 'rxjs';
import type { CompiledRule, RuleMatcher } from '../alerting/rule-matcher';
import type { Detector } from '../core/contracts';
import type { Point } from '../core/point';
import { isCounterKind, type Sample } from '../core/sample';
import type { DetectorResult, Score } from '../core/score';
import { Float64Slabs } from '../detectors/float64-slabs';
import { createDetector } from '../detectors/registry';
import { BatchedCounter } from '../observability/batched-counter';
import type { HistogramChild } from '../observability/fast-histogram';
import type { Metrics } from '../observability/metrics';
import { type SampleSeries, SeriesCache } from './series-cache';
import { type SeriesState, SeriesTable } from './series-table';

export interface DetectOptions {
  /** Series with detector state at most; points of further series are counted and not scored. */
  maxSeries: number;
  /** Detector state of a series idle for this long (data time) is dropped; 0 keeps it forever. */
  idleExpiryMs: number;
}

export interface DetectDeps {
  metrics: Metrics;
}

/**
 * Scores every numeric field of every sample with the detector of the rule
 * that owns its series. Counter fields are skipped: they are scored through
 * their `<field>_rate` gauges. All per-series state lives in this operator,
 * per subscription, in bounded tables (see SeriesTable).
 *
 * The rule decision is made once per series, on its first point, and kept
 * while the series is active: a rule restricted by `match.collectors` sees
 * the collector of that first point (series keys do not include the source).
 */
export function detect(
  rules: RuleMatcher,
  options: DetectOptions,
  deps: DetectDeps,
): OperatorFunction<Sample, Score> {
  return (source) =>
    new Observable<Score>((subscriber) => {
      const scorer = new SeriesScorer(rules, options, deps, (score) => subscriber.next(score));
      const subscription = source.subscribe({
        next: (sample) => scorer.process(sample),
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
      return () => {
        subscription.unsubscribe();
        scorer.flushMetrics();
      };
    });
}

/**
 * Fields per measurement + tags object whose state the cache finds directly.
 * A gNMI container easily has more than SeriesCache's default 64 leaves, and
 * every field beyond the bound would build and hash its series key on every
 * point. The state itself stays bounded by maxSeries.
 */
const CACHED_FIELDS_PER_TAGS = 1024;

/** Data time between two checks of the series whose detector watches for silence (see Detector.silence). */
const SILENCE_SWEEP_MS = 1_000;

/** What every series of one rule shares, resolved once per rule. */
interface RuleState {
  readonly name: string;
  readonly detectorType: string;
  readonly threshold: number;
  readonly anomalyLabels: { readonly rule: string };
  readonly scores: HistogramChild;
}

/** A series that a rule owns. Series no rule selects are remembered as a bare SeriesState. */
interface ScoredSeries extends SeriesState {
  readonly key: string;
  readonly rule: RuleState;
  readonly detector: Detector;
  /** The newest point, kept only for detectors that watch for silence: silence scores are reported on it. */
  newest?: Point;
}

type KnownSeries = ScoredSeries | SeriesState;

class SeriesScorer {
  private readonly scored: SeriesTable<ScoredSeries>;
  private readonly unmatched: SeriesTable<SeriesState>;
  private readonly cache = new SeriesCache<KnownSeries>();
  private readonly slabs = new Float64Slabs();
  private readonly ruleStates = new Map<CompiledRule, RuleState>();
  private readonly processed: BatchedCounter<'stage'>;
  /** Series whose detector scores silence; they leave the set when they expire. */
  private readonly watched = new Set<ScoredSeries>();
  private dataTime = Number.NEGATIVE_INFINITY;
  private lastSilenceSweep = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly rules: RuleMatcher,
    options: DetectOptions,
    private readonly deps: DetectDeps,
    private readonly emit: (score: Score) => void,
  ) {
    this.scored = new SeriesTable<ScoredSeries>(options.maxSeries, options.idleExpiryMs, (series) => {
      series.detector.release?.();
      this.watched.delete(series);
    });
    this.unmatched = new SeriesTable(options.maxSeries, options.idleExpiryMs);
    this.processed = new BatchedCounter(deps.metrics.samplesProcessed, { stage: 'detect' });
  }

  process(sample: Sample): void {
    const { fields, kinds, time } = sample;
    this.expireIdle(time);
    this.sweepSilent(time);
    let known: SampleSeries<KnownSeries> | undefined;
    let position = -1;
    for (const field in fields) {
      position++;
      const raw = fields[field];
      if (typeof raw !== 'number' && typeof raw !== 'bigint') continue;
      if (kinds !== undefined && isCounterKind(kinds[field])) continue;
      known ??= this.cache.of(sample.measurement, sample.tags);
      let series = known.get(field, position);
      if (series === undefined || series.evicted) {
        series = this.lookup(known.key(field), sample, field);
        if (series === undefined) continue;
        known.set(field, series, CACHED_FIELDS_PER_TAGS, position);
      }
      if (time > series.lastSeen) series.lastSeen = time;
      if (!('detector' in series)) continue;
      const value = typeof raw === 'number' ? raw : Number(raw);
      this.score(series, { key: series.key, field, value, time, sample });
    }
    this.processed.inc();
  }

  flushMetrics(): void {
    this.processed.flush();
  }

  /** The state of a series not found in the cache; undefined when it cannot have any. */
  private lookup(key: string, sample: Sample, field: string): KnownSeries | undefined {
    const known = this.scored.get(key) ?? this.unmatched.get(key);
    if (known !== undefined) return known;
    const rule = this.rules(sample, field);
    if (rule === undefined) {
      const unmatched: SeriesState = { lastSeen: sample.time, evicted: false };
      // When this table is full, further unmatched series are matched again on every point.
      return this.unmatched.add(key, unmatched) ? unmatched : undefined;
    }
    if (this.scored.full) {
      this.deps.metrics.seriesLimitHits.inc();
      return undefined;
    }
    const series: ScoredSeries = {
      lastSeen: sample.time,
      evicted: false,
      key,
      rule: this.ruleState(rule),
      detector: createDetector(rule.config.detector, this.slabs),
    };
    this.scored.add(key, series);
    if (series.detector.silence !== undefined) this.watched.add(series);
    this.deps.metrics.seriesActive.set(this.scored.size);
    return series;
  }

  private score(series: ScoredSeries, point: Point): void {
    if (series.detector.silence !== undefined) series.newest = point;
    this.report(series, point, series.detector.update(point));
  }

  /**
   * A series that stops reporting cannot say so itself: every
   * SILENCE_SWEEP_MS of data time (advanced by the other series), the
   * detectors that watch for silence are asked about theirs, and a score is
   * reported for each overdue series at that data time, with the value NaN
   * (left out by the sinks).
   */
  private sweepSilent(time: number): void {
    if (!(time > this.dataTime)) return;
    this.dataTime = time;
    if (this.watched.size === 0 || time - this.lastSilenceSweep < SILENCE_SWEEP_MS) return;
    this.lastSilenceSweep = time;
    for (const series of this.watched) {
      const newest = series.newest;
      if (newest === undefined || series.lastSeen >= time) continue;
      const result = series.detector.silence!(time);
      if (result !== undefined) this.report(series, { ...newest, value: Number.NaN, time }, result);
    }
  }

  private report(series: ScoredSeries, point: Point, result: DetectorResult): void {
    const { rule } = series;
    // One object shape for every score, whether or not the detector gave a band.
    this.emit({
      point,
      rule: rule.name,
      detector: rule.detectorType,
      score: result.score,
      expected: result.expected,
      lower: result.lower,
      upper: result.upper,
    });
    rule.scores.observe(result.score);
    if (result.score >= rule.threshold) this.deps.metrics.anomalies.inc(rule.anomalyLabels);
  }

  private ruleState(rule: CompiledRule): RuleState {
    let state = this.ruleStates.get(rule);
    if (state === undefined) {
      const labels = { rule: rule.name };
      state = {
        name: rule.name,
        detectorType: rule.config.detector.type,
        threshold: rule.config.threshold,
        anomalyLabels: labels,
        scores: this.deps.metrics.scores.labels(labels),
      };
      this.ruleStates.set(rule, state);
    }
    return state;
  }

  private expireIdle(time: number): void {
    this.unmatched.advance(time);
    const evicted = this.scored.advance(time);
    if (evicted > 0) {
      this.deps.metrics.seriesEvicted.inc(evicted);
      this.deps.metrics.seriesActive.set(this.scored.size);
    }
  }
}
