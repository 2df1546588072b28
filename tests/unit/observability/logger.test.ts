import { Writable } from 'node:stream';
import { createLogger, secretScrubber } from '../../../src/observability/logger';

function capture(secrets: string[]) {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger({ level: 'info', secrets, destination }), lines };
}

describe('logger', () => {
  it('redacts secret-named keys wherever they sit', () => {
    const { logger, lines } = capture([]);
    logger.info({ password: 'p', target: { token: 't', auth: { priv_key: 'k' } } }, 'connecting');
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line.password).toBe('[redacted]');
    expect(line.target).toEqual({ token: '[redacted]', auth: { priv_key: '[redacted]' } });
  });

  it('scrubs resolved secret values from messages and errors', () => {
    const { logger, lines } = capture(['s3cr3t-token', 'quote"d\\secret']);
    logger.error(
      { err: new Error('GET http://x/?token=s3cr3t-token failed') },
      'write with s3cr3t-token failed',
    );
    logger.warn({ detail: 'has quote"d\\secret inside' }, 'odd');
    expect(lines.join('')).not.toContain('s3cr3t-token');
    expect(lines.join('')).not.toContain('quote');
    expect(JSON.parse(lines[0]!).msg).toBe('write with [redacted] failed');
  });

  it('leaves short values alone, so that "1" or "yes" does not vanish from every line', () => {
    expect(secretScrubber(['1', 'yes'])('{"n":1,"ok":"yes"}')).toBe('{"n":1,"ok":"yes"}');
  });

  it('child loggers carry the component kind and instance name once', () => {
    const { logger, lines } = capture([]);
    logger.child({ component: 'collector', name: 'lab' }).info('started');
    expect(lines[0]!.match(/"name"/g)).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ component: 'collector', name: 'lab', msg: 'started' });
  });
});
