import ModbusRTU from 'modbus-serial';
import type { Table } from './plan';

/** Standard Modbus exception codes, as snake_case reasons (metric labels) and as text. */
const EXCEPTIONS: Readonly<Record<number, readonly [string, string]>> = {
  1: ['illegal_function', 'illegal function'],
  2: ['illegal_data_address', 'illegal data address'],
  3: ['illegal_data_value', 'illegal data value'],
  4: ['server_device_failure', 'server device failure'],
  5: ['acknowledge', 'acknowledge'],
  6: ['server_device_busy', 'server device busy'],
  8: ['memory_parity_error', 'memory parity error'],
  10: ['gateway_path_unavailable', 'gateway path unavailable'],
  11: ['gateway_target_failed', 'gateway target device failed to respond'],
};

/** The device answered with a Modbus exception: the request was understood and refused. */
export class ModbusException extends Error {
  readonly reason: string;
  constructor(
    readonly code: number,
    request: string,
  ) {
    const [reason, text] = EXCEPTIONS[code] ?? ['exception', 'unknown exception'];
    super(`${text} (exception ${code}) reading ${request}`);
    this.reason = reason;
  }
}

/** No answer in time, or the connection failed: the device (or unit) is unreachable. */
export class ModbusTransportError extends Error {
  constructor(
    message: string,
    readonly timedOut: boolean,
  ) {
    super(message);
  }
}

export type ReadResult = { readonly registers: Buffer } | { readonly bits: readonly boolean[] };

/**
 * One Modbus/TCP connection (modbus-serial's client), with a time limit on
 * connecting and on every request that holds even when the library loses a
 * request (it drops pending callbacks when its socket is destroyed).
 */
export class ModbusConnection {
  private readonly client = new ModbusRTU();
  private readonly closing = new AbortController();

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly timeoutMs: number,
  ) {
    // The client re-emits socket errors; without a listener they would crash the process.
    this.client.on('error', () => {});
    this.client.setTimeout(timeoutMs);
  }

  get isOpen(): boolean {
    return this.client.isOpen && !this.closing.signal.aborted;
  }

  async connect(): Promise<void> {
    try {
      await this.limited(
        this.client.connectTCP(this.host, { port: this.port }),
        `connecting to ${this.endpoint}`,
      );
    } catch (error) {
      this.close();
      if (error instanceof ModbusTransportError) throw error;
      throw new ModbusTransportError(`cannot connect to ${this.endpoint}: ${messageOf(error)}`, false);
    }
  }

  /** Reads `count` registers or bits; bit reads are cut to `count` (the wire pads them to a multiple of 8). */
  async read(unit: number, table: Table, address: number, count: number): Promise<ReadResult> {
    const request = `${table} ${address}..${address + count - 1} of unit ${unit}`;
    if (!this.isOpen) throw new ModbusTransportError(`not connected to ${this.endpoint}`, false);
    this.client.setID(unit);
    try {
      switch (table) {
        case 'holding':
          return {
            registers: (await this.limited(this.client.readHoldingRegisters(address, count), request)).buffer,
          };
        case 'input':
          return {
            registers: (await this.limited(this.client.readInputRegisters(address, count), request)).buffer,
          };
        case 'coil':
          return {
            bits: (await this.limited(this.client.readCoils(address, count), request)).data.slice(0, count),
          };
        case 'discrete_input':
          return {
            bits: (await this.limited(this.client.readDiscreteInputs(address, count), request)).data.slice(
              0,
              count,
            ),
          };
      }
    } catch (error) {
      const code = (error as { modbusCode?: unknown } | null)?.modbusCode;
      if (typeof code === 'number') throw new ModbusException(code, request);
      if (error instanceof ModbusTransportError) throw error;
      if ((error as { errno?: unknown } | null)?.errno === 'ETIMEDOUT') throw this.noAnswer(request);
      throw new ModbusTransportError(`${request}: ${messageOf(error)}`, false);
    }
  }

  /** Closes the socket; pending requests fail at once. Idempotent. */
  close(): void {
    if (this.closing.signal.aborted) return;
    this.closing.abort();
    this.client.destroy(() => {});
  }

  private noAnswer(what: string): ModbusTransportError {
    return new ModbusTransportError(`${what}: no answer within ${this.timeoutMs} ms`, true);
  }

  private get endpoint(): string {
    return `${this.host}:${this.port}`;
  }

  /** Rejects when the time limit passes or the connection is closed, whatever the library does. */
  private limited<T>(promise: Promise<T>, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const signal = this.closing.signal;
      const onClose = () =>
        finish(() => reject(new ModbusTransportError(`${what}: connection closed`, false)));
      const timer = setTimeout(() => finish(() => reject(this.noAnswer(what))), this.timeoutMs);
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onClose);
        settle();
      };
      if (signal.aborted) return onClose();
      signal.addEventListener('abort', onClose);
      promise.then(
        (value) => finish(() => resolve(value)),
        (error: unknown) => finish(() => reject(error)),
      );
    });
  }
}

/** modbus-serial's own errors are plain objects with a message, not Error instances. */
function messageOf(error: unknown): string {
  const { message, name } = (error ?? {}) as { message?: unknown; name?: unknown };
  if (typeof message === 'string' && message !== '') return message;
  return typeof name === 'string' ? name : String(error);
}
