import { z } from 'zod';
import { zscoreConfigSchema } from './zscore-config';

/** Every detector type's settings; each detector adds its schema here. */
export const detectorConfigSchema = z.discriminatedUnion('type', [zscoreConfigSchema]);
export type DetectorConfig = z.output<typeof detectorConfigSchema>;
