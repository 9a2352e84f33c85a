import type { CheckoutStageIR } from '../../ir/types.js';
import { call } from '../groovy/expr.js';
import type { VarSpec } from './spec.js';
import { STEP_VAR_BY_KIND } from '../../ir/vars.js';
import { opt } from './spec.js';

export const goCheckout: VarSpec = {
  name: STEP_VAR_BY_KIND.checkout,
  summary: 'Check out the sources and fetch tags so that git describe finds the version.',
  description:
    "Without url, checks out the job's own SCM (checkout scm). With url, clones that git repository " +
    'at branch, using credentialsId when given. With fetchTags, unshallows the clone and fetches tags.',
  params: [
    opt('url', 'string', null, "Git repository URL; default: the job's SCM."),
    opt('branch', 'string', 'main', 'Branch to check out when url is given.'),
    opt('credentialsId', 'string', null, 'Jenkins credentials for the repository.'),
    opt('fetchTags', 'boolean', true, 'Fetch tags (and unshallow) for git describe.'),
  ],
  example: "goCheckout(url: 'https://github.com/acme/app.git', branch: 'main')",
  body: (w) =>
    w.code(`
      if (cfg.url) {
          Map gitArgs = [url: cfg.url, branch: cfg.branch]
          if (cfg.credentialsId) {
              gitArgs.put('credentialsId', cfg.credentialsId)
          }
          git(gitArgs)
      } else {
          checkout(scm)
      }
      if (cfg.fetchTags) {
          sh(label: 'git fetch --tags', script: jslcSupport.script('git-tags.sh'))
      }
    `),
};

/** The `goCheckout` calls a checkout stage turns into, each a full line. */
export function goCheckoutCalls(s: CheckoutStageIR): string[] {
  return s.source.type === 'scm'
    ? [call(goCheckout.name, { fetchTags: s.fetchTags })]
    : [call(goCheckout.name, { url: s.source.url, branch: s.source.branch, credentialsId: s.source.credentialsId, fetchTags: s.fetchTags })];
}
