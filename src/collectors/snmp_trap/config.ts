import { z } from 'zod';
import { secretReference } from '../../config/secrets';
import { duration } from '../../config/units';
import { isolationShape } from '../common';
import { v3UserSchema } from '../snmp/config';

export const snmpTrapConfigSchema = z
  .strictObject({
    type: z.literal('snmp_trap'),
    address: z.string().min(1).default('0.0.0.0').describe('Address to listen on (UDP, IPv4).'),
    port: z.number().int().min(1).max(65535).default(162).describe('UDP port (162 needs privileges).'),
    communities: z
      .array(secretReference())
      .default([])
      .describe(
        'v1/v2c communities accepted, as secret references; traps with any other are counted and dropped.',
      ),
    users: z
      .array(v3UserSchema)
      .default([])
      .describe('v3 users accepted; traps from unknown users or with wrong keys are counted and dropped.'),
    ...isolationShape,
    inactivity_timeout: duration()
      .default(0)
      .describe('Traps come when something happens: 0 (the default) never restarts a quiet receiver.'),
  })
  .describe('Receives SNMP traps and informs (v1, v2c, v3) and turns them into samples.');

export type SnmpTrapConfig = z.output<typeof snmpTrapConfigSchema>;
