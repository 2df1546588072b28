#!/usr/bin/python3
"""A small gNMI target on python3-grpcio: Capabilities and Subscribe
(STREAM with SAMPLE/ON_CHANGE/TARGET_DEFINED, heartbeats, POLL, ONCE) over a
simulated device with interfaces and system leaves. Switches make it
misbehave on purpose (close the stream, send deletes, bad values, oversized
messages) for Noctua's tests. Prints "READY <port>" once it serves, and one
JSON line per Subscribe request to --log.

Run with /usr/bin/python3 (Debian's grpcio): scripts/gnmi-target.sh.
"""
import argparse
import json
import signal
import sys
import threading
import time
from concurrent import futures

import grpc

import pb

parser = argparse.ArgumentParser()
parser.add_argument('--port', type=int, default=0)
parser.add_argument('--pb-dir')
parser.add_argument('--interfaces', type=int, default=2)
parser.add_argument('--username')
parser.add_argument('--password')
parser.add_argument('--cert')
parser.add_argument('--key')
parser.add_argument('--client-ca', help='require client certificates signed by this CA')
parser.add_argument('--log', help='append one JSON line per Subscribe request')
parser.add_argument('--close-after', type=int, default=0, help='end each stream after this many rounds')
parser.add_argument('--delete-after', type=int, default=0, help='delete the last interface after this many rounds')
parser.add_argument('--bad-values', action='store_true', help='add values Noctua cannot use to every round')
parser.add_argument('--big-update', type=int, default=0, help='add a string leaf of this many bytes to round 0')
parser.add_argument('--bench', type=int, default=0, help='stream notifications with this many updates as fast as possible')
args = parser.parse_args()

gnmi, _, _ = pb.load(args.pb_dir)

BIG_COUNTER = 2**63 + 5  # beyond 2^53: must arrive exact
IETF_MODULE = 'openconfig-interfaces'


class Device:
    """Leaves as (container path elems, leaf name) -> value at round `tick`."""

    def __init__(self, interfaces):
        self.interfaces = [f'eth{i}' for i in range(interfaces)]
        self.deleted = set()

    def containers(self):
        """[(elems, {leaf: value-maker})]; elems are (name, keys) pairs."""
        out = []
        for i, name in enumerate(self.interfaces):
            if name in self.deleted:
                continue
            base = [('interfaces', {}), ('interface', {'name': name}), ('state', {})]
            out.append((base + [('counters', {})], {
                'in-octets': ('uint', lambda t, i=i: 1000 * (t + 1) * (i + 1)),
                'out-octets': ('uint', lambda t, i=i: 500 * (t + 1) * (i + 1)),
                'in-errors': ('uint', lambda t: 0),
                'huge': ('uint', lambda t: BIG_COUNTER),
            }))
            out.append((base, {
                'oper-status': ('string', lambda t: 'UP'),
                'mtu': ('int', lambda t: 1500),
                'enabled': ('bool', lambda t: True),
            }))
        out.append(([('system', {}), ('state', {})], {
            'hostname': ('string', lambda t: 'py-target'),
            'load': ('decimal', lambda t: (1234 + t, 2)),
            'temperature': ('double', lambda t: 40.5 + t),
            'dns-search': ('leaflist', lambda t: ['a.example', 'b.example']),
        }))
        return out


def path_msg(elems):
    return gnmi.Path(elem=[gnmi.PathElem(name=n, key=k) for n, k in elems])


def selected(sub_elems, elems, leaves):
    """Names of the leaves of one container a subscription path selects ('*' or absent keys match all)."""
    if len(sub_elems) > len(elems) + 1:
        return set()
    for sub, (name, keys) in zip(sub_elems, elems):
        if sub.name != name or any(v != '*' and keys.get(k) != v for k, v in sub.key.items()):
            return set()
    if len(sub_elems) == len(elems) + 1:
        leaf = sub_elems[-1].name
        return {leaf} if leaf in leaves else set()
    return set(leaves)


def selection(sub_list, elems, leaves):
    prefix = list(sub_list.prefix.elem)
    chosen = set()
    for s in sub_list.subscription:
        chosen |= selected(prefix + list(s.path.elem), elems, leaves)
    return chosen


def typed(kind, value):
    if kind == 'uint':
        return gnmi.TypedValue(uint_val=value)
    if kind == 'int':
        return gnmi.TypedValue(int_val=value)
    if kind == 'bool':
        return gnmi.TypedValue(bool_val=value)
    if kind == 'double':
        return gnmi.TypedValue(double_val=value)
    if kind == 'decimal':
        return gnmi.TypedValue(decimal_val=gnmi.Decimal64(digits=value[0], precision=value[1]))
    if kind == 'leaflist':
        return gnmi.TypedValue(leaflist_val=gnmi.ScalarArray(element=[gnmi.TypedValue(string_val=v) for v in value]))
    return gnmi.TypedValue(string_val=value)


def json_value(kind, value, ietf):
    if kind == 'uint' and ietf:
        return str(value)  # RFC 7951: 64-bit integers are strings
    if kind == 'decimal':
        return str(value[0] / 10 ** value[1]) if ietf else value[0] / 10 ** value[1]
    return value


class Target:
    def __init__(self):
        self.device = Device(args.interfaces)
        self.lock = threading.Lock()

    def check_auth(self, context):
        if args.username is None:
            return
        md = dict(context.invocation_metadata())
        if md.get('username') != args.username or md.get('password') != args.password:
            context.abort(grpc.StatusCode.UNAUTHENTICATED, 'bad username or password')

    def Capabilities(self, request, context):
        self.check_auth(context)
        return gnmi.CapabilityResponse(
            supported_models=[
                gnmi.ModelData(name='openconfig-interfaces', organization='OpenConfig', version='2.5.0'),
                gnmi.ModelData(name='openconfig-system', organization='OpenConfig', version='1.1.0'),
            ],
            supported_encodings=[gnmi.JSON, gnmi.JSON_IETF, gnmi.PROTO],
            gNMI_version='0.10.0',
        )

    def notifications(self, sub_list, tick, leaves_filter=None):
        """One notification per container the subscriptions select."""
        encoding = sub_list.encoding
        now = time.time_ns()
        out = []
        for elems, leaves in self.device.containers():
            names = selection(sub_list, elems, leaves)
            chosen = {k: v for k, v in leaves.items() if k in names and (leaves_filter is None or leaves_filter(k))}
            if not chosen:
                continue
            if encoding == gnmi.PROTO:
                n = gnmi.Notification(timestamp=now, prefix=path_msg(elems))
                for leaf, (kind, make) in chosen.items():
                    n.update.add(path=gnmi.Path(elem=[gnmi.PathElem(name=leaf)]), val=typed(kind, make(tick)))
            else:
                ietf = encoding == gnmi.JSON_IETF
                body = {}
                for leaf, (kind, make) in chosen.items():
                    body[(IETF_MODULE + ':' + leaf) if ietf else leaf] = json_value(kind, make(tick), ietf)
                raw = json.dumps(body).encode()
                val = gnmi.TypedValue(json_ietf_val=raw) if ietf else gnmi.TypedValue(json_val=raw)
                n = gnmi.Notification(timestamp=now, prefix=path_msg(elems[:-1]))
                n.update.add(path=path_msg(elems[-1:]), val=val)
            out.append(gnmi.SubscribeResponse(update=n))
        if args.bad_values:
            n = gnmi.Notification(timestamp=now, prefix=path_msg([('interfaces', {}), ('interface', {'name': 'eth0'}), ('state', {})]))
            n.update.add(path=gnmi.Path(elem=[gnmi.PathElem(name='bogus-json')]), val=gnmi.TypedValue(json_val=b'{not json'))
            n.update.add(path=gnmi.Path(elem=[gnmi.PathElem(name='bogus-any')]), val=gnmi.TypedValue(proto_bytes=b'\x08\x01'))
            n.update.add(path=gnmi.Path(elem=[gnmi.PathElem(name='description')]), val=gnmi.TypedValue(string_val='still here'))
            out.append(gnmi.SubscribeResponse(update=n))
        if args.big_update and tick == 0:
            n = gnmi.Notification(timestamp=now, prefix=path_msg([('system', {}), ('state', {})]))
            n.update.add(path=gnmi.Path(elem=[gnmi.PathElem(name='motd')]), val=gnmi.TypedValue(string_val='x' * args.big_update))
            out.append(gnmi.SubscribeResponse(update=n))
        return out

    def known(self, sub_list):
        prefix = list(sub_list.prefix.elem)
        containers = self.device.containers()
        for s in sub_list.subscription:
            if not any(selected(prefix + list(s.path.elem), elems, leaves) for elems, leaves in containers):
                return s
        return None

    def log(self, sub_list, context):
        if not args.log:
            return
        md = dict(context.invocation_metadata())
        entry = {
            'mode': gnmi.SubscriptionList.Mode.Name(sub_list.mode),
            'encoding': gnmi.Encoding.Name(sub_list.encoding),
            'updates_only': sub_list.updates_only,
            'prefix_target': sub_list.prefix.target,
            'username': md.get('username'),
            'subscriptions': [
                {
                    'path': '/'.join(e.name for e in s.path.elem),
                    'mode': gnmi.SubscriptionMode.Name(s.mode),
                    'sample_interval': s.sample_interval,
                    'heartbeat_interval': s.heartbeat_interval,
                    'suppress_redundant': s.suppress_redundant,
                }
                for s in sub_list.subscription
            ],
        }
        with self.lock, open(args.log, 'a') as f:
            f.write(json.dumps(entry) + '\n')

    def Subscribe(self, request_iterator, context):
        self.check_auth(context)
        first = next(request_iterator)
        if not first.HasField('subscribe'):
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, 'first request must be a SubscriptionList')
        sub_list = first.subscribe
        self.log(sub_list, context)
        unknown = self.known(sub_list)
        if unknown is not None:
            context.abort(grpc.StatusCode.NOT_FOUND, 'unknown path /' + '/'.join(e.name for e in unknown.path.elem))
        if args.bench:
            yield from self.bench()
            return
        sync = gnmi.SubscribeResponse(sync_response=True)
        if sub_list.mode == gnmi.SubscriptionList.ONCE:
            yield from self.notifications(sub_list, 0)
            yield sync
            return
        if sub_list.mode == gnmi.SubscriptionList.POLL:
            tick = 0
            yield from self.notifications(sub_list, tick)
            yield sync
            for req in request_iterator:
                if req.HasField('poll'):
                    tick += 1
                    yield from self.notifications(sub_list, tick)
                    yield sync
            return
        yield from self.stream(sub_list, context)

    def stream(self, sub_list, context):
        subs = list(sub_list.subscription)
        periods = [s.sample_interval for s in subs if s.mode != gnmi.ON_CHANGE and s.sample_interval > 0]
        heartbeat = min([s.heartbeat_interval for s in subs if s.heartbeat_interval > 0] or [0])
        on_change = all(s.mode == gnmi.ON_CHANGE or s.suppress_redundant for s in subs)
        period_s = (min(periods) if periods else 500_000_000) / 1e9  # on_change: leaves change every 0.5 s
        tick = 0
        if not sub_list.updates_only:
            yield from self.notifications(sub_list, tick)
        yield gnmi.SubscribeResponse(sync_response=True)
        last_heartbeat = time.monotonic()
        while context.is_active():
            time.sleep(period_s)
            tick += 1
            if args.close_after and tick > args.close_after:
                return  # ends the stream with OK: the client must resubscribe
            if args.delete_after and tick == args.delete_after:
                gone = self.device.interfaces[-1]
                self.device.deleted.add(gone)
                n = gnmi.Notification(timestamp=time.time_ns())
                n.delete.add().CopyFrom(path_msg([('interfaces', {}), ('interface', {'name': gone})]))
                yield gnmi.SubscribeResponse(update=n)
            beat = heartbeat and (time.monotonic() - last_heartbeat) * 1e9 >= heartbeat
            if beat:
                last_heartbeat = time.monotonic()
            # On change (or suppress_redundant): only the leaves that changed, all of them on a heartbeat.
            changing = None if (beat or not on_change) else (lambda leaf: leaf in ('in-octets', 'out-octets', 'load', 'temperature'))
            yield from self.notifications(sub_list, tick, changing)

    def bench(self):
        """Pre-encoded notifications of --bench updates each, fresh timestamps, as fast as the stream takes them."""
        variants = []
        for v in range(64):
            n = gnmi.Notification(prefix=path_msg([('interfaces', {}), ('interface', {'name': 'eth0'}), ('state', {}), ('counters', {})]))
            for u in range(args.bench):
                n.update.add(path=gnmi.Path(elem=[gnmi.PathElem(name=f'c{u}')]), val=gnmi.TypedValue(uint_val=1000 * v + u))
            variants.append(n.SerializeToString())
        i = 0
        while True:
            ts = gnmi.Notification(timestamp=time.time_ns()).SerializeToString()
            body = ts + variants[i % 64]
            i += 1
            yield b'\x0a' + varint(len(body)) + body


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def main():
    target = Target()
    identity = lambda b: b  # noqa: E731
    sub_serializer = identity if args.bench else gnmi.SubscribeResponse.SerializeToString
    handlers = {
        'Capabilities': grpc.unary_unary_rpc_method_handler(
            target.Capabilities,
            request_deserializer=gnmi.CapabilityRequest.FromString,
            response_serializer=gnmi.CapabilityResponse.SerializeToString,
        ),
        'Subscribe': grpc.stream_stream_rpc_method_handler(
            target.Subscribe,
            request_deserializer=gnmi.SubscribeRequest.FromString,
            response_serializer=sub_serializer,
        ),
    }
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=16))
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler('gnmi.gNMI', handlers),))
    address = f'127.0.0.1:{args.port}'
    if args.cert:
        with open(args.cert, 'rb') as c, open(args.key, 'rb') as k:
            pair = (k.read(), c.read())
        if args.client_ca:
            with open(args.client_ca, 'rb') as ca:
                creds = grpc.ssl_server_credentials([pair], root_certificates=ca.read(), require_client_auth=True)
        else:
            creds = grpc.ssl_server_credentials([pair])
        port = server.add_secure_port(address, creds)
    else:
        port = server.add_insecure_port(address)
    server.start()
    print(f'READY {port}', flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    done.wait()
    server.stop(0)


if __name__ == '__main__':
    main()
