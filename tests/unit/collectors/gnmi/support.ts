import { SubscribeResponseDecoder } from '../../../../src/collectors/gnmi/decoder';
import { type MeasurementRule, SampleMapper } from '../../../../src/collectors/gnmi/mapper';
import { loadProtos } from '../../../../src/collectors/protos';
import type { Sample } from '../../../../src/core';

/** Encodes SubscribeResponse objects with protobufjs (an independent encoder) for the wire decoder. */
const responseType = loadProtos(['gnmi.proto']).lookupType('gnmi.SubscribeResponse');

export function encodeResponse(response: Record<string, unknown>): Buffer {
  return Buffer.from(responseType.encode(responseType.fromObject(response)).finish());
}

export function decoderFor(rules: MeasurementRule[], maxSeries = 100) {
  const decoder = new SubscribeResponseDecoder(
    new SampleMapper({ collector: 'lab', target: 'r1', rules, maxSeries }),
    () => 42,
  );
  return (response: Record<string, unknown> | Buffer) => {
    const samples: Sample[] = [];
    const problems: string[] = [];
    const bytes = Buffer.isBuffer(response) ? response : encodeResponse(response);
    const result = decoder.decode(
      bytes,
      (s) => samples.push(s),
      (p, path) => problems.push(`${p} ${path}`),
    );
    return { samples, problems, result };
  };
}
