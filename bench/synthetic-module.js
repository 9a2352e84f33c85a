/**
 * A synthetic Go module for bench:pipeline at scale (`node bench/pipeline.js --packages N`): generated at bench time
 * into the bench's temp work dir, never committed. Deterministic: the same `packages` and `seed` give the same bytes.
 *
 * Layout: `example.com/synthetic`, `go 1.21`; `main.go` at the root (package main, `var version = "dev"`, prints
 * `synthetic <version>` with `-version`) importing the packages no other package imports, so the binary links all
 * of them; `internal/pNNN` packages in layers of about √N packages: a package of layer L imports 2–3 packages of
 * lower index, one of them in layer L-1 (a DAG as deep as the layers are many: compile parallelism, but real
 * dependency chains). Each package: a mutex-guarded word index (map + sort), byte transforms, an iterated SHA-256,
 * a goroutine fan-out (something for `-race` to instrument), and a `_test.go` of three tests of a few ms.
 *
 * Only the standard library and the two modules fixtures/go-service already uses (same versions, same go.sum
 * lines): github.com/google/uuid in every 20th package (5, 25, …) and github.com/go-chi/chi/v5 in every 40th (13,
 * 53, …). go.mod and go.sum require exactly the modules imported, so `go mod tidy` leaves them unchanged.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const MODULE_PATH = 'example.com/synthetic';

/** The fixture's versions (fixtures/go-service/go.mod, go.sum); the network reaches only the Go module proxy. */
const UUID = {
  path: 'github.com/google/uuid',
  version: 'v1.6.0',
  sum: [
    'github.com/google/uuid v1.6.0 h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=',
    'github.com/google/uuid v1.6.0/go.mod h1:TIyPZe4MgqvfeYDBFedMoGGpEw/LqOeaOT+nhxU+yHo=',
  ],
};
const CHI = {
  path: 'github.com/go-chi/chi/v5',
  version: 'v5.2.3',
  sum: [
    'github.com/go-chi/chi/v5 v5.2.3 h1:WQIt9uxdsAbgIYgid+BpYc+liqQZGMHRaUwp0JUcvdE=',
    'github.com/go-chi/chi/v5 v5.2.3/go.mod h1:L2yAIGWB3H+phAw1NxKwWM+7eUH/lU8pOMm5hHcoops=',
  ],
};

const WORDS = [
  'apple',
  'birch',
  'cedar',
  'delta',
  'ember',
  'fjord',
  'grove',
  'heron',
  'iris',
  'juniper',
  'kestrel',
  'lotus',
  'maple',
  'nectar',
  'otter',
  'pepper',
  'quartz',
  'raven',
  'sage',
  'thyme',
  'umber',
  'violet',
  'willow',
  'yarrow',
  'zephyr',
  'amber',
  'basil',
  'coral',
  'dune',
  'fern',
  'garnet',
  'hazel',
  'indigo',
  'jade',
  'kelp',
  'lichen',
];

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The module's shape: packages, their layers and imports, which ones main imports. No I/O. */
export function syntheticPlan({ packages = 200, seed = 1 } = {}) {
  if (!Number.isInteger(packages) || packages < 1) throw new Error(`packages must be a positive integer, got ${packages}`);
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  const rand = prng(seed);
  const int = (n) => Math.floor(rand() * n);
  const width = Math.max(2, Math.round(Math.sqrt(packages)));
  const digits = Math.max(3, String(packages - 1).length);
  const name = (i) => `p${String(i).padStart(digits, '0')}`;
  const pkgs = [];
  for (let i = 0; i < packages; i++) {
    const layer = Math.floor(i / width);
    const pos = i % width;
    const deps = new Set();
    if (layer > 0) {
      const prevStart = (layer - 1) * width;
      // One import from the layer below (the same position: each package of a layer is imported by the next one
      // when that is full), then 1–2 more of any lower index.
      deps.add(prevStart + pos);
      const lower = layer * width;
      const want = Math.min(lower, 2 + int(2));
      while (deps.size < want) deps.add(int(lower));
    }
    const words = [];
    while (words.length < 3) {
      const w = WORDS[int(WORDS.length)];
      if (!words.includes(w)) words.push(w);
    }
    pkgs.push({
      index: i,
      name: name(i),
      layer,
      deps: [...deps].sort((a, b) => a - b),
      salt: (int(0x100000000) >>> 0).toString(16).padStart(8, '0'),
      rot: 1 + int(25),
      rounds: 2000 + int(2000),
      words,
      order: [0, 0, 0, 1, 1, 2]
        .map((k) => [k, rand()])
        .sort((a, b) => a[1] - b[1])
        .map(([k]) => k),
      uses: i % 40 === 13 ? 'chi' : i % 20 === 5 ? 'uuid' : undefined,
    });
  }
  const imported = new Set(pkgs.flatMap((p) => p.deps));
  const roots = pkgs.filter((p) => !imported.has(p.index)).map((p) => p.index);
  return { module: MODULE_PATH, seed, width, layers: Math.ceil(packages / width), packages: pkgs, roots };
}

function goImports(std, local) {
  const groups = [std.sort(), local.sort()].filter((g) => g.length > 0);
  return `import (\n${groups.map((g) => g.map((p) => `\t"${p}"\n`).join('')).join('\n')})\n`;
}

function packageSource(p, plan) {
  const header = `// Code generated by bench/synthetic-module.js (seed ${plan.seed}). DO NOT EDIT.\n\n`;
  const depNames = p.deps.map((d) => plan.packages[d].name);
  const std = ['crypto/sha256', 'encoding/hex', 'sort', 'strings', 'sync'];
  const local = depNames.map((d) => `${MODULE_PATH}/internal/${d}`);
  if (p.uses === 'uuid') local.push(UUID.path);
  if (p.uses === 'chi') {
    std.push('fmt', 'io', 'net/http', 'strconv');
    local.push(CHI.path);
  }
  const sigInput = depNames.length ? `strings.Join([]string{${depNames.map((d) => `${d}.Signature()`).join(', ')}}, ",")` : `"${p.name}"`;
  let src = `${header}// Package ${p.name} is package ${p.index} (layer ${p.layer}) of the synthetic module of bench:pipeline.
package ${p.name}

${goImports(std, local)}
// Salt makes this package's digests its own.
const Salt = "${p.salt}"

// Rot is the rotation Transform applies to ASCII letters.
const Rot = ${p.rot}

// Record is a word and how often it was seen.
type Record struct {
	Word  string
	Count int
}

// Index counts words; safe for concurrent use.
type Index struct {
	mu     sync.Mutex
	counts map[string]int
}

// NewIndex returns an empty index.
func NewIndex() *Index { return &Index{counts: make(map[string]int)} }

// Add counts the words of text: lower-cased, split on anything but ASCII letters and digits.
func (x *Index) Add(text string) {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, w := range words {
		x.counts[w]++
	}
}

// Top returns the n most frequent words, most frequent first, ties in word order.
func (x *Index) Top(n int) []Record {
	x.mu.Lock()
	out := make([]Record, 0, len(x.counts))
	for w, c := range x.counts {
		out = append(out, Record{Word: w, Count: c})
	}
	x.mu.Unlock()
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Word < out[j].Word
	})
	if n < len(out) {
		out = out[:n]
	}
	return out
}

// Count adds each text to one index from a goroutine of its own.
func Count(texts []string) *Index {
	x := NewIndex()
	var wg sync.WaitGroup
	for _, t := range texts {
		wg.Add(1)
		go func(t string) {
			defer wg.Done()
			x.Add(t)
		}(t)
	}
	wg.Wait()
	return x
}

// Transform rotates the ASCII letters of b by Rot and reverses the bytes.
func Transform(b []byte) []byte { return turn(b, Rot) }

// Untransform undoes Transform.
func Untransform(b []byte) []byte { return turn(b, 26-Rot) }

func turn(b []byte, k int) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		switch {
		case c >= 'a' && c <= 'z':
			c = 'a' + byte((int(c-'a')+k)%26)
		case c >= 'A' && c <= 'Z':
			c = 'A' + byte((int(c-'A')+k)%26)
		}
		out[len(b)-1-i] = c
	}
	return out
}

// Digest is the hex SHA-256 of Salt+s, hashed again rounds-1 times.
func Digest(s string, rounds int) string {
	sum := sha256.Sum256([]byte(Salt + s))
	for i := 1; i < rounds; i++ {
		sum = sha256.Sum256(sum[:])
	}
	return hex.EncodeToString(sum[:])
}

// Mix passes s through the Transform of each package this one imports, then its own.
func Mix(s string) string {
	b := []byte(s)
${depNames.map((d) => `\tb = ${d}.Transform(b)\n`).join('')}	return string(Transform(b))
}

var signature = "${p.name}:" + Digest(${sigInput}, 16)[:16]

// Signature names this package and, through their signatures, the packages it imports.
func Signature() string { return signature }
`;
  if (p.uses === 'uuid') {
    src += `
// ID is the name-based (SHA-1) UUID of Salt+name.
func ID(name string) string {
	return uuid.NewSHA1(uuid.NameSpaceOID, []byte(Salt+name)).String()
}
`;
  }
  if (p.uses === 'chi') {
    src += `
// Router serves an index: POST /words adds the request body, GET /top/{n} lists the n most frequent words.
func Router(x *Index) http.Handler {
	r := chi.NewRouter()
	r.Post("/words", func(w http.ResponseWriter, req *http.Request) {
		body, err := io.ReadAll(req.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		x.Add(string(body))
		w.WriteHeader(http.StatusNoContent)
	})
	r.Get("/top/{n}", func(w http.ResponseWriter, req *http.Request) {
		n, err := strconv.Atoi(chi.URLParam(req, "n"))
		if err != nil || n < 0 {
			http.Error(w, "bad n", http.StatusBadRequest)
			return
		}
		for _, rec := range x.Top(n) {
			fmt.Fprintf(w, "%s %d\\n", rec.Word, rec.Count)
		}
	})
	return r
}
`;
  }
  return src;
}

function testSource(p, plan) {
  const [w0, w1, w2] = p.words;
  // The words 3, 2 and 1 times, shuffled, in mixed case with punctuation.
  const seps = [', ', ' ', '; ', ' - ', '. ', '  '];
  const cases = [(w) => w, (w) => w.toUpperCase(), (w) => w[0].toUpperCase() + w.slice(1)];
  const text = p.order.map((k, j) => cases[(j + p.index) % 3](p.words[k]) + (j < 5 ? seps[(j + p.index) % seps.length] : '.')).join('');
  const std = ['bytes', 'math/rand', 'strings', 'testing'];
  const local = [];
  if (p.uses === 'uuid') local.push(UUID.path);
  if (p.uses === 'chi') std.push('net/http', 'net/http/httptest', 'sync');
  let src = `// Code generated by bench/synthetic-module.js (seed ${plan.seed}). DO NOT EDIT.

package ${p.name}

${goImports(std, local)}
func TestTop(t *testing.T) {
	x := NewIndex()
	x.Add("${text}")
	got := x.Top(2)
	want := []Record{{Word: "${w0}", Count: 3}, {Word: "${w1}", Count: 2}}
	if len(got) != len(want) {
		t.Fatalf("Top(2) = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Top(2)[%d] = %v, want %v", i, got[i], want[i])
		}
	}
	if s := Signature(); !strings.HasPrefix(s, "${p.name}:") || len(s) != len("${p.name}:")+16 {
		t.Errorf("Signature() = %q", s)
	}
`;
  if (p.uses === 'uuid') {
    src += `	id := ID("${w2}")
	if u, err := uuid.Parse(id); err != nil || u.Version() != 5 || id != ID("${w2}") {
		t.Errorf("ID(%q) = %q (%v)", "${w2}", id, err)
	}
`;
  }
  src += `}

func TestRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewSource(${p.index + 1}))
	buf := make([]byte, 256)
	for i := 0; i < 300; i++ {
		in := buf[:rng.Intn(len(buf))]
		for j := range in {
			in[j] = byte(' ' + rng.Intn(95))
		}
		if out := Untransform(Transform(in)); !bytes.Equal(out, in) {
			t.Fatalf("Untransform(Transform(%q)) = %q", in, out)
		}
	}
	if a, b := Digest("${w2}", ${p.rounds}), Digest("${w2}", ${p.rounds}); a != b || len(a) != 64 {
		t.Errorf("Digest: %q, %q", a, b)
	}
	if m := Mix("${w0}"); len(m) != len("${w0}") || m != Mix("${w0}") {
		t.Errorf("Mix(%q) = %q", "${w0}", m)
	}
}
`;
  if (p.uses === 'chi') {
    src += `
func TestRouter(t *testing.T) {
	h := Router(NewIndex())
	var wg sync.WaitGroup
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/words", strings.NewReader("${w1} ${w0} ${w0}")))
			if rec.Code != http.StatusNoContent {
				t.Errorf("POST /words: %d", rec.Code)
			}
		}()
	}
	wg.Wait()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/top/2", nil))
	if got, want := rec.Body.String(), "${w0} 32\\n${w1} 16\\n"; got != want {
		t.Errorf("GET /top/2 = %q, want %q", got, want)
	}
}
`;
  } else {
    src += `
func TestConcurrent(t *testing.T) {
	texts := make([]string, 64)
	for i := range texts {
		texts[i] = "${w1} ${w2} ${w2}"
	}
	got := Count(texts).Top(3)
	want := []Record{{Word: "${w2}", Count: 128}, {Word: "${w1}", Count: 64}}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("Count(…).Top(3) = %v, want %v", got, want)
	}
}
`;
  }
  return src;
}

function mainSource(plan) {
  const roots = plan.roots.map((r) => plan.packages[r].name);
  return `// Code generated by bench/synthetic-module.js (seed ${plan.seed}). DO NOT EDIT.

// Command synthetic is the main package of the synthetic module of bench:pipeline (${plan.packages.length} packages).
package main

${goImports(
  ['flag', 'fmt', 'strings'],
  roots.map((r) => `${MODULE_PATH}/internal/${r}`),
)}
// version is overridden at build time with
// -ldflags "-X main.version=<git describe>".
var version = "dev"

func main() {
	showVersion := flag.Bool("version", false, "print the version and exit")
	flag.Parse()

	if *showVersion {
		fmt.Printf("synthetic %s\\n", version)
		return
	}
	signatures := []string{
${roots.map((r) => `\t\t${r}.Signature(),\n`).join('')}	}
	fmt.Printf("synthetic %s: ${plan.packages.length} packages, %s\\n", version, strings.Join(signatures, " "))
}
`;
}

/** The module's files, relative path → content, in a fixed order. */
export function syntheticFiles(options = {}) {
  const plan = syntheticPlan(options);
  const uses = new Set(plan.packages.map((p) => p.uses).filter(Boolean));
  const mods = [CHI, UUID].filter((m) => uses.has(m === CHI ? 'chi' : 'uuid'));
  const files = new Map();
  let gomod = `module ${MODULE_PATH}\n\ngo 1.21\n`;
  if (mods.length === 1) gomod += `\nrequire ${mods[0].path} ${mods[0].version}\n`;
  if (mods.length > 1) gomod += `\nrequire (\n${mods.map((m) => `\t${m.path} ${m.version}\n`).join('')})\n`;
  files.set('go.mod', gomod);
  if (mods.length)
    files.set(
      'go.sum',
      mods
        .flatMap((m) => m.sum)
        .map((l) => `${l}\n`)
        .join(''),
    );
  files.set('main.go', mainSource(plan));
  for (const p of plan.packages) {
    files.set(`internal/${p.name}/${p.name}.go`, packageSource(p, plan));
    files.set(`internal/${p.name}/${p.name}_test.go`, testSource(p, plan));
  }
  return { plan, files };
}

/**
 * Writes the synthetic module into `dir` (created if needed). Returns the plan and the relative paths written.
 * @param {string} dir
 * @param {{ packages?: number, seed?: number }} [options]
 */
export function writeSyntheticModule(dir, { packages = 200, seed = 1 } = {}) {
  const { plan, files } = syntheticFiles({ packages, seed });
  for (const [rel, text] of files) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return { module: plan.module, packages: plan.packages.length, layers: plan.layers, roots: plan.roots.length, files: [...files.keys()] };
}
