import { z } from 'zod';
import { autoConfigSchema } from './auto/config';
import { cusumConfigSchema } from './cusum/config';
import { ewmaConfigSchema } from './ewma/config';
import { flatlineConfigSchema } from './flatline/config';
import { madConfigSchema } from './mad/config';
import { missingConfigSchema } from './missing/config';
import { rateOfChangeConfigSchema } from './rate-of-change/config';
import { seasonalConfigSchema } from './seasonal/config';
import { thresholdConfigSchema } from './threshold/config';
import { zscoreConfigSchema } from './zscore/config';

/** Every detector type's settings; each detector adds its schema here. */
export const detectorConfigSchema = z.discriminatedUnion('type', [
  autoConfigSchema,
  zscoreConfigSchema,
  thresholdConfigSchema,
  ewmaConfigSchema,
  madConfigSchema,
  seasonalConfigSchema,
  rateOfChangeConfigSchema,
  flatlineConfigSchema,
  missingConfigSchema,
  cusumConfigSchema,
]);
export type DetectorConfig = z.output<typeof detectorConfigSchema>;
