import type { ComponentType } from 'react';
import type { ParamSchema, ParamValues } from './params';

/** What a widget component receives from the kit. */
export interface WidgetProps<S extends ParamSchema> {
  /** The current, validated parameter values. */
  values: ParamValues<S>;
  /**
   * Changes some parameters. Values are brought inside the schema (clamped, rounded); one it
   * cannot use (not an option, not finite, the wrong shape) leaves that parameter as it was.
   */
  set: (patch: Partial<ParamValues<S>>) => void;
  /** True when the widget is shown large, for a projector. */
  present: boolean;
}

/** The contract of one widget of an article (its title and description live in the article's meta). */
export interface WidgetDefinition<S extends ParamSchema = ParamSchema> {
  /** Unique within the article; used in URLs (`/embed/<slug>/<id>/`) and `data-widget`. */
  id: string;
  /** The parameter schema: URL state, validation, reset and the docs all come from it. */
  params: S;
  /** The view. */
  Component: ComponentType<WidgetProps<S>>;
  /**
   * 'tfjs' when the widget computes through `useComputeBackend` (on a tfjs backend, or on the
   * plain-TypeScript path where the core measures it faster); the frame then shows the backend.
   */
  compute: 'js' | 'tfjs';
  /** Height in CSS pixels that an embedding iframe should give it. */
  embedHeight: number;
}

/** A widget definition with its schema type erased, as the registry and the host hold it. */
export type AnyWidgetDefinition = Omit<WidgetDefinition, 'Component'> & {
  Component: ComponentType<WidgetProps<ParamSchema>>;
};

/**
 * Checks a widget definition's types against its own schema, then erases the schema type so
 * that an article can list its widgets together. The host only ever passes the component values
 * that were validated against that same schema.
 */
export function defineWidget<S extends ParamSchema>(
  definition: WidgetDefinition<S>,
): AnyWidgetDefinition {
  return definition as unknown as AnyWidgetDefinition;
}
