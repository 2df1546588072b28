import type { Detector } from '../../core/contracts';
import type { Point } from '../../core/point';
import type { DetectorResult } from '../../core/score';
import { ALERT_SCORE, tailScore } from '../calibration';
import { nextVariance } from '../common';
import { allocateBlock, type Float64Slabs } from '../float64-slabs';
import { normalTail } from '../tail';
import type { AutoConfig } from './config';

const UNSCORED: DetectorResult = Object.freeze({ score: 0 });
const DAY_MS = 86_400_000;
const BIN_MS = 1_800_000;
const BINS = DAY_MS / BIN_MS;
/** The floor of the long-history spread of averaged surprise, so a quiet series is not alarmed by noise. */
const MIN_SPREAD = 0.01;
/**
 * Points before a value beyond the range seen so far counts as maximally
 * surprising: the extremes of a few dozen points are not yet the series'
 * range, and early range novelty inflated the history that later points are
 * judged against (a clear spike at point 45 then went unnoticed).
 */
const RANGE_POINTS = 100;
/**
 * How many times longer than `long_horizon` the slow memory of averaged
 * surprise is: a burst must be news against both, so bursts that recur after
 * quiet stretches longer than the long horizon are still remembered.
 */
const SLOW_HORIZONS = 10;
/** Repeats in a row before a stuck value can score: two equal readings are common even on busy series. */
const MIN_STUCK_RUN = 3;
/** Only the part of a run beyond this many times the longest ordinary run counts as stuck. */
const STUCK_RUN_FACTOR = 2;
/** Half-width of the reported band, in noise scales. */
const BAND_SCALES = 3;
/**
 * Where the time-of-day envelope is wider than the distance that saturates
 * the raw surprise (`saturation` noise scales), the series has already made
 * excursions of different heights at this time of day (bursts), and that
 * distance grows by this many times the excess width: on a bursty series,
 * whose noise scale is tiny against its bursts, overshooting the highest
 * burst seen at this time of day a little is not news. A narrower envelope
 * (plain noise, a smooth daily shape) changes nothing.
 */
const ENVELOPE_WIDTHS = 4;
/**
 * Points in the fast mean of a sustained shift (see shiftScore): long enough
 * that one spike moves it little, short enough for a shift of a few hours at
 * 5-minute samples.
 */
const SHIFT_SPAN = 40;
/** Excursion states remembered per series; a new one replaces the one visited longest ago. */
const STATE_COUNT = 5;

/* Layout of the detector's block of doubles (see Float64Slabs). */
const LAST_TIME = 0;
const FIRST_TIME = 1;
/** Exponentially weighted level. */
const LEVEL = 2;
/** Exponentially weighted mean absolute deviation from the level. */
const SCALE = 3;
const MIN = 4;
const MAX = 5;
/** Σ of the raw surprises in the short ring. */
const RING_SUM = 6;
/** Exponentially weighted mean and variance of the short average, over about long_horizon points. */
const LONG_MEAN = 7;
const LONG_VARIANCE = 8;
/** The fading memory of the last peak score. */
const PEAK = 9;
/** The newest value, and the exponentially weighted share of points that repeated the one before. */
const LAST_VALUE = 10;
const REPEAT_RATE = 11;
/** The same as LONG_MEAN and LONG_VARIANCE, over SLOW_HORIZONS times as many points. */
const SLOW_MEAN = 12;
const SLOW_VARIANCE = 13;
/** Per half-hour of the day: the envelope of earlier days (highest and lowest values), then today's extremes. */
const HIGH = 14;
const LOW = HIGH + BINS;
const TODAY_HIGH = LOW + BINS;
const TODAY_LOW = TODAY_HIGH + BINS;
/**
 * Excursion states, STATE_SIZE doubles each: the value, the time it was first
 * reached, the time of the latest visit, and the shortest time between two visits.
 */
const STATES = TODAY_LOW + BINS;
const STATE_VALUE = 0;
const STATE_FIRST = 1;
const STATE_LAST = 2;
const STATE_SHORTEST_GAP = 3;
const STATE_SIZE = 4;
const STATES_END = STATES + STATE_COUNT * STATE_SIZE;
/**
 * A fast (SHIFT_SPAN points) and a slow (`long_horizon` points) exponentially
 * weighted mean of the value, and the largest distance between them so far,
 * in noise scales.
 */
const SHIFT_FAST = STATES_END;
const SHIFT_SLOW = SHIFT_FAST + 1;
const SHIFT_RECORD = SHIFT_FAST + 2;
const RING = SHIFT_FAST + 3;

/**
 * The default detector: no per-series tuning, scores calibrated as tail
 * probabilities so that one threshold means the same on every series.
 *
 * 1. Raw surprise of a point, in [0, 1]: its distance from the exponentially
 *    weighted level, in noise scales (mean absolute deviation), divided by
 *    `saturation`. Once a day of data has been seen, only the part of that
 *    distance that lies outside the time-of-day envelope (the extremes seen
 *    in this half hour and its neighbours on earlier days; a day joins the
 *    envelope when it is over) counts, so a daily peak is not news and an
 *    anomaly cannot hide itself; where the envelope is wider than the
 *    distance that saturates, that part is measured against its width (see
 *    ENVELOPE_WIDTHS). From RANGE_POINTS points on, a value beyond the whole
 *    range seen so far (by `range_margin` of it) is maximally surprising. A
 *    familiar excursion state caps the distance (see visitState): a return
 *    to a height the series keeps going back to is less news than a new one.
 * 2. Likelihood: the average raw surprise of the last `short_window` points
 *    is compared with its own long history (exponentially weighted mean and
 *    variance over about `long_horizon` points): p = P(Z > z) of a normal.
 *    The score is 0.9 × log(p) / log(alert_tail), capped at 1: p = alert_tail
 *    scores exactly 0.9, the default threshold, on any series.
 * 3. Records: a value beyond the whole range also scores as the chance of
 *    so large a new record among as many points (see recordScore). Stuck
 *    values: a run of identical values much longer than the series has shown
 *    before scores as the tail probability of so many repeats at its own
 *    repeat rate (see stuckScore). Shifts: a distance between a fast and a
 *    slow mean of the value beyond the largest so far scores like a record
 *    (see shiftScore). The largest of these and step 2 is the score.
 * 4. Repeats: a score that does not exceed the fading memory of the last peak
 *    (multiplied by `repeat_decay` per point) is reported as 0, so a
 *    sustained anomaly is announced when it starts or grows, not on every
 *    point. After a reported score of at least ALERT_SCORE, the next
 *    `short_window` - 1 points (whose averages still contain the alerting
 *    point) are reported as 0: the same evidence is announced once.
 *
 * Rules: the first `min_points` points score 0; NaN or ±Infinity scores 0
 * and leaves the state as it was; a point older than the newest one scores 0
 * and is not learned (equal times are accepted). The band is the level ∓ 3
 * noise scales; `expected` is the level.
 */
export class AutoDetector implements Detector {
  private readonly chunk: Float64Array;
  private readonly base: number;
  /** Points learned so far. */
  private seen = 0;
  /** Short averages learned into the histories (plain averaging until long_horizon; see forgetLevelHistory). */
  private learned = 0;
  /** Ring position the next raw surprise goes to. */
  private next = 0;
  /** The UTC day (days since the epoch) whose extremes are being collected. */
  private day = Number.NaN;
  /** Points left in the refractory period after an alert, during which every score is reported as 0. */
  private quiet = 0;
  /** How many points in a row have repeated the value before them. */
  private repeats = 0;
  /** The longest run of repeats seen before the current one, among the runs that did not alert. */
  private longestRun = 0;
  /** Whether the current run of repeats has scored as stuck: such a run does not become the norm. */
  private runAlerted = false;
  /** Whether a point has been judged against the time-of-day envelope yet (see rawSurprise). */
  private enveloped = false;

  constructor(
    private readonly config: AutoConfig,
    private readonly slabs?: Float64Slabs,
  ) {
    const length = RING + config.short_window;
    const block = allocateBlock(length, slabs);
    this.chunk = block.chunk;
    this.base = block.base;
    this.chunk[this.base + LAST_TIME] = Number.NEGATIVE_INFINITY;
    this.chunk.fill(Number.NaN, this.base + HIGH, this.base + STATES);
    for (let state = this.base + STATES; state < this.base + STATES_END; state += STATE_SIZE) {
      this.chunk[state + STATE_VALUE] = Number.NaN;
      this.chunk[state + STATE_LAST] = Number.NEGATIVE_INFINITY;
    }
  }

  update(point: Point): DetectorResult {
    const { value, time } = point;
    const { chunk, base, config } = this;
    if (!Number.isFinite(value) || time < chunk[base + LAST_TIME]!) return UNSCORED;
    chunk[base + LAST_TIME] = time;
    if (this.seen === 0) {
      this.start(value, time);
      return UNSCORED;
    }
    const level = chunk[base + LEVEL]!;
    // A tiny relative floor keeps a flat series finite: any change of it is then maximally surprising.
    const scale = chunk[base + SCALE]! + 1e-12 * Math.max(1, Math.abs(level));
    const record = this.recordExcess(value);
    const raw = this.rawSurprise(value, time, level, scale, record);
    const stuck = this.stuckScore(value);
    // Before learning: this point is the (seen + 1)-th, judged against the range of the points before it.
    const recordScore = record > 0 ? this.recordScore(record) : 0;
    const shiftScore = this.shiftScore(value, time, scale);
    this.learn(value, time, level);
    const average = this.pushRaw(raw);
    let score = 0;
    if (this.seen > config.min_points && this.learned > 0) {
      score = Math.max(this.likelihoodScore(average), stuck, recordScore, shiftScore);
    }
    if (this.seen > config.min_points / 2) this.learnAverage(average);
    return {
      score: this.reportable(score),
      expected: level,
      lower: level - BAND_SCALES * scale,
      upper: level + BAND_SCALES * scale,
    };
  }

  release(): void {
    this.slabs?.release(RING + this.config.short_window, { chunk: this.chunk, base: this.base });
  }

  private start(value: number, time: number): void {
    const { chunk, base } = this;
    chunk[base + FIRST_TIME] = time;
    chunk[base + LEVEL] = value;
    chunk[base + MIN] = value;
    chunk[base + MAX] = value;
    chunk[base + LAST_VALUE] = value;
    chunk[base + SHIFT_FAST] = value;
    chunk[base + SHIFT_SLOW] = value;
    this.widenEnvelope(binOf(time), value, time);
    this.seen = 1;
  }

  /**
   * How far beyond the range seen so far the value lies, as a fraction of
   * that range: 0 unless it is a new record by more than `range_margin`, and
   * always 0 before RANGE_POINTS points.
   */
  private recordExcess(value: number): number {
    const { chunk, base } = this;
    if (this.seen <= RANGE_POINTS) return 0;
    const min = chunk[base + MIN]!;
    const max = chunk[base + MAX]!;
    // A flat history has no range: any change of it is an infinite excess (and NaN, i.e. 0, for no change).
    const excess = Math.max(value - max, min - value) / (max - min);
    return excess > this.config.range_margin ? excess : 0;
  }

  /**
   * A record carries its own evidence: on a spiky series every spike
   * saturates the raw surprise, so a new all-time high would otherwise be no
   * more surprising than an ordinary spike. The chance that the n-th point is
   * a new maximum is 1/n; under an exponential tail the range of n points
   * spans about ln n of its scale, so exceeding it by `excess` of the range
   * has a further chance of n^-excess: p = n^-(1 + excess).
   */
  private recordScore(excess: number): number {
    return tailScore((this.seen + 1) ** -(1 + excess), this.config.alert_tail);
  }

  /**
   * A sustained shift of the mean inside the noise: the distance between a
   * fast and a slow mean of the value, in noise scales, is news only as a
   * record of itself. Like a record of the value (see recordScore), a
   * largest distance that beats the one before by more than `range_margin`
   * of it is scored p = n^-(1 + excess) after n points. The largest
   * distance is kept from half a day on (before, the slow mean is still
   * settling) and records count from the second day, against at least half
   * a day of them.
   */
  private shiftScore(value: number, time: number, scale: number): number {
    const { chunk, base } = this;
    const fast = chunk[base + SHIFT_FAST]! + (2 / (SHIFT_SPAN + 1)) * (value - chunk[base + SHIFT_FAST]!);
    const slow = chunk[base + SHIFT_SLOW]!;
    chunk[base + SHIFT_FAST] = fast;
    // Plain averaging at first, as for the histories of surprise.
    chunk[base + SHIFT_SLOW] = slow + Math.max(1 / this.config.long_horizon, 1 / this.seen) * (value - slow);
    const age = time - chunk[base + FIRST_TIME]!;
    if (age < DAY_MS / 2) return 0;
    const shift = Math.abs(fast - slow) / scale;
    const largest = chunk[base + SHIFT_RECORD]!;
    if (!(shift > largest)) return 0;
    chunk[base + SHIFT_RECORD] = shift;
    const excess = shift / largest - 1;
    if (age < DAY_MS || !(excess > this.config.range_margin)) return 0;
    return tailScore((this.seen + 1) ** -(1 + excess), this.config.alert_tail);
  }

  private rawSurprise(value: number, time: number, level: number, scale: number, record: number): number {
    const { chunk, base, config } = this;
    const tolerance = config.range_margin * (chunk[base + MAX]! - chunk[base + MIN]!);
    if (record > 0) {
      // A new extreme is remembered as a state too: coming back to it later can become familiar.
      this.visitState(value, time, tolerance);
      return 1;
    }
    let deviation = Math.abs(value - level);
    const excursion = deviation >= config.saturation * scale;
    // After a day, the time-of-day envelope replaces the level as the reference.
    if (time - chunk[base + FIRST_TIME]! >= DAY_MS) {
      const outside = this.outsideEnvelope(binOf(time), value, config.saturation * scale);
      if (outside !== Number.POSITIVE_INFINITY) {
        deviation = outside;
        if (!this.enveloped) this.forgetLevelHistory();
      }
    }
    if (excursion) deviation = Math.min(deviation, this.visitState(value, time, tolerance));
    return Math.min(1, deviation / scale / config.saturation);
  }

  /**
   * The history of averaged surprise was learned against the level, which
   * every noisy point deviates from; against the envelope most points are no
   * surprise at all. From the first point judged against the envelope on,
   * that history counts as only `min_points` averages (the warm-up of a new
   * series), so the new reference is learned within a few dozen points
   * instead of judging clear spikes against the wider spread of the first
   * day for weeks.
   */
  private forgetLevelHistory(): void {
    this.enveloped = true;
    this.learned = Math.min(this.learned, this.config.min_points);
  }

  /**
   * Familiar excursion states. An excursion (a value that saturates the raw
   * surprise by its distance from the level) visits the remembered state
   * within `tolerance` of it, or replaces the state visited longest ago. A
   * state is familiar when it was first reached at least a day ago (a burst
   * that recurs every few minutes stays news all day) and the series has come
   * back to it before, no sooner than now: a state reached again sooner than
   * ever is news (spikes growing denser). Returns the distance from a familiar
   * state, or +∞.
   */
  private visitState(value: number, time: number, tolerance: number): number {
    const { chunk } = this;
    const state = this.nearestState(value);
    const distance = Math.abs(value - chunk[state + STATE_VALUE]!);
    if (!(distance <= tolerance)) {
      this.replaceOldestState(value, time);
      return Number.POSITIVE_INFINITY;
    }
    const gap = time - chunk[state + STATE_LAST]!;
    const shortestGap = chunk[state + STATE_SHORTEST_GAP]!;
    // The shortest gap is +∞ until the first return, so a state is familiar from its third visit on.
    const familiar = time - chunk[state + STATE_FIRST]! >= DAY_MS && gap >= shortestGap;
    if (gap < shortestGap) chunk[state + STATE_SHORTEST_GAP] = gap;
    chunk[state + STATE_LAST] = time;
    return familiar ? distance : Number.POSITIVE_INFINITY;
  }

  /** Index of the remembered state nearest to the value (an empty slot while none is remembered). */
  private nearestState(value: number): number {
    const { chunk, base } = this;
    let nearest = base + STATES;
    let nearestDistance = Number.POSITIVE_INFINITY;
    for (let state = nearest; state < base + STATES_END; state += STATE_SIZE) {
      // An empty slot's value is NaN: never nearer.
      const distance = Math.abs(value - chunk[state + STATE_VALUE]!);
      if (distance < nearestDistance) {
        nearest = state;
        nearestDistance = distance;
      }
    }
    return nearest;
  }

  private replaceOldestState(value: number, time: number): void {
    const { chunk, base } = this;
    let oldest = base + STATES;
    for (let state = oldest + STATE_SIZE; state < base + STATES_END; state += STATE_SIZE) {
      if (chunk[state + STATE_LAST]! < chunk[oldest + STATE_LAST]!) oldest = state;
    }
    chunk[oldest + STATE_VALUE] = value;
    chunk[oldest + STATE_FIRST] = time;
    chunk[oldest + STATE_LAST] = time;
    chunk[oldest + STATE_SHORTEST_GAP] = Number.POSITIVE_INFINITY;
  }

  /**
   * How far the value lies outside the envelope of its half hour and both
   * neighbours (+∞ while one is empty), as the distance from the level that
   * would be as surprising: shrunk where the envelope is wider than the
   * distance that saturates (see ENVELOPE_WIDTHS).
   */
  private outsideEnvelope(bin: number, value: number, saturating: number): number {
    const { chunk, base } = this;
    let high = Number.NEGATIVE_INFINITY;
    let low = Number.POSITIVE_INFINITY;
    for (let offset = BINS - 1; offset <= BINS + 1; offset++) {
      const neighbour = (bin + offset) % BINS;
      const binHigh = chunk[base + HIGH + neighbour]!;
      if (Number.isNaN(binHigh)) return Number.POSITIVE_INFINITY;
      if (binHigh > high) high = binHigh;
      const binLow = chunk[base + LOW + neighbour]!;
      if (binLow < low) low = binLow;
    }
    const outside = Math.max(0, value - high, low - value);
    const excessWidth = Math.max(0, high - low - saturating);
    return (outside * saturating) / (saturating + ENVELOPE_WIDTHS * excessWidth);
  }

  /**
   * A stuck value. A run of repeated values scores only once it is at least
   * MIN_STUCK_RUN long and beyond STUCK_RUN_FACTOR times the longest run the
   * series has shown without alerting; the part beyond that is scored as the
   * chance of so many repeats in a row at the series' own repeat rate. A
   * series that often repeats itself (a quantised gauge, an idle counter
   * rate, an agent that caches its readings) needs a long run; one that never
   * did is news after a few points. A run that alerted is not learned as
   * ordinary, so a sensor that sticks again is announced again.
   */
  private stuckScore(value: number): number {
    const { chunk, base, config } = this;
    const repeated = value === chunk[base + LAST_VALUE];
    chunk[base + LAST_VALUE] = value;
    if (repeated) this.repeats++;
    else {
      if (!this.runAlerted && this.repeats > this.longestRun) this.longestRun = this.repeats;
      this.runAlerted = false;
      this.repeats = 0;
    }
    // `seen` pairs of neighbouring points with this one (plain averaging up to long_horizon); the rate
    // before this pair is floored at one in that many, so a series that never repeated is not certain never to.
    const pairs = Math.min(this.seen, config.long_horizon);
    const rate = Math.max(chunk[base + REPEAT_RATE]!, 1 / pairs);
    chunk[base + REPEAT_RATE]! += ((repeated ? 1 : 0) - chunk[base + REPEAT_RATE]!) / pairs;
    const excess = this.repeats - STUCK_RUN_FACTOR * this.longestRun;
    if (this.repeats < MIN_STUCK_RUN || excess <= 0) return 0;
    const score = tailScore(rate ** excess, config.alert_tail);
    if (score >= ALERT_SCORE) this.runAlerted = true;
    return score;
  }

  private learn(value: number, time: number, level: number): void {
    const { chunk, base, config } = this;
    const deviation = value - level;
    chunk[base + LEVEL] = level + config.level_alpha * deviation;
    // Plain averaging at first, so the scale is not biased towards its zero start.
    const scaleWeight = Math.max(config.scale_alpha, 1 / this.seen);
    chunk[base + SCALE]! += scaleWeight * (Math.abs(deviation) - chunk[base + SCALE]!);
    if (value < chunk[base + MIN]!) chunk[base + MIN] = value;
    if (value > chunk[base + MAX]!) chunk[base + MAX] = value;
    this.widenEnvelope(binOf(time), value, time);
    this.seen++;
  }

  /** Today's extremes per half hour; they join the envelope when the day is over (see closeDay). */
  private widenEnvelope(bin: number, value: number, time: number): void {
    const { chunk, base } = this;
    const day = Math.floor(time / DAY_MS);
    if (day !== this.day) {
      if (!Number.isNaN(this.day)) this.closeDay();
      this.day = day;
    }
    const high = chunk[base + TODAY_HIGH + bin]!;
    if (Number.isNaN(high) || value > high) chunk[base + TODAY_HIGH + bin] = value;
    const low = chunk[base + TODAY_LOW + bin]!;
    if (Number.isNaN(low) || value < low) chunk[base + TODAY_LOW + bin] = value;
  }

  /**
   * Merges the extremes of the day that ended into the envelope: it moves
   * `envelope_growth` of the way out to a day's extreme beyond it, and
   * shrinks by `envelope_decay` of its width where the day stayed inside.
   * Only earlier days are compared with, so an anomaly cannot hide itself.
   */
  private closeDay(): void {
    const { chunk, base } = this;
    const { envelope_decay: decay, envelope_growth: growth } = this.config;
    for (let bin = 0; bin < BINS; bin++) {
      const todayHigh = chunk[base + TODAY_HIGH + bin]!;
      if (Number.isNaN(todayHigh)) continue;
      const todayLow = chunk[base + TODAY_LOW + bin]!;
      const high = chunk[base + HIGH + bin]!;
      const low = chunk[base + LOW + bin]!;
      if (Number.isNaN(high)) {
        chunk[base + HIGH + bin] = todayHigh;
        chunk[base + LOW + bin] = todayLow;
      } else {
        const shrink = decay * (high - low);
        chunk[base + HIGH + bin] =
          todayHigh > high ? high + growth * (todayHigh - high) : Math.max(todayHigh, high - shrink);
        chunk[base + LOW + bin] =
          todayLow < low ? low + growth * (todayLow - low) : Math.min(todayLow, low + shrink);
      }
      chunk[base + TODAY_HIGH + bin] = Number.NaN;
      chunk[base + TODAY_LOW + bin] = Number.NaN;
    }
  }

  /** Adds a raw surprise to the short ring; returns the ring's average. */
  private pushRaw(raw: number): number {
    const { chunk, base } = this;
    const window = this.config.short_window;
    const slot = base + RING + this.next;
    chunk[base + RING_SUM]! += raw - chunk[slot]!;
    chunk[slot] = raw;
    this.next = this.next + 1 === window ? 0 : this.next + 1;
    // seen - 1 raw surprises exist: the first point has none.
    return chunk[base + RING_SUM]! / Math.min(this.seen - 1, window);
  }

  /**
   * The tail of the average against the long and the slow history, whichever
   * is less surprising: after a quiet stretch the long history has forgotten
   * the bursts before it, the slow one has not. An average at or below its
   * usual level is no surprise: 0, without computing the tail.
   */
  private likelihoodScore(average: number): number {
    const z = Math.min(
      this.standardised(average, LONG_MEAN, LONG_VARIANCE),
      this.standardised(average, SLOW_MEAN, SLOW_VARIANCE),
    );
    if (!(z > 0)) return 0;
    return tailScore(normalTail(z), this.config.alert_tail);
  }

  /** The average's distance above a history's mean, in its standard deviations (at least MIN_SPREAD). */
  private standardised(average: number, meanSlot: number, varianceSlot: number): number {
    const { chunk, base } = this;
    const spread = Math.max(MIN_SPREAD, Math.sqrt(chunk[base + varianceSlot]!));
    return (average - chunk[base + meanSlot]!) / spread;
  }

  private learnAverage(average: number): void {
    const horizon = this.config.long_horizon;
    this.learned++;
    this.learnMoments(average, LONG_MEAN, LONG_VARIANCE, horizon);
    this.learnMoments(average, SLOW_MEAN, SLOW_VARIANCE, SLOW_HORIZONS * horizon);
  }

  /** Exponentially weighted mean and variance over about `horizon` points (plain averaging at first). */
  private learnMoments(average: number, meanSlot: number, varianceSlot: number, horizon: number): void {
    const { chunk, base } = this;
    const weight = Math.max(1 / horizon, 1 / this.learned);
    const deviation = average - chunk[base + meanSlot]!;
    chunk[base + meanSlot]! += weight * deviation;
    chunk[base + varianceSlot] = nextVariance(chunk[base + varianceSlot]!, weight, deviation);
  }

  /** The score, or 0 when it does not exceed the fading memory of the last peak. */
  private reportable(score: number): number {
    const { chunk, base } = this;
    const peak = chunk[base + PEAK]!;
    chunk[base + PEAK] = Math.max(peak * this.config.repeat_decay, score);
    if (this.quiet > 0) {
      this.quiet--;
      return 0;
    }
    if (!(score > peak)) return 0;
    // The next short_window - 1 averages still contain the point that raised the alert: the same evidence.
    if (score >= ALERT_SCORE) this.quiet = this.config.short_window - 1;
    return score;
  }
}

/** Half hour of the (UTC) day a time falls in. */
function binOf(time: number): number {
  return Math.floor((((time % DAY_MS) + DAY_MS) % DAY_MS) / BIN_MS);
}
