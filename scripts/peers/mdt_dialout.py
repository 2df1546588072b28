#!/usr/bin/python3
"""A router dialling out Cisco MDT over python3-grpcio: streams
MdtDialoutArgs whose data is a telemetry.Telemetry in self-describing kvGPB
(interface counters as IOS XR sends them), to try Noctua's mdt collector and
for its tests. Switches add bad messages (malformed bytes, compact GPB, an
oversized message) and open several streams at once. Prints one JSON line
per stream when it ends: {"stream": i, "code": "OK" | "<status>", "sent": n}.

Run with /usr/bin/python3 (Debian's grpcio): scripts/mdt-dialout.sh.
"""
import argparse
import json
import sys
import threading
import time

import grpc

import pb

parser = argparse.ArgumentParser()
parser.add_argument('--target', required=True, help='host:port of the collector')
parser.add_argument('--pb-dir')
parser.add_argument('--node', default='xr-r1')
parser.add_argument('--interfaces', type=int, default=2)
parser.add_argument('--count', type=int, default=3, help='messages per stream; 0 = forever')
parser.add_argument('--interval', type=float, default=0.2, help='seconds between messages')
parser.add_argument('--streams', type=int, default=1)
parser.add_argument('--bad', action='store_true', help='send a malformed and a compact GPB message first')
parser.add_argument('--big', type=int, default=0, help='send a message with a string leaf of this many bytes first')
parser.add_argument('--hold', type=float, default=0.5, help='seconds to keep the stream open after the last message')
parser.add_argument('--ca', help='PEM CA to verify the collector (TLS)')
args = parser.parse_args()

_, telemetry, dialout = pb.load(args.pb_dir)

PATH = 'Cisco-IOS-XR-infra-statsd-oper:infra-statistics/interfaces/interface/latest/generic-counters'


def leaf(name, **value):
    return telemetry.TelemetryField(name=name, **value)


def message(seq, extra=None):
    now_ms = int(time.time() * 1000)
    t = telemetry.Telemetry(
        node_id_str=args.node,
        subscription_id_str='noctua-test',
        encoding_path=PATH,
        collection_id=seq,
        collection_start_time=now_ms,
        msg_timestamp=now_ms,
        collection_end_time=now_ms,
    )
    for i in range(args.interfaces):
        row = t.data_gpbkv.add(timestamp=now_ms)
        row.fields.add(name='keys').fields.extend([leaf('interface-name', string_value=f'GigabitEthernet0/0/0/{i}')])
        content = row.fields.add(name='content')
        content.fields.extend([
            leaf('packets-received', uint64_value=1000 * (seq + 1) * (i + 1)),
            leaf('bytes-received', uint64_value=2**63 + seq),
            leaf('input-drops', uint32_value=seq),
            leaf('carrier-transitions', sint64_value=-1),
            leaf('load', double_value=0.25 * seq),
            leaf('up', bool_value=True),
        ])
        nested = content.fields.add(name='rates')
        nested.fields.extend([leaf('input-rate', uint64_value=100 + seq)])
        if extra:
            content.fields.extend([leaf('description', string_value=extra)])
    return t.SerializeToString()


def compact():
    t = telemetry.Telemetry(node_id_str=args.node, encoding_path=PATH)
    t.data_gpb.row.add(timestamp=1, keys=b'\x0a\x03abc', content=b'\x08\x01')
    return t.SerializeToString()


def requests(sent):
    seq = 0
    if args.bad:
        yield dialout.MdtDialoutArgs(ReqId=1, data=b'\xff\xff\xff\xff not protobuf')
        yield dialout.MdtDialoutArgs(ReqId=2, data=compact())
    if args.big:
        yield dialout.MdtDialoutArgs(ReqId=3, data=message(0, 'x' * args.big))
    while args.count == 0 or seq < args.count:
        yield dialout.MdtDialoutArgs(ReqId=100 + seq, data=message(seq))
        sent[0] += 1
        seq += 1
        time.sleep(args.interval)
    time.sleep(args.hold)


def stream(index, channel, results):
    call = channel.stream_stream(
        '/mdt_dialout.gRPCMdtDialout/MdtDialout',
        request_serializer=dialout.MdtDialoutArgs.SerializeToString,
        response_deserializer=dialout.MdtDialoutArgs.FromString,
    )
    sent = [0]
    code = 'OK'
    try:
        for _ in call(requests(sent)):
            pass
    except grpc.RpcError as error:
        code = error.code().name
    results[index] = {'stream': index, 'code': code, 'sent': sent[0]}
    # Streams finish on their own threads; print() writes the text and the
    # newline separately, so two results could share a line without the lock.
    with OUTPUT_LOCK:
        sys.stdout.write(json.dumps(results[index]) + '\n')
        sys.stdout.flush()


OUTPUT_LOCK = threading.Lock()


def main():
    options = [('grpc.max_send_message_length', 64 * 1024 * 1024)]
    if args.ca:
        with open(args.ca, 'rb') as f:
            channel = grpc.secure_channel(args.target, grpc.ssl_channel_credentials(f.read()), options)
    else:
        channel = grpc.insecure_channel(args.target, options)
    results = {}
    threads = [threading.Thread(target=stream, args=(i, channel, results)) for i in range(args.streams)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    channel.close()


if __name__ == '__main__':
    main()
