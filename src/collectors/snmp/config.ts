import { z } from 'zod';
import { secretReference } from '../../config/secrets';
import { objectName, positiveDuration } from '../../config/units';
import { isolationShape } from '../common';
import { OBJECT_SET_NAMES } from './objects';

/** Shapes shared with the trap receiver: SNMPv3 users and their protocols. */
export const v3UserSchema = z
  .strictObject({
    name: z.string().min(1).describe('USM user name.'),
    level: z
      .enum(['no_auth_no_priv', 'auth_no_priv', 'auth_priv'])
      .default('auth_priv')
      .describe('Security level: no authentication, authentication only, or authentication and privacy.'),
    auth_protocol: z
      .enum(['md5', 'sha', 'sha224', 'sha256', 'sha384', 'sha512'])
      .default('sha')
      .describe('Authentication protocol (levels auth_no_priv and auth_priv).'),
    auth_key: secretReference().optional().describe('Authentication passphrase, as a secret reference.'),
    priv_protocol: z
      .enum(['des', 'aes', 'aes256b', 'aes256r'])
      .default('aes')
      .describe('Privacy protocol (level auth_priv); aes is AES-128-CFB.'),
    priv_key: secretReference().optional().describe('Privacy passphrase, as a secret reference.'),
  })
  .superRefine((user, ctx) => {
    const needs = (key: 'auth_key' | 'priv_key') => {
      if (user[key] === undefined) {
        ctx.issues.push({
          code: 'custom',
          input: user,
          path: [key],
          message: `level ${user.level} needs ${key}`,
        });
      }
    };
    if (user.level !== 'no_auth_no_priv') needs('auth_key');
    if (user.level === 'auth_priv') needs('priv_key');
  });

export type V3UserConfig = z.output<typeof v3UserSchema>;

/** A numeric OID (1.3.6.1...) or a name the bundled MIBs resolve (IF-MIB::ifName). */
const oidSchema = z
  .string()
  .regex(
    /^(\.?\d+(\.\d+)+|[A-Za-z][\w-]*::[A-Za-z][\w-]*(\.\d+)*)$/,
    'expected a numeric OID such as 1.3.6.1.2.1.1.3.0 or a MIB name such as IF-MIB::ifName',
  );

const fieldName = z.string().regex(/^[A-Za-z_][\w.-]*$/, 'names are letters, digits, "_", "." or "-"');

const scalarSchema = z.strictObject({
  name: fieldName.describe('Field (or tag) name.'),
  oid: oidSchema.describe('OID of the instance to GET, e.g. 1.3.6.1.2.1.1.3.0 or SNMPv2-MIB::sysUpTime.0.'),
  is_tag: z.boolean().default(false).describe('Make the value a tag of the measurement instead of a field.'),
});

const columnSchema = z.strictObject({
  name: fieldName.describe('Field (or tag) name.'),
  oid: oidSchema.describe('OID of the column, e.g. 1.3.6.1.2.1.31.1.1.1.6 or IF-MIB::ifHCInOctets.'),
  is_tag: z
    .boolean()
    .default(false)
    .describe('Make the column a tag of each row (like ifName) instead of a field.'),
});

const tableSchema = z.strictObject({
  measurement: z.string().min(1).describe('Measurement of the row samples.'),
  index_tag: fieldName
    .default('index')
    .describe('Tag that carries the row index (the OID suffix after the column).'),
  columns: z.array(columnSchema).min(1).describe('Columns walked with GETBULK, each up to its subtree end.'),
});

const scalarGroupSchema = z.strictObject({
  measurement: z.string().min(1).describe('Measurement of the sample that carries these scalars.'),
  objects: z.array(scalarSchema).min(1).describe('Scalar instances fetched with GET.'),
});

const agentSchema = z
  .strictObject({
    host: z.string().min(1).describe('Address or host name of the agent.'),
    port: z.number().int().min(1).max(65535).default(161).describe('UDP port.'),
    version: z.enum(['2c', '3']).default('2c').describe('SNMP version.'),
    community: secretReference().optional().describe('v2c community, as a secret reference.'),
    user: v3UserSchema.optional().describe('v3 user.'),
    context: z.string().default('').describe('v3 context name.'),
  })
  .superRefine((agent, ctx) => {
    const missing = agent.version === '2c' ? 'community' : 'user';
    if (agent[missing] === undefined) {
      ctx.issues.push({
        code: 'custom',
        input: agent,
        path: [missing],
        message: `version ${agent.version} needs ${missing}`,
      });
    }
  });

export const snmpConfigSchema = z
  .strictObject({
    type: z.literal('snmp'),
    interval: positiveDuration()
      .default(10_000)
      .describe('Time between polls of each agent (must be shorter than inactivity_timeout).'),
    timeout: positiveDuration().default(2_000).describe('Time to wait for each response before a retry.'),
    retries: z
      .number()
      .int()
      .min(0)
      .max(10)
      .default(1)
      .describe('Retransmissions of a request without response.'),
    poll_budget: positiveDuration()
      .optional()
      .describe(
        'Total time one poll of one agent may take; the interval when absent. Past it the poll fails.',
      ),
    max_repetitions: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(50)
      .describe('GETBULK max-repetitions: rows asked for per request of a table walk.'),
    max_concurrency: z
      .number()
      .int()
      .min(1)
      .max(64)
      .default(4)
      .describe('Requests in flight per agent (columns of tables are walked in parallel up to this).'),
    agents: z.record(objectName, agentSchema).describe('Agents by name; the name becomes the `agent` tag.'),
    object_sets: z
      .array(z.enum(OBJECT_SET_NAMES))
      .default(['system', 'if_mib'])
      .describe('Built-in object sets (numeric OIDs, no MIB files needed): system, if_mib, host_resources.'),
    scalars: z.array(scalarGroupSchema).default([]).describe('Your own scalars, grouped into measurements.'),
    tables: z.array(tableSchema).default([]).describe('Your own tables.'),
    ...isolationShape,
  })
  .superRefine((config, ctx) => {
    // Samples come in bursts, one per poll: a shorter silence limit would restart a healthy collector.
    const longestSilence = Math.max(config.interval, config.poll_budget ?? 0);
    if (!(config.inactivity_timeout > longestSilence)) {
      ctx.issues.push({
        code: 'custom',
        input: config.inactivity_timeout,
        path: ['inactivity_timeout'],
        message: `must be longer than interval and poll_budget (${longestSilence} ms): polls deliver in bursts`,
      });
    }
  })
  .describe('Polls SNMP agents (v2c, v3): scalars with GET, tables with GETBULK walks.');

export type SnmpConfig = z.output<typeof snmpConfigSchema>;
export type SnmpAgentConfig = z.output<typeof agentSchema>;
export type SnmpTableConfig = z.output<typeof tableSchema>;
export type SnmpScalarGroupConfig = z.output<typeof scalarGroupSchema>;
