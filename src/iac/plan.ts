/**
 * What every before-deployment input (ARM template, what-if result, Terraform plan) turns into:
 * planned resources in the shape a GET returns them, the ids it deletes, and what it could not know.
 * The overlay (src/iac/overlay.ts) lays a Plan over a base inventory (live scan or snapshot) by id,
 * and the model and rules run on the result exactly as on a live scan.
 */
import type { ArmResource } from '../model/inventory';

export type PlanSourceKind = 'template' | 'terraform-plan' | 'what-if';

/** Where a planned resource is declared: carried on findings (`source`) and put first in SARIF locations. */
export interface SourceRef {
  kind: PlanSourceKind;
  /** The path as the user gave it. */
  file: string;
  /** Symbolic name, Terraform address, or resource id. */
  name: string;
  /** 1-based line of the declaration in `file`, where known. */
  line?: number;
}

/** A value the input cannot know before deployment: the rules that need it are unevaluated (AMLNET900), never passed. */
export interface UnknownValue {
  /** The ARM id of the resource that holds it. */
  resourceId: string;
  /** A dotted path into the GET shape, e.g. `properties.subnet.id`. */
  property: string;
  /** Why it is unknown, e.g. "reference() to a resource outside the deployment", "known after apply". */
  reason: string;
}

/** A resource the input refers to that it does not declare (an existing VNet, a `data` source). */
export interface MissingReference {
  /** The referenced id (ARM form) or, when no id can be built, the input's own name for it. */
  id: string;
  /** Who refers to it. */
  from: SourceRef;
  reason: string;
}

export interface PlannedResource {
  resource: ArmResource;
  source: SourceRef;
}

export interface Plan {
  kind: PlanSourceKind;
  file: string;
  /** Resources created, modified, deployed or confirmed (no-op): each replaces the base's resource with its id. */
  upserts: PlannedResource[];
  /** Resources the change deletes: removed from the base. */
  deletes: { id: string; source: SourceRef }[];
  unknowns: UnknownValue[];
  missing: MissingReference[];
  /** Changes the input reports but amlnet does not apply (what-if Ignore/Unsupported, unmapped types), said in the report. */
  notes: string[];
}
