"""A Modbus/TCP device for Noctua's tests and for trying the modbus collector.

Runs Debian's pymodbus 3.0 server (run it with /usr/bin/python3). Every unit
holds, in its holding registers, one value of every type in every byte order,
a register whose bits are read one by one, and a few input registers, coils
and discrete inputs. The register words are packed here with Python's struct
module, independently of Noctua's decoder. Before serving, the script prints
one JSON line with everything it holds, which the tests compare against what
the collector decoded:

  {"port": P, "units": [1, 2], "values": [{"unit", "table", "address", "type", "order", "bit"?, "value"}]}

64-bit integers are written as decimal strings (JSON numbers lose digits).
Options make it a faulty device: --delay answers every request late, and a
unit id not in --units is never answered (like a dead unit behind a gateway).
"""

import argparse
import json
import logging
import socket
import struct
import sys
import time

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.server import StartTcpServer

FORMATS = {
    "int16": "h",
    "uint16": "H",
    "int32": "i",
    "uint32": "I",
    "int64": "q",
    "uint64": "Q",
    "float32": "f",
    "float64": "d",
}
ORDERS = ["ABCD", "DCBA", "BADC", "CDAB"]

# Per unit: values exact in their type (floats exactly representable), signs and
# magnitudes chosen so that a wrong order or a wrong sign never decodes to the same value.
VALUES = {
    1: {
        "int16": -12345,
        "uint16": 54321,
        "int32": -123456789,
        "uint32": 3000000000,
        "int64": -1234567890123456789,
        "uint64": 18000000000000000001,
        "float32": 23.5,
        "float64": -1234.5678,
    },
    2: {
        "int16": 2024,
        "uint16": 65535,
        "int32": 2147483647,
        "uint32": 100000,
        "int64": 9007199254740993,
        "uint64": 42,
        "float32": -0.15625,
        "float64": 6.02214076e23,
    },
}
BITS_WORD = 0b1010_0000_0010_0101
COILS = [True, False, True, True, False, False, False, False, True, True]
DISCRETE_INPUTS = [False, True, True, False, True]
INPUT_REGISTERS = [100, 200, 300, 400]
# The holding register block ends here: reading past it is an illegal data address.
HOLDING_SIZE = 200


def wire_words(type_, order, value):
    """The register words as the device sends them."""
    big = struct.pack(">" + FORMATS[type_], value)
    if order == "DCBA":
        raw = struct.pack("<" + FORMATS[type_], value)
    elif order == "BADC":
        raw = b"".join(big[i + 1 : i + 2] + big[i : i + 1] for i in range(0, len(big), 2))
    elif order == "CDAB":
        raw = b"".join(big[i : i + 2] for i in reversed(range(0, len(big), 2)))
    else:
        raw = big
    return [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw), 2)]


def unit_map(unit):
    """The register blocks of one unit and the list of values they hold."""
    holding = [0] * HOLDING_SIZE
    values = []
    address = 0
    for type_, value in VALUES[unit].items():
        for order in ORDERS:
            words = wire_words(type_, order, value)
            holding[address : address + len(words)] = words
            shown = str(value) if type_ in ("int64", "uint64") else value
            values.append({"unit": unit, "table": "holding", "address": address, "type": type_, "order": order, "value": shown})
            address += len(words) + 1  # one unused register between values, to exercise max_gap
    bits_address = address
    holding[bits_address] = BITS_WORD
    for bit in range(16):
        expected = bool(BITS_WORD >> bit & 1)
        values.append({"unit": unit, "table": "holding", "address": bits_address, "type": "bit", "bit": bit, "value": expected})
    for i, value in enumerate(INPUT_REGISTERS):
        values.append({"unit": unit, "table": "input", "address": i, "type": "uint16", "value": value + unit})
    for i, value in enumerate(COILS):
        values.append({"unit": unit, "table": "coil", "address": i, "value": value})
    for i, value in enumerate(DISCRETE_INPUTS):
        values.append({"unit": unit, "table": "discrete_input", "address": i, "value": value})
    return holding, values


class SlowBlock(ModbusSequentialDataBlock):
    """A register block that answers late: the whole device stalls, as a slow device does."""

    delay = 0.0

    def getValues(self, address, count=1):
        if self.delay > 0:
            time.sleep(self.delay)
        return super().getValues(address, count)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--units", default="1,2", help="unit ids to serve (1 and/or 2)")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds before every answer")
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)  # pymodbus logs an error for every client disconnect
    SlowBlock.delay = args.delay

    units = [int(u) for u in args.units.split(",")]
    slaves = {}
    values = []
    for unit in units:
        holding, unit_values = unit_map(unit)
        values += unit_values
        slaves[unit] = ModbusSlaveContext(
            hr=SlowBlock(0, holding),
            ir=SlowBlock(0, [v + unit for v in INPUT_REGISTERS]),
            co=SlowBlock(0, COILS),
            di=SlowBlock(0, DISCRETE_INPUTS),
            zero_mode=True,  # address 0 is the first value (pymodbus adds 1 otherwise)
        )
    # Fail fast, before printing anything, when the port is taken (the caller then tries another).
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", args.port))
        except OSError as error:
            print(f"cannot listen on port {args.port}: {error}", file=sys.stderr)
            return 3
    print(json.dumps({"port": args.port, "units": units, "values": values}), flush=True)
    StartTcpServer(
        context=ModbusServerContext(slaves=slaves, single=False),
        address=("127.0.0.1", args.port),
    )


if __name__ == "__main__":
    sys.exit(main())
