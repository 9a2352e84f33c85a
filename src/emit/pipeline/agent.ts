import type { AgentIR, GoIR } from '../../ir/types.js';
import { goCacheDirs } from '../../ir/naming.js';
import { plain } from '../../ir/values.js';
import { groovyString } from '../../lang/groovy.js';
import { yamlString } from '../../lang/yaml.js';
import type { GroovyWriter } from '../groovy/writer.js';
import { assertNever } from '../../util/never.js';

/** The pod of a kubernetes agent: one `go` container, arch node selector, cache and Docker socket mounts. */
export function podYaml(a: Extract<AgentIR, { type: 'kubernetes' }>, go: GoIR, pipelineName: string): string {
  const image = a.image ?? `golang:${go.version}`;
  const mounts: string[] = [];
  const volumes: string[] = [];
  if (go.cache) {
    mounts.push('        - name: go-cache', `          mountPath: ${yamlString(go.cache.root)}`);
    volumes.push('    - name: go-cache', '      hostPath:', `        path: ${yamlString(go.cache.root)}`, '        type: DirectoryOrCreate');
  }
  if (a.dockerSocket) {
    mounts.push('        - name: docker-socket', '          mountPath: "/var/run/docker.sock"');
    volumes.push('    - name: docker-socket', '      hostPath:', '        path: "/var/run/docker.sock"', '        type: Socket');
  }
  const resources =
    a.cpu !== undefined || a.memory !== undefined
      ? [
          '      resources:',
          '        requests:',
          ...(a.cpu !== undefined ? [`          cpu: ${yamlString(a.cpu)}`] : []),
          ...(a.memory !== undefined ? [`          memory: ${yamlString(a.memory)}`] : []),
        ]
      : [];
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  labels:',
    `    jslc.dev/pipeline: ${yamlString(pipelineName)}`,
    'spec:',
    '  nodeSelector:',
    `    kubernetes.io/arch: ${yamlString(plain(a.arch))}`,
    '  containers:',
    '    - name: "go"',
    `      image: ${yamlString(image)}`,
    '      command: ["sleep"]',
    '      args: ["infinity"]',
    ...resources,
    ...(mounts.length ? ['      volumeMounts:', ...mounts] : []),
    ...(volumes.length ? ['  volumes:', ...volumes] : []),
    '',
  ].join('\n');
}

/** `agent …` for a pipeline or a stage. */
export function writeAgent(w: GroovyWriter, a: AgentIR, go: GoIR, pipelineName: string): void {
  switch (a.type) {
    case 'any':
      w.line('agent any');
      return;
    case 'none':
      w.line('agent none');
      return;
    case 'label':
      w.block('agent', (b) => b.line(`label ${groovyString(a.label)}`));
      return;
    case 'docker': {
      const cacheArgs = go.cache ? `-v ${go.cache.volume}:${go.cache.root}` : '';
      const args = [cacheArgs, a.args].filter((x) => x !== '').join(' ');
      w.block('agent', (b) =>
        b.block('docker', (d) => {
          d.line(`image ${groovyString(a.image)}`);
          if (args !== '') d.line(`args ${groovyString(args)}`);
          if (a.label !== undefined) d.line(`label ${groovyString(a.label)}`);
          if (a.reuseNode) d.line('reuseNode true');
          if (a.alwaysPull) d.line('alwaysPull true');
        }),
      );
      return;
    }
    case 'kubernetes':
      w.block('agent', (b) =>
        b.block('kubernetes', (k) => {
          if (a.cloud !== undefined) k.line(`cloud ${groovyString(a.cloud)}`);
          if (a.inheritFrom !== undefined) k.line(`inheritFrom ${groovyString(a.inheritFrom)}`);
          if (a.serviceAccount !== undefined) k.line(`serviceAccount ${groovyString(a.serviceAccount)}`);
          k.line(`defaultContainer 'go'`);
          k.line(`yaml ${groovyString(podYaml(a, go, pipelineName))}`);
        }),
      );
      return;
    default:
      assertNever(a, 'agent type');
  }
}

/** Environment entries derived from the Go settings, in a fixed order. */
export function goEnvironment(go: GoIR): [string, string][] {
  const env: [string, string][] = [];
  if (go.toolchain === 'pin') env.push(['GOTOOLCHAIN', `go${go.version}`]);
  else if (go.toolchain === 'auto') env.push(['GOTOOLCHAIN', `go${go.version}+auto`]);
  else env.push(['GOTOOLCHAIN', 'local']);
  env.push(['GO111MODULE', go.modules]);
  env.push(['GOPROXY', go.proxy.join(',')]);
  if (go.private.length) env.push(['GOPRIVATE', go.private.join(',')]);
  if (go.flags.length) env.push(['GOFLAGS', go.flags.join(' ')]);
  if (go.cache) {
    const dirs = goCacheDirs(go.cache.root, go.version);
    env.push(['GOCACHE', dirs.GOCACHE], ['GOMODCACHE', dirs.GOMODCACHE], ['GOTMPDIR', dirs.GOTMPDIR]);
  }
  return env;
}
