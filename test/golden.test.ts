import { synth } from '../src/driver/driver.js';
import { goldenLibrary } from '../src/testing/index.js';
import { EXAMPLE_SOURCE, allFeaturesLibrary, exampleLibrary } from './support/example.js';

// vars-out/ is the committed output of the example: any change to the
// compiler that changes it must be reviewed (JSLC_UPDATE_GOLDEN=1 npm test).
test('vars-out/ is exactly what the example compiles to', async () => {
  const files = synth(await exampleLibrary(), { source: EXAMPLE_SOURCE });
  expect(goldenLibrary(files, 'vars-out')).toBeNull();
});

test('the all-features fixture matches its golden library', async () => {
  const files = synth(await allFeaturesLibrary(), { source: 'fixtures/valid/all-features.ts' });
  expect(goldenLibrary(files, 'test/__golden__/all-features')).toBeNull();
});
