// Command go-sbom writes the supply-chain documents of an image built from Go
// binaries, from what the binaries themselves record (their embedded build
// info, debug/buildinfo): an SPDX 2.3 JSON SBOM, or a SLSA provenance v1
// predicate. Both are predicates for `cosign attest --type spdxjson` and
// `cosign attest --type slsaprovenance1`, which wrap them in an in-toto
// statement whose subject is the image digest. It uses the standard library
// only, so `go run` needs no module download. Shipped by jslc as a library
// resource.
//
// Usage:
//
//	SOURCE_DATE_EPOCH=<commit time> go run main.go -format spdx|provenance \
//	  -name <image repository> -binary linux/amd64=bin/app-linux-amd64 [-binary …] \
//	  [-digest sha256:<index digest>] [-source <repository url>] [-revision <commit>] \
//	  [-builder <id>] [-invocation <id>] [-param k=v] [-o file]
//
// The documents are deterministic: the same binaries and flags give the same
// bytes (no wall clock: the created time is SOURCE_DATE_EPOCH; the SPDX
// namespace is derived from the content; packages and relationships sorted).
//
// SPDX 2.3 (https://spdx.github.io/spdx-spec/v2.3/): one package for the image,
// one per main module per platform binary (with its Go version and build
// settings as a comment), one per dependency module (deduplicated over the
// binaries, its module checksum as the h1: hash, a purl pkg:golang/… external
// reference, as the Go purl type defines it), relationships image CONTAINS
// binary, binary DEPENDS_ON module.
//
// SLSA provenance v1 (https://slsa.dev/spec/v1.0/provenance): buildType
// https://jslc.dev/jenkins-pipeline/v1; externalParameters: the source, the
// revision and the -param pairs; internalParameters: the Go version and
// build settings per platform; resolvedDependencies: the source commit
// (gitCommit digest), the Go toolchain, every module with its checksum
// (sha256 of the h1: hash, as the go command records it); runDetails: the
// builder id (the Jenkins job URL) and the invocation id (the build URL).
//
// Exit codes: 0 written, 2 bad input, 1 any other failure.
package main

import (
	"bytes"
	"crypto/sha256"
	"debug/buildinfo"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"time"
)

const (
	exitFailure = 1
	exitUsage   = 2
	// BuildType names how jslc's generated pipeline builds; its parameters are
	// the ones described above.
	buildType = "https://jslc.dev/jenkins-pipeline/v1"
)

type usageError struct{ msg string }

func (u *usageError) Error() string { return u.msg }

func usagef(format string, a ...interface{}) error {
	return &usageError{fmt.Sprintf(format, a...)}
}

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

type binary struct {
	platform string
	path     string
	sha256   string
	info     *debug.BuildInfo
}

type options struct {
	format     string
	name       string
	digest     string
	source     string
	revision   string
	builder    string
	invocation string
	params     [][2]string
	binaries   []binary
	created    time.Time
	out        string
}

var (
	platformRe = regexp.MustCompile(`^[a-z0-9]+/[a-z0-9]+(/[a-z0-9]+)?$`)
	digestRe   = regexp.MustCompile(`^sha256:[a-f0-9]{64}$`)
	revisionRe = regexp.MustCompile(`^[a-f0-9]{7,64}$`)
)

func parseArgs(args []string) (*options, error) {
	fs := flag.NewFlagSet("go-sbom", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	o := &options{}
	var bins, params listFlag
	fs.StringVar(&o.format, "format", "", "spdx or provenance")
	fs.StringVar(&o.name, "name", "", "the image repository")
	fs.StringVar(&o.digest, "digest", "", "the image (index) digest, sha256:<hex>")
	fs.StringVar(&o.source, "source", "", "the source repository URL")
	fs.StringVar(&o.revision, "revision", "", "the source commit")
	fs.StringVar(&o.builder, "builder", "", "the builder id (the Jenkins job URL)")
	fs.StringVar(&o.invocation, "invocation", "", "the invocation id (the Jenkins build URL)")
	fs.StringVar(&o.out, "o", "", "output file (default stdout)")
	fs.Var(&bins, "binary", "os/arch=path of a binary in the image")
	fs.Var(&params, "param", "k=v external parameter (provenance)")
	if err := fs.Parse(args); err != nil {
		return nil, usagef("%v", err)
	}
	if fs.NArg() > 0 {
		return nil, usagef("unexpected argument %q", fs.Arg(0))
	}
	if o.format != "spdx" && o.format != "provenance" {
		return nil, usagef("-format must be spdx or provenance, got %q", o.format)
	}
	if o.name == "" || strings.ContainsAny(o.name, " \t\r\n") {
		return nil, usagef("-name must be the image repository, got %q", o.name)
	}
	if o.digest != "" && !digestRe.MatchString(o.digest) {
		return nil, usagef("-digest must be sha256:<64 hex digits>, got %q", o.digest)
	}
	if o.revision != "" && !revisionRe.MatchString(o.revision) {
		return nil, usagef("-revision must be a commit hash, got %q", o.revision)
	}
	if len(bins) == 0 {
		return nil, usagef("at least one -binary os/arch=path is needed")
	}
	seen := map[string]bool{}
	for _, b := range bins {
		i := strings.IndexByte(b, '=')
		if i < 0 || !platformRe.MatchString(b[:i]) || b[i+1:] == "" {
			return nil, usagef("-binary must be os/arch=path, got %q", b)
		}
		if seen[b[:i]] {
			return nil, usagef("-binary names platform %s twice", b[:i])
		}
		seen[b[:i]] = true
		o.binaries = append(o.binaries, binary{platform: b[:i], path: b[i+1:]})
	}
	sort.Slice(o.binaries, func(i, j int) bool { return o.binaries[i].platform < o.binaries[j].platform })
	for _, p := range params {
		i := strings.IndexByte(p, '=')
		if i <= 0 {
			return nil, usagef("-param must be k=v, got %q", p)
		}
		o.params = append(o.params, [2]string{p[:i], p[i+1:]})
	}
	sort.SliceStable(o.params, func(i, j int) bool { return o.params[i][0] < o.params[j][0] })
	epoch := os.Getenv("SOURCE_DATE_EPOCH")
	secs, err := strconv.ParseInt(epoch, 10, 64)
	if err != nil || secs < 0 {
		return nil, usagef("SOURCE_DATE_EPOCH must be the commit time in seconds, got %q", epoch)
	}
	o.created = time.Unix(secs, 0).UTC()
	return o, nil
}

func readBinaries(o *options) error {
	for i := range o.binaries {
		b := &o.binaries[i]
		data, err := os.ReadFile(b.path)
		if err != nil {
			return usagef("binary for %s: %v", b.platform, err)
		}
		sum := sha256.Sum256(data)
		b.sha256 = hex.EncodeToString(sum[:])
		info, err := buildinfo.Read(bytes.NewReader(data))
		if err != nil {
			return usagef("%s (%s) has no Go build info (%v): is it a Go binary?", b.path, b.platform, err)
		}
		b.info = info
	}
	return nil
}

// module is one dependency module, deduplicated over the binaries.
type module struct {
	path, version, sum string
}

func modules(o *options) []module {
	byKey := map[string]module{}
	for _, b := range o.binaries {
		for _, d := range b.info.Deps {
			m := d
			if d.Replace != nil {
				m = d.Replace
			}
			k := m.Path + "@" + m.Version
			byKey[k] = module{path: m.Path, version: m.Version, sum: m.Sum}
		}
	}
	out := make([]module, 0, len(byKey))
	for _, m := range byKey {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].path != out[j].path {
			return out[i].path < out[j].path
		}
		return out[i].version < out[j].version
	})
	return out
}

// h1Hex turns a go.sum "h1:<base64 sha256>" into hex, "" when it is not one.
func h1Hex(sum string) string {
	if !strings.HasPrefix(sum, "h1:") {
		return ""
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(sum, "h1:"))
	if err != nil || len(raw) != sha256.Size {
		return ""
	}
	return hex.EncodeToString(raw)
}

// purl is the package URL of a Go module (github.com/package-url/purl-spec,
// the golang type: namespace and name from the module path, lower-cased
// only where the spec says so: it does not for golang).
func purl(path, version string) string {
	p := "pkg:golang/" + escapePurl(path)
	// A main module built from a work tree has the version "(devel)": no version.
	if version != "" && version != "(devel)" {
		p += "@" + escapePurl(version)
	}
	return p
}

func escapePurl(s string) string {
	var b strings.Builder
	for _, r := range []byte(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', strings.IndexByte("/.-_~+", r) >= 0:
			b.WriteByte(r)
		default:
			fmt.Fprintf(&b, "%%%02X", r)
		}
	}
	return b.String()
}

var spdxIDRe = regexp.MustCompile(`[^A-Za-z0-9.-]+`)

func spdxID(kind, s string) string {
	return "SPDXRef-" + kind + "-" + strings.Trim(spdxIDRe.ReplaceAllString(s, "-"), "-")
}

func settings(info *debug.BuildInfo) []string {
	var out []string
	for _, s := range info.Settings {
		out = append(out, s.Key+"="+s.Value)
	}
	return out
}

func setting(info *debug.BuildInfo, key string) string {
	for _, s := range info.Settings {
		if s.Key == key {
			return s.Value
		}
	}
	return ""
}

type spdxChecksum struct {
	Algorithm     string `json:"algorithm"`
	ChecksumValue string `json:"checksumValue"`
}

type spdxRef struct {
	ReferenceCategory string `json:"referenceCategory"`
	ReferenceType     string `json:"referenceType"`
	ReferenceLocator  string `json:"referenceLocator"`
}

type spdxPackage struct {
	SPDXID           string         `json:"SPDXID"`
	Name             string         `json:"name"`
	VersionInfo      string         `json:"versionInfo,omitempty"`
	DownloadLocation string         `json:"downloadLocation"`
	FilesAnalyzed    bool           `json:"filesAnalyzed"`
	Checksums        []spdxChecksum `json:"checksums,omitempty"`
	ExternalRefs     []spdxRef      `json:"externalRefs,omitempty"`
	PrimaryPurpose   string         `json:"primaryPackagePurpose,omitempty"`
	Comment          string         `json:"comment,omitempty"`
	LicenseConcluded string         `json:"licenseConcluded"`
	LicenseDeclared  string         `json:"licenseDeclared"`
	CopyrightText    string         `json:"copyrightText"`
}

type spdxRelationship struct {
	Element string `json:"spdxElementId"`
	Type    string `json:"relationshipType"`
	Related string `json:"relatedSpdxElement"`
}

type spdxDocument struct {
	SPDXVersion       string             `json:"spdxVersion"`
	DataLicense       string             `json:"dataLicense"`
	SPDXID            string             `json:"SPDXID"`
	Name              string             `json:"name"`
	DocumentNamespace string             `json:"documentNamespace"`
	CreationInfo      spdxCreationInfo   `json:"creationInfo"`
	Packages          []spdxPackage      `json:"packages"`
	Relationships     []spdxRelationship `json:"relationships"`
}

type spdxCreationInfo struct {
	Created  string   `json:"created"`
	Creators []string `json:"creators"`
}

func noAssertion(p spdxPackage) spdxPackage {
	p.LicenseConcluded, p.LicenseDeclared, p.CopyrightText = "NOASSERTION", "NOASSERTION", "NOASSERTION"
	if p.DownloadLocation == "" {
		p.DownloadLocation = "NOASSERTION"
	}
	return p
}

func spdx(o *options) ([]byte, error) {
	imageID := "SPDXRef-Image"
	image := spdxPackage{SPDXID: imageID, Name: o.name, PrimaryPurpose: "CONTAINER"}
	if o.digest != "" {
		image.VersionInfo = o.digest
		image.Checksums = []spdxChecksum{{Algorithm: "SHA256", ChecksumValue: strings.TrimPrefix(o.digest, "sha256:")}}
		image.ExternalRefs = []spdxRef{{"PACKAGE-MANAGER", "purl", "pkg:oci/" + escapePurl(lastSegment(o.name)) + "@" + escapePurl(o.digest) + "?repository_url=" + escapePurl(o.name)}}
	}
	pkgs := []spdxPackage{noAssertion(image)}
	var rels []spdxRelationship
	rels = append(rels, spdxRelationship{"SPDXRef-DOCUMENT", "DESCRIBES", imageID})
	for _, b := range o.binaries {
		id := spdxID("Binary", b.platform)
		main := b.info.Main
		comment := "platform " + b.platform + "; built with " + b.info.GoVersion
		if s := settings(b.info); len(s) > 0 {
			comment += "; build settings: " + strings.Join(s, " ")
		}
		p := spdxPackage{
			SPDXID: id, Name: b.info.Path, VersionInfo: main.Version, PrimaryPurpose: "APPLICATION",
			Checksums: []spdxChecksum{{Algorithm: "SHA256", ChecksumValue: b.sha256}},
			Comment:   comment,
		}
		if main.Path != "" {
			p.ExternalRefs = []spdxRef{{"PACKAGE-MANAGER", "purl", purl(main.Path, main.Version)}}
		}
		if rev := setting(b.info, "vcs.revision"); rev != "" && o.source != "" {
			p.DownloadLocation = "git+" + o.source + "@" + rev
		}
		pkgs = append(pkgs, noAssertion(p))
		rels = append(rels, spdxRelationship{imageID, "CONTAINS", id})
		for _, d := range b.info.Deps {
			m := d
			if d.Replace != nil {
				m = d.Replace
			}
			rels = append(rels, spdxRelationship{id, "DEPENDS_ON", spdxID("Module", m.Path+"-"+m.Version)})
		}
		rels = append(rels, spdxRelationship{id, "DEPENDS_ON", spdxID("Go", b.info.GoVersion)})
	}
	goVersions := map[string]bool{}
	for _, b := range o.binaries {
		goVersions[b.info.GoVersion] = true
	}
	for _, v := range sortedKeys(goVersions) {
		pkgs = append(pkgs, noAssertion(spdxPackage{
			SPDXID: spdxID("Go", v), Name: "stdlib", VersionInfo: v,
			ExternalRefs:   []spdxRef{{"PACKAGE-MANAGER", "purl", purl("stdlib", v)}},
			PrimaryPurpose: "LIBRARY", DownloadLocation: "https://go.dev/dl/",
			Comment: "the Go toolchain and standard library the binaries were built with",
		}))
	}
	for _, m := range modules(o) {
		p := spdxPackage{
			SPDXID: spdxID("Module", m.path+"-"+m.version), Name: m.path, VersionInfo: m.version, PrimaryPurpose: "LIBRARY",
			ExternalRefs: []spdxRef{{"PACKAGE-MANAGER", "purl", purl(m.path, m.version)}},
		}
		if h := h1Hex(m.sum); h != "" {
			p.Checksums = []spdxChecksum{{Algorithm: "SHA256", ChecksumValue: h}}
			p.Comment = "module checksum " + m.sum + " (go.sum h1: hash; SHA256 above is its decoded value)"
		}
		pkgs = append(pkgs, noAssertion(p))
	}
	sort.SliceStable(rels[1:], func(i, j int) bool {
		a, b := rels[1+i], rels[1+j]
		if a.Element != b.Element {
			return a.Element < b.Element
		}
		if a.Type != b.Type {
			return a.Type < b.Type
		}
		return a.Related < b.Related
	})
	doc := spdxDocument{
		SPDXVersion: "SPDX-2.3", DataLicense: "CC0-1.0", SPDXID: "SPDXRef-DOCUMENT", Name: o.name,
		CreationInfo:  spdxCreationInfo{Created: o.created.Format(time.RFC3339), Creators: []string{"Tool: jslc-go-sbom"}},
		Packages:      pkgs,
		Relationships: dedupe(rels),
	}
	// The namespace must be unique per document: derived from its content, so
	// the same inputs keep the same bytes.
	body, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(body)
	doc.DocumentNamespace = "https://jslc.dev/spdx/" + lastSegment(o.name) + "-" + hex.EncodeToString(sum[:16])
	return json.MarshalIndent(doc, "", "  ")
}

func dedupe(rels []spdxRelationship) []spdxRelationship {
	out := rels[:0:0]
	seen := map[spdxRelationship]bool{}
	for _, r := range rels {
		if !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func lastSegment(name string) string {
	return name[strings.LastIndexByte(name, '/')+1:]
}

type resourceDescriptor struct {
	Name   string            `json:"name,omitempty"`
	URI    string            `json:"uri,omitempty"`
	Digest map[string]string `json:"digest,omitempty"`
}

type provenance struct {
	BuildDefinition struct {
		BuildType            string                 `json:"buildType"`
		ExternalParameters   map[string]interface{} `json:"externalParameters"`
		InternalParameters   map[string]interface{} `json:"internalParameters"`
		ResolvedDependencies []resourceDescriptor   `json:"resolvedDependencies"`
	} `json:"buildDefinition"`
	RunDetails struct {
		Builder struct {
			ID string `json:"id"`
		} `json:"builder"`
		Metadata struct {
			InvocationID string `json:"invocationId,omitempty"`
		} `json:"metadata"`
		Byproducts []resourceDescriptor `json:"byproducts,omitempty"`
	} `json:"runDetails"`
}

func slsa(o *options) ([]byte, error) {
	if o.builder == "" {
		return nil, usagef("-builder (the Jenkins job URL) is needed for provenance")
	}
	var p provenance
	p.BuildDefinition.BuildType = buildType
	ext := map[string]interface{}{}
	if o.source != "" {
		ext["source"] = o.source
	}
	if o.revision != "" {
		ext["revision"] = o.revision
	}
	for _, kv := range o.params {
		ext[kv[0]] = kv[1]
	}
	p.BuildDefinition.ExternalParameters = ext
	platforms := map[string]interface{}{}
	var deps []resourceDescriptor
	if o.source != "" && o.revision != "" {
		deps = append(deps, resourceDescriptor{URI: "git+" + o.source + "@" + o.revision, Digest: map[string]string{"gitCommit": o.revision}})
	}
	goVersions := map[string]bool{}
	for _, b := range o.binaries {
		platforms[b.platform] = map[string]interface{}{"goVersion": b.info.GoVersion, "mainModule": b.info.Path, "settings": settings(b.info)}
		goVersions[b.info.GoVersion] = true
		p.RunDetails.Byproducts = append(p.RunDetails.Byproducts, resourceDescriptor{Name: b.path, Digest: map[string]string{"sha256": b.sha256}})
	}
	p.BuildDefinition.InternalParameters = map[string]interface{}{"platforms": platforms}
	for _, v := range sortedKeys(goVersions) {
		deps = append(deps, resourceDescriptor{Name: "go toolchain", URI: purl("stdlib", v)})
	}
	for _, m := range modules(o) {
		d := resourceDescriptor{URI: purl(m.path, m.version)}
		if h := h1Hex(m.sum); h != "" {
			d.Digest = map[string]string{"sha256": h}
		}
		deps = append(deps, d)
	}
	p.BuildDefinition.ResolvedDependencies = deps
	p.RunDetails.Builder.ID = o.builder
	p.RunDetails.Metadata.InvocationID = o.invocation
	return json.MarshalIndent(p, "", "  ")
}

func run(args []string, stdout io.Writer) error {
	o, err := parseArgs(args)
	if err != nil {
		return err
	}
	if err := readBinaries(o); err != nil {
		return err
	}
	var doc []byte
	if o.format == "spdx" {
		doc, err = spdx(o)
	} else {
		doc, err = slsa(o)
	}
	if err != nil {
		return err
	}
	doc = append(doc, '\n')
	if o.out == "" {
		_, err = stdout.Write(doc)
		return err
	}
	return os.WriteFile(o.out, doc, 0o644)
}

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "go-sbom:", err)
		var u *usageError
		if errors.As(err, &u) {
			os.Exit(exitUsage)
		}
		os.Exit(exitFailure)
	}
}
