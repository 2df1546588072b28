import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { FastHistogram } from './fast-histogram';

/**
 * Noctua's own metrics, on a registry of their own (no global state), named
 * after Prometheus conventions: `noctua_` prefix, base units, `_total`.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly samplesReceived = this.counter('noctua_samples_received_total', 'Samples emitted by collectors.', [
    'collector',
  ]);
  readonly samplesProcessed = this.counter(
    'noctua_samples_processed_total',
    'Samples that passed a pipeline stage.',
    ['stage'],
  );
  readonly samplesInvalid = this.counter(
    'noctua_samples_invalid_total',
    'Malformed samples rejected by normalisation.',
    ['collector', 'reason'],
  );
  readonly samplesDropped = this.counter(
    'noctua_samples_dropped_total',
    'Samples or records dropped, by stage and reason.',
    ['stage', 'reason'],
  );
  readonly queueDepth = this.gauge('noctua_queue_depth', 'Items waiting in a bounded queue or buffer.', [
    'queue',
  ]);
  readonly collectorUp = this.gauge('noctua_collector_up', '1 when the collector is delivering data.', [
    'collector',
  ]);
  readonly collectorState = this.gauge(
    'noctua_collector_connection_state',
    '1 for the current connection state of each collector.',
    ['collector', 'state'],
  );
  readonly collectorRetries = this.counter(
    'noctua_collector_retries_total',
    'Times a collector source was restarted after an error or inactivity.',
    ['collector'],
  );
  readonly sinkWrites = this.counter('noctua_sink_writes_total', 'Batch writes by result.', [
    'sink',
    'result',
  ]);
  readonly sinkRecords = this.counter('noctua_sink_records_total', 'Records written by sinks.', ['sink']);
  readonly sinkWriteDuration = this.histogram(
    'noctua_sink_write_duration_seconds',
    'Time to write one batch.',
    ['sink'],
    [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
  );
  readonly sinkFailedRecords = this.counter(
    'noctua_sink_failed_records_total',
    'Records in write attempts that failed (each is retried or spooled).',
    ['sink'],
  );
  readonly sinkSpooled = this.counter(
    'noctua_sink_spooled_records_total',
    'Records written to the disk spool while the target was failing.',
    ['sink'],
  );
  readonly sinkSpoolBytes = this.gauge('noctua_sink_spool_bytes', 'Bytes held in the disk spool.', ['sink']);
  readonly sinkUp = this.gauge('noctua_sink_up', '1 when the last write of the sink succeeded.', ['sink']);
  readonly seriesActive = this.gauge('noctua_series_active', 'Series with detector state.', []);
  readonly seriesEvicted = this.counter(
    'noctua_series_evicted_total',
    'Series whose detector state expired after being idle.',
    [],
  );
  readonly seriesLimitHits = this.counter(
    'noctua_series_limit_hits_total',
    'Points not scored because the series limit was reached.',
    [],
  );
  /** Observed for every scored point: a FastHistogram, as prom-client's costs a quarter of the detection budget. */
  readonly scores = new FastHistogram({
    name: 'noctua_anomaly_score',
    help: 'Anomaly scores, by rule.',
    labelNames: ['rule'],
    buckets: [0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1],
    registers: [this.registry],
  });
  readonly anomalies = this.counter(
    'noctua_anomalies_total',
    'Points whose score reached the rule threshold.',
    ['rule'],
  );

  readonly modbusDeviceUp = this.gauge(
    'noctua_modbus_device_up',
    '1 while the Modbus device is connected and its last poll got answers.',
    ['collector', 'device'],
  );
  readonly modbusPollDuration = this.gauge(
    'noctua_modbus_last_poll_duration_seconds',
    'Duration of the last poll of a Modbus device.',
    ['collector', 'device'],
  );
  readonly modbusPollsSkipped = this.counter(
    'noctua_modbus_polls_skipped_total',
    'Polls not started because the previous poll of the device was still running.',
    ['collector', 'device'],
  );
  readonly modbusRequests = this.counter(
    'noctua_modbus_requests_total',
    'Modbus requests (connects and reads), by result.',
    ['collector', 'device', 'result'],
  );
  readonly modbusRegisterErrors = this.counter(
    'noctua_modbus_register_errors_total',
    'Configured values that could not be read in a poll, by reason.',
    ['collector', 'device', 'reason'],
  );
  readonly snmpAgentUp = this.gauge(
    'noctua_snmp_agent_up',
    '1 when the last poll of the SNMP agent succeeded.',
    ['collector', 'agent'],
  );
  readonly snmpPollDuration = this.gauge(
    'noctua_snmp_poll_duration_seconds',
    'Duration of the last poll of the SNMP agent.',
    ['collector', 'agent'],
  );
  readonly snmpPolls = this.counter(
    'noctua_snmp_polls_total',
    'Polls of SNMP agents by result (ok, failed).',
    ['collector', 'agent', 'result'],
  );
  readonly snmpPollsSkipped = this.counter(
    'noctua_snmp_polls_skipped_total',
    'Polls not started because the previous poll of the agent was still running.',
    ['collector', 'agent'],
  );
  readonly snmpValuesSkipped = this.counter(
    'noctua_snmp_values_skipped_total',
    'Polled values left out: missing, an exception (noSuchObject...) or malformed.',
    ['collector', 'agent'],
  );
  readonly snmpAgentRestarts = this.counter(
    'noctua_snmp_agent_restarts_total',
    'Agent restarts noticed (sysUpTime went back); the rates of that poll are skipped.',
    ['collector', 'agent'],
  );
  readonly snmpTraps = this.counter(
    'noctua_snmp_traps_total',
    'SNMP traps and informs received, by result (accepted, unauthorised, malformed).',
    ['collector', 'result'],
  );
  readonly grpcTargetConnected = this.gauge(
    'noctua_grpc_target_connected',
    '1 while a gNMI subscription stream to the target is open.',
    ['collector', 'target'],
  );
  readonly grpcTargetSynced = this.gauge(
    'noctua_grpc_target_synced',
    '1 once the current gNMI stream of the target sent sync_response.',
    ['collector', 'target'],
  );
  readonly grpcUpdates = this.counter(
    'noctua_grpc_updates_received_total',
    'Telemetry updates (gNMI updates and deletes, MDT messages) received.',
    ['collector', 'target'],
  );
  readonly grpcLastUpdate = this.gauge(
    'noctua_grpc_last_update_timestamp_seconds',
    'Wall-clock time of the last update received from the target.',
    ['collector', 'target'],
  );
  readonly grpcReconnects = this.counter(
    'noctua_grpc_reconnects_total',
    'Times a gNMI target was resubscribed after its stream failed, ended or went silent.',
    ['collector', 'target'],
  );
  readonly grpcErrors = this.counter(
    'noctua_grpc_errors_total',
    'Bad telemetry input: malformed messages, values of wrong types, failed streams, by reason.',
    ['collector', 'target', 'reason'],
  );
  readonly grpcStreams = this.gauge('noctua_grpc_streams_active', 'Open dial-out streams.', ['collector']);

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  private counter<L extends string>(name: string, help: string, labelNames: L[]): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  private gauge<L extends string>(name: string, help: string, labelNames: L[]): Gauge<L> {
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }

  private histogram<L extends string>(
    name: string,
    help: string,
    labelNames: L[],
    buckets: number[],
  ): Histogram<L> {
    return new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
  }
}
