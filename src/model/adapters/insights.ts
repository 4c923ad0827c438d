/** Microsoft.Insights: Application Insights components (only their existence is read). */
import type { ArmResource } from '../inventory';
import type { ApplicationInsights } from '../types';
import { node } from './common';

export function applicationInsights(r: ArmResource): ApplicationInsights {
  return node(r);
}
