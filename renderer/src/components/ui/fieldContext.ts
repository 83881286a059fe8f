import type { ComputedRef, InjectionKey } from 'vue';

/** What UiField tells the control inside it: the id its label points to, and how to describe errors. */
export interface FieldContext {
  id: ComputedRef<string>;
  labelId: ComputedRef<string>;
  describedBy: ComputedRef<string | undefined>;
  invalid: ComputedRef<boolean>;
  required: ComputedRef<boolean>;
}

export const FIELD_CONTEXT: InjectionKey<FieldContext> = Symbol('field');
