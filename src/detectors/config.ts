import { z } from 'zod';
import { autoConfigSchema } from './auto/config';
import { zscoreConfigSchema } from './zscore-config';

/** Every detector type's settings; each detector adds its schema here. */
export const detectorConfigSchema = z.discriminatedUnion('type', [autoConfigSchema, zscoreConfigSchema]);
export type DetectorConfig = z.output<typeof detectorConfigSchema>;
