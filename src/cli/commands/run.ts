/**
 * `jslc run <Jenkinsfile>`: its help; the command itself is src/cli/run.ts, which reads its own arguments
 * (main.ts hands them over unparsed).
 */
import type { CommandModule } from '../command.js';
import { RUN_HELP } from '../run.js';

const run: CommandModule = {
  help: () => RUN_HELP,
  run: () => Promise.reject(new Error('jslc run reads its own arguments: main.ts calls runCommand')),
};

export default run;
