import type { Custom, ParamRef } from '../ir/types.js';

/**
 * Refer to a parameter of the pipeline var. The value is supplied by the
 * Jenkinsfile that calls the pipeline (`goServicePipeline(image: '…')`) and is
 * resolved at run time. Validation checks that the parameter is declared.
 *
 * @example stage.image({ repository: param('image') })
 */
export function param<N extends string>(name: N): ParamRef & { readonly name: N } {
  return { kind: 'param', name };
}

/**
 * A value outside a closed set that jslc knows (a platform, a CPU architecture,
 * a base image…). The value is still validated for safety, just not against
 * the list of known values.
 *
 * @example stage.build({ platforms: ['linux/amd64', custom('plan9/amd64')] })
 */
export function custom<T extends string>(value: T): Custom<T> {
  return { kind: 'custom', value };
}
