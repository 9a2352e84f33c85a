/** The parser of the executor's --trace-exec output (strace -f -e trace=execve -v -xx): byte-exact argv and env. */
import { parseExecLine } from '../src/testing/exec-trace.js';

const hex = (s: string): string => [...Buffer.from(s, 'utf8')].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');

describe('exec trace', () => {
  test('decodes path, argv and environment of a finished call', () => {
    const line = `132   execve("${hex('/usr/bin/cosign')}", ["${hex('cosign')}", "${hex('sign')}", "${hex('--key')}", "${hex('a "b"\n$c é 😀')}"], ["${hex('COSIGN_PASSWORD=p4ss')}", "${hex('PATH=/bin')}"]) = 0`;
    expect(parseExecLine(line, 'sh-1.trace')).toEqual({
      file: 'sh-1.trace',
      path: '/usr/bin/cosign',
      argv: ['cosign', 'sign', '--key', 'a "b"\n$c é 😀'],
      env: ['COSIGN_PASSWORD=p4ss', 'PATH=/bin'],
    });
  });

  test('reads the first half of an interleaved call, a failed call, and a call without printed environment', () => {
    expect(parseExecLine(`140 execve("${hex('/bin/go')}", ["${hex('go')}", "${hex('test')}"], ["${hex('A=1')}"] <unfinished ...>`)?.argv).toEqual([
      'go',
      'test',
    ]);
    expect(parseExecLine(`141 execve("${hex('/usr/local/sbin/git')}", ["${hex('git')}"], []) = -1 ENOENT (No such file or directory)`)?.path).toBe(
      '/usr/local/sbin/git',
    );
    expect(parseExecLine(`142 execve("${hex('/bin/sh')}", ["${hex('sh')}"], 0x7ffe6014c998 /* 6 vars */) = 0`)).toEqual({
      file: '',
      path: '/bin/sh',
      argv: ['sh'],
      env: [],
    });
    expect(parseExecLine('140 <... execve resumed>) = 0')).toBeUndefined();
    expect(parseExecLine('132 --- SIGCHLD {si_signo=SIGCHLD} ---')).toBeUndefined();
  });
});
