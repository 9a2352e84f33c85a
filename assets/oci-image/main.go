// Command oci-image builds OCI images for already-built static Go binaries and
// pushes them to a registry without a container daemon: one image (manifest +
// config) per linux platform and one OCI image index over them, the approach
// ko and go-containerregistry take (github.com/google/ko pkg/build/gobuild.go,
// github.com/google/go-containerregistry pkg/v1/remote/write.go). It uses the
// standard library only, so `go run` needs no module download. Shipped by jslc
// as a library resource.
//
// Usage:
//
//	SOURCE_DATE_EPOCH=<commit time> go run main.go \
//	  -repository host[:port]/path -tag 1.2.3 -tag latest \
//	  -platform linux/amd64=bin/app-linux-amd64 -platform linux/arm64=bin/app-linux-arm64 \
//	  [-entrypoint /app] [-user 65532] [-expose 8080/tcp] [-label k=v] [-annotation k=v] \
//	  [-file src:dest] [-ca-bundle path|none] [-tzdata] [-base scratch] [-digest-file path]
//
// Flags (-tag and -platform also take comma-separated lists; every
// list flag may be repeated):
//
//	-repository   the image repository, host[:port]/path (required). Plain http
//	              for localhost and 127.0.0.1 (as docker treats them), https otherwise.
//	-tag          a tag to point at the index (at least one).
//	-platform     os/arch[/variant]=path of the static binary for that platform
//	              (at least one; os must be linux; linux/arm64 gets variant v8).
//	-entrypoint   the binary's path in the image (default /app).
//	-user         the image's USER, uid or uid:gid (default 65532, "nonroot";
//	              /etc/passwd and /etc/group name it).
//	-expose       a port to EXPOSE: 8080, 8080/tcp or 53/udp.
//	-label        a config label key=value; org.opencontainers.image.created is
//	              set to SOURCE_DATE_EPOCH unless given.
//	-annotation   a manifest and index annotation key=value.
//	-file         src:dest, a file or directory of the workspace added at the
//	              absolute path dest (modes 0644, or 0755 when executable).
//	-ca-bundle    the CA bundle copied to /etc/ssl/certs/ca-certificates.crt
//	              (default /etc/ssl/certs/ca-certificates.crt of the agent when
//	              present; "none" for no bundle).
//	-tzdata       add Go's own $(go env GOROOT)/lib/time/zoneinfo.zip at
//	              /usr/share/zoneinfo.zip and set ZONEINFO to it.
//	-base         the base image: "scratch" (default), or an image pinned by
//	              digest, host[:port]/path@sha256:<hex> (an index or a single
//	              manifest; per platform the matching manifest is used, its
//	              layers copied below the builder's, its Env and Labels kept).
//	              Its credentials: JSLC_BASE_REGISTRY_USERNAME/_PASSWORD, else
//	              the push credentials when it is on the same host, else the
//	              docker config.json entry of its host. With a base, the CA
//	              bundle defaults to the base image's own (no file added).
//	-digest-file  a file to write "<repository>@sha256:<index digest>\n" to.
//
// Environment:
//
//	SOURCE_DATE_EPOCH       the created time, in seconds (required: the commit
//	                        time; the wall clock is never used).
//	JSLC_REGISTRY_USERNAME  registry user name, with
//	JSLC_REGISTRY_PASSWORD  the password or token (never a flag: secrets stay off argv).
//	JSLC_BASE_REGISTRY_USERNAME, JSLC_BASE_REGISTRY_PASSWORD
//	                        the same for the base image's registry, when it differs.
//	DOCKER_CONFIG           without those two, credentials are read from
//	                        $DOCKER_CONFIG/config.json (else ~/.docker/config.json),
//	                        its "auths" entry for the registry host.
//	GOROOT                  where -tzdata reads lib/time/zoneinfo.zip (else `go env GOROOT`).
//
// Exit codes: 0 pushed (or already present), 2 bad input, 3 the registry
// refused the credentials (401/403, never retried), 1 any other failure
// (transient failures are retried 5 times with a backoff of 0.5 s doubling).
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"debug/elf"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Media types of the OCI image spec (github.com/opencontainers/image-spec specs-go/v1/mediatype.go).
const (
	mediaIndex    = "application/vnd.oci.image.index.v1+json"
	mediaManifest = "application/vnd.oci.image.manifest.v1+json"
	mediaConfig   = "application/vnd.oci.image.config.v1+json"
	mediaLayer    = "application/vnd.oci.image.layer.v1.tar+gzip"
)

const (
	exitFailure = 1
	exitUsage   = 2
	exitAuth    = 3
	caPath      = "etc/ssl/certs/ca-certificates.crt"
	tzPath      = "usr/share/zoneinfo.zip"
	// gzipLevel is fixed: the layer digests depend on it.
	gzipLevel = 6
)

type failure struct {
	code int
	msg  string
}

func (f *failure) Error() string { return f.msg }

func usagef(format string, a ...interface{}) error {
	return &failure{exitUsage, fmt.Sprintf(format, a...)}
}

type listFlag struct {
	values []string
	split  bool
}

func (l *listFlag) String() string { return strings.Join(l.values, ",") }
func (l *listFlag) Set(v string) error {
	if !l.split {
		l.values = append(l.values, v)
		return nil
	}
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			l.values = append(l.values, p)
		}
	}
	return nil
}

type platform struct {
	OS           string `json:"os"`
	Architecture string `json:"architecture"`
	Variant      string `json:"variant,omitempty"`
	binary       string
}

func (p platform) String() string {
	s := p.OS + "/" + p.Architecture
	if p.Variant != "" {
		s += "/" + p.Variant
	}
	return s
}

// elfMachines: the ELF machine of each GOARCH a static linux image may hold.
var elfMachines = map[string]elf.Machine{
	"amd64": elf.EM_X86_64, "arm64": elf.EM_AARCH64, "arm": elf.EM_ARM, "386": elf.EM_386,
	"ppc64le": elf.EM_PPC64, "s390x": elf.EM_S390, "riscv64": elf.EM_RISCV,
}

type options struct {
	repository  string
	host        string
	repo        string
	tags        []string
	platforms   []platform
	entrypoint  string
	uid, gid    int
	exposed     []string
	labels      map[string]string
	annotations map[string]string
	files       [][2]string
	caBundle    string
	base        string
	baseHost    string
	baseRepo    string
	baseDigest  string
	tzdata      bool
	digestFile  string
	created     time.Time
}

var (
	tagRe    = regexpMust(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$`)
	repoRe   = regexpMust(`^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$`)
	hostRe   = regexpMust(`^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:]+\])(?::[0-9]{1,5})?$`)
	portRe   = regexpMust(`^[0-9]{1,5}(?:/(?:tcp|udp|sctp))?$`)
	digestRe = regexpMust(`^sha256:[0-9a-f]{64}$`)
	labelRe  = regexpMust(`^[A-Za-z0-9][A-Za-z0-9._/-]*$`)
)

func regexpMust(s string) *regexp.Regexp { return regexp.MustCompile(s) }

func parseArgs(args []string) (*options, error) {
	fs := flag.NewFlagSet("oci-image", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var tags, platforms = listFlag{split: true}, listFlag{split: true}
	var exposes, labels, annotations, files = listFlag{split: true}, listFlag{}, listFlag{}, listFlag{}
	repository := fs.String("repository", "", "")
	entrypoint := fs.String("entrypoint", "/app", "")
	user := fs.String("user", "65532", "")
	caBundle := fs.String("ca-bundle", "", "")
	tzdata := fs.Bool("tzdata", false, "")
	base := fs.String("base", "scratch", "")
	digestFile := fs.String("digest-file", "", "")
	fs.Var(&tags, "tag", "")
	fs.Var(&platforms, "platform", "")
	fs.Var(&exposes, "expose", "")
	fs.Var(&labels, "label", "")
	fs.Var(&annotations, "annotation", "")
	fs.Var(&files, "file", "")
	if err := fs.Parse(args); err != nil {
		return nil, usagef("%v (see the comment at the top of main.go for the flags)", err)
	}
	if fs.NArg() > 0 {
		return nil, usagef("unexpected argument %q: every input is a flag (-repository, -tag, -platform, ...)", fs.Arg(0))
	}
	o := &options{entrypoint: *entrypoint, tzdata: *tzdata, digestFile: *digestFile, labels: map[string]string{}, annotations: map[string]string{}}

	if *repository == "" {
		return nil, usagef("-repository is required: host[:port]/path, e.g. registry.example.com/team/app")
	}
	o.repository = *repository
	slash := strings.Index(o.repository, "/")
	if slash < 0 {
		return nil, usagef("-repository %q has no registry host: give host[:port]/path, e.g. registry.example.com/%s", o.repository, o.repository)
	}
	o.host, o.repo = o.repository[:slash], o.repository[slash+1:]
	if !hostRe.MatchString(o.host) || (!strings.ContainsAny(o.host, ".:[") && o.host != "localhost") {
		return nil, usagef("-repository %q: %q is no registry host: give host[:port]/path", o.repository, o.host)
	}
	if !repoRe.MatchString(o.repo) {
		return nil, usagef("-repository %q: the path %q must be lower-case components of [a-z0-9._-] separated by /", o.repository, o.repo)
	}

	if len(tags.values) == 0 {
		return nil, usagef("at least one -tag is required, e.g. -tag 1.2.3")
	}
	seenTag := map[string]bool{}
	for _, t := range tags.values {
		if !tagRe.MatchString(t) {
			return nil, usagef("-tag %q is no valid tag: up to 128 characters of [A-Za-z0-9_.-], not starting with . or -", t)
		}
		if !seenTag[t] {
			seenTag[t] = true
			o.tags = append(o.tags, t)
		}
	}

	if len(platforms.values) == 0 {
		return nil, usagef("at least one -platform is required, e.g. -platform linux/amd64=bin/app-linux-amd64")
	}
	seenPlatform := map[string]bool{}
	for _, v := range platforms.values {
		eq := strings.Index(v, "=")
		if eq < 0 || eq == len(v)-1 {
			return nil, usagef("-platform %q: give os/arch=path of the built binary, e.g. linux/amd64=bin/app-linux-amd64", v)
		}
		parts := strings.Split(v[:eq], "/")
		if len(parts) < 2 || len(parts) > 3 || parts[0] != "linux" {
			return nil, usagef("-platform %q: the platform must be linux/arch or linux/arch/variant (only linux images are built)", v)
		}
		p := platform{OS: parts[0], Architecture: parts[1], binary: v[eq+1:]}
		if len(parts) == 3 {
			p.Variant = parts[2]
		}
		if _, ok := elfMachines[p.Architecture]; !ok {
			return nil, usagef("-platform %q: unknown architecture %q (known: amd64, arm64, arm, 386, ppc64le, s390x, riscv64)", v, p.Architecture)
		}
		// Registries and runtimes expect arm64 images to say variant v8
		// (containerd's platforms.Normalize, go-containerregistry's v1.Platform).
		if p.Architecture == "arm64" && p.Variant == "" {
			p.Variant = "v8"
		}
		if p.Architecture == "arm" && p.Variant == "" {
			p.Variant = "v7"
		}
		if seenPlatform[p.String()] {
			return nil, usagef("-platform %s is given twice", p)
		}
		seenPlatform[p.String()] = true
		o.platforms = append(o.platforms, p)
	}
	sort.Slice(o.platforms, func(i, j int) bool { return o.platforms[i].String() < o.platforms[j].String() })

	if !path.IsAbs(o.entrypoint) || path.Clean(o.entrypoint) != o.entrypoint || o.entrypoint == "/" {
		return nil, usagef("-entrypoint %q must be a clean absolute file path, e.g. /app", o.entrypoint)
	}

	uidGid := strings.SplitN(*user, ":", 2)
	uid, err := strconv.Atoi(uidGid[0])
	if err != nil || uid < 0 || uid > 2147483647 {
		return nil, usagef("-user %q: give a numeric uid or uid:gid, e.g. 65532 (names need an /etc/passwd the image does not have)", *user)
	}
	o.uid, o.gid = uid, uid
	if len(uidGid) == 2 {
		if o.gid, err = strconv.Atoi(uidGid[1]); err != nil || o.gid < 0 || o.gid > 2147483647 {
			return nil, usagef("-user %q: the gid must be numeric, e.g. 65532:65532", *user)
		}
	}

	for _, p := range exposes.values {
		if !portRe.MatchString(p) {
			return nil, usagef("-expose %q: give port[/tcp|/udp|/sctp], e.g. 8080/tcp", p)
		}
		n, _ := strconv.Atoi(strings.SplitN(p, "/", 2)[0])
		if n < 1 || n > 65535 {
			return nil, usagef("-expose %q: the port must be 1 to 65535", p)
		}
		if !strings.Contains(p, "/") {
			p += "/tcp"
		}
		o.exposed = append(o.exposed, p)
	}

	for _, kv := range [][2]interface{}{{&labels, o.labels}, {&annotations, o.annotations}} {
		list, into := kv[0].(*listFlag), kv[1].(map[string]string)
		name := "-label"
		if list == &annotations {
			name = "-annotation"
		}
		for _, v := range list.values {
			eq := strings.Index(v, "=")
			if eq <= 0 {
				return nil, usagef("%s %q: give key=value, e.g. %s org.opencontainers.image.revision=<commit>", name, v, name)
			}
			k := v[:eq]
			if !labelRe.MatchString(k) {
				return nil, usagef("%s %q: the key %q must be of [A-Za-z0-9._/-], e.g. org.opencontainers.image.source", name, v, k)
			}
			if strings.ContainsRune(v[eq+1:], 0) {
				return nil, usagef("%s %q: the value holds a NUL character", name, k)
			}
			if _, dup := into[k]; dup {
				return nil, usagef("%s %s is given twice", name, k)
			}
			into[k] = v[eq+1:]
		}
	}

	for _, v := range files.values {
		colon := strings.LastIndex(v, ":")
		if colon <= 0 || colon == len(v)-1 {
			return nil, usagef("-file %q: give src:dest, e.g. -file ui:/srv/ui", v)
		}
		src, dest := v[:colon], v[colon+1:]
		if !path.IsAbs(dest) || path.Clean(dest) != dest || dest == "/" {
			return nil, usagef("-file %q: the destination %q must be a clean absolute path other than /", v, dest)
		}
		if _, err := os.Stat(src); err != nil {
			return nil, usagef("-file %q: cannot read %s: %v", v, src, err)
		}
		o.files = append(o.files, [2]string{src, dest})
	}

	switch *caBundle {
	case "none":
	case "":
		if *base != "scratch" {
			break
		}
		if _, err := os.Stat("/etc/ssl/certs/ca-certificates.crt"); err == nil {
			o.caBundle = "/etc/ssl/certs/ca-certificates.crt"
		}
	default:
		if _, err := os.Stat(*caBundle); err != nil {
			return nil, usagef("-ca-bundle %s: %v (give a PEM bundle, or -ca-bundle none for an image without one)", *caBundle, err)
		}
		o.caBundle = *caBundle
	}

	if *base != "scratch" {
		at := strings.Index(*base, "@")
		slash := strings.Index(*base, "/")
		if at < 0 || !digestRe.MatchString((*base)[at+1:]) {
			return nil, usagef("-base %q must be pinned by digest (reproducible): host/path@sha256:<64 hex>, e.g. gcr.io/distroless/static-debian12@sha256:..., or scratch", *base)
		}
		if slash < 0 || slash > at || !hostRe.MatchString((*base)[:slash]) || !repoRe.MatchString((*base)[slash+1:at]) {
			return nil, usagef("-base %q: give host[:port]/path@sha256:<hex> with the registry host, e.g. gcr.io/distroless/static-debian12@sha256:...", *base)
		}
		o.base, o.baseHost, o.baseRepo, o.baseDigest = *base, (*base)[:slash], (*base)[slash+1:at], (*base)[at+1:]
	}

	sde := os.Getenv("SOURCE_DATE_EPOCH")
	if sde == "" {
		return nil, usagef("SOURCE_DATE_EPOCH is not set: set it to the commit time, e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%%ct)")
	}
	secs, err := strconv.ParseInt(sde, 10, 64)
	if err != nil || secs < 0 || secs > 253402300799 {
		return nil, usagef("SOURCE_DATE_EPOCH=%q is no time in seconds since 1970: set it with git log -1 --format=%%ct", sde)
	}
	o.created = time.Unix(secs, 0).UTC()
	if _, ok := o.labels["org.opencontainers.image.created"]; !ok {
		o.labels["org.opencontainers.image.created"] = o.created.Format(time.RFC3339)
	}
	return o, nil
}

// checkBinary proves the binary is a static ELF executable of the platform's machine.
func checkBinary(p platform, scratch bool) error {
	f, err := elf.Open(p.binary)
	if err != nil {
		return usagef("-platform %s=%s: %v (give the path of the built linux binary)", p, p.binary, err)
	}
	defer f.Close()
	if f.Machine != elfMachines[p.Architecture] {
		return usagef("-platform %s=%s: the binary is for %v, not %s (build it with GOOS=linux GOARCH=%s)", p, p.binary, f.Machine, p.Architecture, p.Architecture)
	}
	for _, prog := range f.Progs {
		if prog.Type == elf.PT_INTERP && scratch {
			return usagef("-platform %s=%s: the binary is dynamically linked and cannot run in a scratch image (build it with CGO_ENABLED=0)", p, p.binary)
		}
	}
	return nil
}

// entry is one tar entry; data is nil for a directory.
type entry struct {
	name string
	mode int64
	data []byte
	dir  bool
}

type layer struct {
	entries map[string]entry
}

func newLayer() *layer { return &layer{entries: map[string]entry{}} }

func (l *layer) addDirs(p string) {
	for d := path.Dir(p); d != "." && d != "/"; d = path.Dir(d) {
		if _, ok := l.entries[d]; !ok {
			l.entries[d] = entry{name: d, mode: 0o755, dir: true}
		}
	}
}

func (l *layer) addFile(p string, mode int64, data []byte) error {
	p = strings.TrimPrefix(p, "/")
	if old, ok := l.entries[p]; ok && !old.dir {
		return usagef("/%s is added twice to the image", p)
	}
	l.addDirs(p)
	l.entries[p] = entry{name: p, mode: mode, data: data}
	return nil
}

func (l *layer) addPath(src, dest string) error {
	info, err := os.Stat(src)
	if err != nil {
		return usagef("-file %s: %v", src, err)
	}
	if !info.IsDir() {
		data, err := os.ReadFile(src)
		if err != nil {
			return usagef("-file %s: %v", src, err)
		}
		mode := int64(0o644)
		if info.Mode()&0o111 != 0 {
			mode = 0o755
		}
		return l.addFile(dest, mode, data)
	}
	d := strings.TrimPrefix(dest, "/")
	l.addDirs(d)
	l.entries[d] = entry{name: d, mode: 0o755, dir: true}
	names, err := os.ReadDir(src)
	if err != nil {
		return usagef("-file %s: %v", src, err)
	}
	for _, n := range names {
		if err := l.addPath(filepath.Join(src, n.Name()), path.Join(dest, n.Name())); err != nil {
			return err
		}
	}
	return nil
}

type blob struct {
	digest    string
	diffID    string
	mediaType string
	data      []byte
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(s[:])
}

// build writes the layer as a reproducible tar.gz: entries sorted by name,
// mtime = SOURCE_DATE_EPOCH, uid/gid 0, no user/group names, fixed modes,
// gzip header without name or mtime, a fixed compression level.
func (l *layer) build(created time.Time) (blob, error) {
	names := make([]string, 0, len(l.entries))
	for n := range l.entries {
		names = append(names, n)
	}
	sort.Strings(names)
	var raw bytes.Buffer
	tw := tar.NewWriter(&raw)
	for _, n := range names {
		e := l.entries[n]
		h := &tar.Header{Name: n, Mode: e.mode, ModTime: created, Typeflag: tar.TypeReg, Size: int64(len(e.data)), Format: tar.FormatPAX}
		if e.dir {
			h.Name, h.Typeflag, h.Size = n+"/", tar.TypeDir, 0
		}
		if len(h.Name) < 100 {
			h.Format = tar.FormatUSTAR
		}
		if err := tw.WriteHeader(h); err != nil {
			return blob{}, err
		}
		if _, err := tw.Write(e.data); err != nil {
			return blob{}, err
		}
	}
	if err := tw.Close(); err != nil {
		return blob{}, err
	}
	var gz bytes.Buffer
	zw, err := gzip.NewWriterLevel(&gz, gzipLevel)
	if err != nil {
		return blob{}, err
	}
	if _, err := zw.Write(raw.Bytes()); err != nil {
		return blob{}, err
	}
	if err := zw.Close(); err != nil {
		return blob{}, err
	}
	return blob{digest: sha(gz.Bytes()), diffID: sha(raw.Bytes()), mediaType: mediaLayer, data: gz.Bytes()}, nil
}

// The image config (github.com/opencontainers/image-spec config.md); field
// order is fixed by the structs, map keys are sorted by encoding/json.
type imageConfig struct {
	Created      string          `json:"created"`
	Architecture string          `json:"architecture"`
	OS           string          `json:"os"`
	Variant      string          `json:"variant,omitempty"`
	Config       containerConfig `json:"config"`
	RootFS       rootFS          `json:"rootfs"`
	History      []history       `json:"history"`
}

type containerConfig struct {
	User         string              `json:"User,omitempty"`
	ExposedPorts map[string]struct{} `json:"ExposedPorts,omitempty"`
	Env          []string            `json:"Env,omitempty"`
	Entrypoint   []string            `json:"Entrypoint,omitempty"`
	WorkingDir   string              `json:"WorkingDir,omitempty"`
	Labels       map[string]string   `json:"Labels,omitempty"`
}

type rootFS struct {
	Type    string   `json:"type"`
	DiffIDs []string `json:"diff_ids"`
}

type history struct {
	Created    string `json:"created"`
	CreatedBy  string `json:"created_by,omitempty"`
	Comment    string `json:"comment,omitempty"`
	EmptyLayer bool   `json:"empty_layer,omitempty"`
}

type descriptor struct {
	MediaType   string            `json:"mediaType"`
	Digest      string            `json:"digest"`
	Size        int               `json:"size"`
	Platform    *platform         `json:"platform,omitempty"`
	Annotations map[string]string `json:"annotations,omitempty"`
}

type manifest struct {
	SchemaVersion int               `json:"schemaVersion"`
	MediaType     string            `json:"mediaType"`
	Config        descriptor        `json:"config"`
	Layers        []descriptor      `json:"layers"`
	Annotations   map[string]string `json:"annotations,omitempty"`
}

type index struct {
	SchemaVersion int               `json:"schemaVersion"`
	MediaType     string            `json:"mediaType"`
	Manifests     []descriptor      `json:"manifests"`
	Annotations   map[string]string `json:"annotations,omitempty"`
}

func canonical(v interface{}) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

func passwd(uid, gid int) (string, string) {
	p := "root:x:0:0:root:/root:/sbin/nologin\n"
	g := "root:x:0:\n"
	if uid != 0 {
		p += fmt.Sprintf("nonroot:x:%d:%d:nonroot:/home/nonroot:/sbin/nologin\n", uid, gid)
	}
	if gid != 0 {
		g += fmt.Sprintf("nonroot:x:%d:\n", gid)
	}
	return p, g
}

func goroot() (string, error) {
	if r := os.Getenv("GOROOT"); r != "" {
		return r, nil
	}
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return "", usagef("-tzdata: cannot find Go's zoneinfo.zip (go env GOROOT: %v); set GOROOT", err)
	}
	return strings.TrimSpace(string(out)), nil
}

type image struct {
	platform platform
	config   []byte
	manifest []byte
	layers   []blob
	base     *baseImage
}

// baseImage is one platform's image of the -base reference: its layers stay
// in its registry until they are copied.
type baseImage struct {
	client *client
	layers []descriptor
	config imageConfig
}

// Manifest media types a base may have (OCI and Docker schema 2).
const (
	dockerManifest = "application/vnd.docker.distribution.manifest.v2+json"
	dockerList     = "application/vnd.docker.distribution.manifest.list.v2+json"
)

// resolveBase reads the base reference and picks, per platform, the manifest
// of that platform (an arm64 entry without variant matches v8).
func resolveBase(o *options, c *client) (map[string]*baseImage, error) {
	accept := strings.Join([]string{mediaIndex, mediaManifest, dockerList, dockerManifest}, ", ")
	getJSON := func(digest string, into interface{}) (string, error) {
		r, err := c.do("GET", c.base+"/v2/"+c.repo+"/manifests/"+digest, map[string]string{"Accept": accept}, nil)
		if err != nil {
			return "", err
		}
		if r.status != http.StatusOK {
			return "", unexpected("reading the base manifest "+c.host+"/"+c.repo+"@"+digest, r)
		}
		if sha(r.body) != digest {
			return "", fmt.Errorf("the base manifest %s/%s@%s has the digest %s: the registry answered other content", c.host, c.repo, digest, sha(r.body))
		}
		return r.header.Get("Content-Type"), json.Unmarshal(r.body, into)
	}
	var top struct {
		MediaType string       `json:"mediaType"`
		Manifests []descriptor `json:"manifests"`
		Config    descriptor   `json:"config"`
		Layers    []descriptor `json:"layers"`
	}
	ctype, err := getJSON(o.baseDigest, &top)
	if err != nil {
		return nil, err
	}
	isIndex := top.Manifests != nil || ctype == mediaIndex || ctype == dockerList
	out := map[string]*baseImage{}
	for _, p := range o.platforms {
		m := top
		if isIndex {
			found := ""
			for _, d := range top.Manifests {
				if d.Platform == nil || d.Platform.OS != p.OS || d.Platform.Architecture != p.Architecture {
					continue
				}
				if v := d.Platform.Variant; v == p.Variant || (v == "" && p.Architecture == "arm64") {
					found = d.Digest
					break
				}
			}
			if found == "" {
				return nil, usagef("-base %s has no image for %s: choose a base built for every -platform", o.base, p)
			}
			if _, err := getJSON(found, &m); err != nil {
				return nil, err
			}
		}
		r, err := c.do("GET", c.base+"/v2/"+c.repo+"/blobs/"+m.Config.Digest, nil, nil)
		if err != nil {
			return nil, err
		}
		if r.status != http.StatusOK || sha(r.body) != m.Config.Digest {
			return nil, fmt.Errorf("reading the config %s of the base %s for %s: HTTP %d", m.Config.Digest, o.base, p, r.status)
		}
		b := &baseImage{client: c, layers: m.Layers}
		if err := json.Unmarshal(r.body, &b.config); err != nil {
			return nil, fmt.Errorf("the config of the base %s for %s: %v", o.base, p, err)
		}
		if !isIndex && (b.config.Architecture != p.Architecture || b.config.OS != p.OS) {
			return nil, usagef("-base %s is an image for %s/%s, not %s: give a multi-platform base (an index) or one per platform", o.base, b.config.OS, b.config.Architecture, p)
		}
		if len(b.config.RootFS.DiffIDs) != len(b.layers) {
			return nil, fmt.Errorf("the base %s for %s has %d layers but %d diff_ids", o.base, p, len(b.layers), len(b.config.RootFS.DiffIDs))
		}
		out[p.String()] = b
	}
	return out, nil
}

// copyBlob brings a base layer into the target repository: skipped when it is
// there, mounted across repositories on the same registry, else downloaded
// and uploaded.
func (c *client) copyBlob(d descriptor, from *client, what string) error {
	r, err := c.do("HEAD", c.base+"/v2/"+c.repo+"/blobs/"+d.Digest, nil, nil)
	if err != nil {
		return err
	}
	if r.status == http.StatusOK {
		c.logf("%s %s: already in the registry", what, short(d.Digest))
		return nil
	}
	if from.host == c.host {
		q := url.Values{"mount": {d.Digest}, "from": {from.repo}}
		r, err = c.do("POST", c.base+"/v2/"+c.repo+"/blobs/uploads/?"+q.Encode(), nil, nil)
		if err != nil {
			return err
		}
		if r.status == http.StatusCreated {
			c.pushedBlobs++
			c.logf("%s %s: mounted from %s", what, short(d.Digest), from.repo)
			return nil
		}
	}
	r, err = from.do("GET", from.base+"/v2/"+from.repo+"/blobs/"+d.Digest, nil, nil)
	if err != nil {
		return err
	}
	if r.status != http.StatusOK || sha(r.body) != d.Digest {
		return fmt.Errorf("downloading the base layer %s: HTTP %d", d.Digest, r.status)
	}
	return c.pushBlob(blob{digest: d.Digest, mediaType: d.MediaType, data: r.body}, what)
}

// assemble builds every platform's image and the index over them.
func assemble(o *options, bases map[string]*baseImage) ([]image, []byte, error) {
	created := o.created.Format(time.RFC3339)
	common := newLayer()
	pw, gr := passwd(o.uid, o.gid)
	if err := common.addFile("etc/passwd", 0o644, []byte(pw)); err != nil {
		return nil, nil, err
	}
	if err := common.addFile("etc/group", 0o644, []byte(gr)); err != nil {
		return nil, nil, err
	}
	common.entries["tmp"] = entry{name: "tmp", mode: 0o1777, dir: true}
	env := []string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}
	contents := []string{"/etc/passwd", "/etc/group"}
	if o.caBundle != "" {
		data, err := os.ReadFile(o.caBundle)
		if err != nil {
			return nil, nil, usagef("-ca-bundle %s: %v", o.caBundle, err)
		}
		if err := common.addFile(caPath, 0o644, data); err != nil {
			return nil, nil, err
		}
		env = append(env, "SSL_CERT_FILE=/"+caPath)
		// Named by its content, never by where the agent keeps it: the same bundle gives the same history, anywhere.
		contents = append(contents, fmt.Sprintf("CA bundle sha256:%x", sha256.Sum256(data)))
	}
	if o.tzdata {
		root, err := goroot()
		if err != nil {
			return nil, nil, err
		}
		data, err := os.ReadFile(filepath.Join(root, "lib", "time", "zoneinfo.zip"))
		if err != nil {
			return nil, nil, usagef("-tzdata: %v", err)
		}
		if err := common.addFile(tzPath, 0o644, data); err != nil {
			return nil, nil, err
		}
		// Go's time package reads a zip named by ZONEINFO (time/zoneinfo_read.go).
		env = append(env, "ZONEINFO=/"+tzPath)
		contents = append(contents, "tzdata")
	}
	for _, f := range o.files {
		if err := common.addPath(f[0], f[1]); err != nil {
			return nil, nil, err
		}
		contents = append(contents, f[0]+" at "+f[1])
	}
	if _, ok := common.entries[strings.TrimPrefix(o.entrypoint, "/")]; ok {
		return nil, nil, usagef("-entrypoint %s is also added by -file: choose another path", o.entrypoint)
	}
	commonBlob, err := common.build(o.created)
	if err != nil {
		return nil, nil, err
	}
	exposed := map[string]struct{}{}
	for _, p := range o.exposed {
		exposed[p] = struct{}{}
	}
	if len(exposed) == 0 {
		exposed = nil
	}
	user := strconv.Itoa(o.uid)
	if o.gid != o.uid {
		user += ":" + strconv.Itoa(o.gid)
	}
	var images []image
	idx := index{SchemaVersion: 2, MediaType: mediaIndex}
	for _, p := range o.platforms {
		data, err := os.ReadFile(p.binary)
		if err != nil {
			return nil, nil, usagef("-platform %s=%s: %v", p, p.binary, err)
		}
		bin := newLayer()
		if err := bin.addFile(o.entrypoint, 0o755, data); err != nil {
			return nil, nil, err
		}
		binBlob, err := bin.build(o.created)
		if err != nil {
			return nil, nil, err
		}
		cfg := imageConfig{
			Created: created, Architecture: p.Architecture, OS: p.OS, Variant: p.Variant,
			Config: containerConfig{
				User: user, ExposedPorts: exposed, Env: env, Entrypoint: []string{o.entrypoint}, WorkingDir: "/", Labels: o.labels,
			},
			RootFS: rootFS{Type: "layers", DiffIDs: []string{commonBlob.diffID, binBlob.diffID}},
			History: []history{
				{Created: created, CreatedBy: "oci-image: files", Comment: strings.Join(contents, ", ")},
				{Created: created, CreatedBy: "oci-image: " + o.entrypoint, Comment: p.String() + " binary " + filepath.Base(p.binary)},
			},
		}
		var baseLayers []descriptor
		b := bases[p.String()]
		if b != nil {
			baseLayers = b.layers
			cfg.Config = mergeConfig(b.config.Config, cfg.Config)
			cfg.RootFS.DiffIDs = append(append([]string{}, b.config.RootFS.DiffIDs...), cfg.RootFS.DiffIDs...)
			cfg.History = append(append([]history{}, b.config.History...), cfg.History...)
		}
		cfgBytes := canonical(cfg)
		ann := o.annotations
		if len(ann) == 0 {
			ann = nil
		}
		m := manifest{
			SchemaVersion: 2, MediaType: mediaManifest,
			Config: descriptor{MediaType: mediaConfig, Digest: sha(cfgBytes), Size: len(cfgBytes)},
			Layers: append(append([]descriptor{}, baseLayers...),
				descriptor{MediaType: mediaLayer, Digest: commonBlob.digest, Size: len(commonBlob.data)},
				descriptor{MediaType: mediaLayer, Digest: binBlob.digest, Size: len(binBlob.data)},
			),
			Annotations: ann,
		}
		mBytes := canonical(m)
		pp := p
		idx.Manifests = append(idx.Manifests, descriptor{MediaType: mediaManifest, Digest: sha(mBytes), Size: len(mBytes), Platform: &pp})
		images = append(images, image{platform: p, config: cfgBytes, manifest: mBytes, layers: []blob{commonBlob, binBlob}, base: b})
	}
	if len(o.annotations) > 0 {
		idx.Annotations = o.annotations
	}
	return images, canonical(idx), nil
}

// mergeConfig keeps the base's Env (ours win per variable), Labels (ours win
// per key) and ExposedPorts; User, Entrypoint and WorkingDir are ours.
func mergeConfig(base, ours containerConfig) containerConfig {
	env := []string{}
	set := map[string]bool{}
	for _, e := range ours.Env {
		set[strings.SplitN(e, "=", 2)[0]] = true
	}
	for _, e := range base.Env {
		if !set[strings.SplitN(e, "=", 2)[0]] {
			env = append(env, e)
		}
	}
	ours.Env = append(env, ours.Env...)
	if len(base.Labels) > 0 {
		labels := map[string]string{}
		for k, v := range base.Labels {
			labels[k] = v
		}
		for k, v := range ours.Labels {
			labels[k] = v
		}
		ours.Labels = labels
	}
	if len(base.ExposedPorts) > 0 {
		ports := map[string]struct{}{}
		for k := range base.ExposedPorts {
			ports[k] = struct{}{}
		}
		for k := range ours.ExposedPorts {
			ports[k] = struct{}{}
		}
		ours.ExposedPorts = ports
	}
	return ours
}

// ---- registry client (the distribution spec's HTTP API v2) ----

type client struct {
	host, repo, base string
	user, pass       string
	authorization    string
	http             *http.Client
	attempts         int
	backoff          time.Duration
	pushedBlobs      int
	pushedManifests  int
	logf             func(string, ...interface{})
	scope            string
}

// insecureHost: plain http only for registries on the loopback interface,
// as docker treats them (dockerd's default insecure registry 127.0.0.0/8, and
// localhost). go-containerregistry's pkg/name/registry.go Scheme() also takes
// RFC 1918 addresses and *.local as http; this builder does not: https there.
func insecureHost(host string) bool {
	h := host
	if hh, _, err := net.SplitHostPort(host); err == nil {
		h = hh
	}
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(strings.Trim(h, "[]"))
	return ip != nil && ip.IsLoopback()
}

// dockerConfigAuth reads the registry's "auths" entry of a docker config.json.
func dockerConfigAuth(host string) (string, string, error) {
	dir := os.Getenv("DOCKER_CONFIG")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", "", nil
		}
		dir = filepath.Join(home, ".docker")
	}
	file := filepath.Join(dir, "config.json")
	data, err := os.ReadFile(file)
	if errors.Is(err, os.ErrNotExist) {
		return "", "", nil
	}
	if err != nil {
		return "", "", &failure{exitUsage, fmt.Sprintf("cannot read %s: %v", file, err)}
	}
	var cfg struct {
		Auths map[string]struct {
			Auth     string `json:"auth"`
			Username string `json:"username"`
			Password string `json:"password"`
		} `json:"auths"`
	}
	if err := json.Unmarshal(data, &cfg); err != nil {
		return "", "", &failure{exitUsage, fmt.Sprintf("%s is not valid JSON: %v", file, err)}
	}
	for key, a := range cfg.Auths {
		k := strings.TrimPrefix(strings.TrimPrefix(key, "https://"), "http://")
		if i := strings.Index(k, "/"); i >= 0 {
			k = k[:i]
		}
		if k != host && !(host == "registry-1.docker.io" && k == "index.docker.io") {
			continue
		}
		if a.Auth != "" {
			raw, err := base64.StdEncoding.DecodeString(a.Auth)
			if err != nil || !strings.Contains(string(raw), ":") {
				return "", "", &failure{exitUsage, fmt.Sprintf("%s: the auth of %s is not base64 of user:password", file, key)}
			}
			s := strings.SplitN(string(raw), ":", 2)
			return s[0], s[1], nil
		}
		return a.Username, a.Password, nil
	}
	return "", "", nil
}

func transient(err error) bool {
	var ne net.Error
	return errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.EOF) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.EPIPE) || (errors.As(err, &ne) && ne.Timeout())
}

type response struct {
	status int
	header http.Header
	body   []byte
}

// send makes one request, retrying connection failures and 429/5xx answers
// with a bounded, logged backoff; other answers are returned as they are.
func (c *client) send(method, target string, header map[string]string, body []byte, authorization string) (*response, error) {
	wait := c.backoff
	for attempt := 1; ; attempt++ {
		var rd io.Reader
		if body != nil {
			rd = bytes.NewReader(body)
		}
		req, err := http.NewRequest(method, target, rd)
		if err != nil {
			return nil, err
		}
		for k, v := range header {
			req.Header.Set(k, v)
		}
		if authorization != "" {
			req.Header.Set("Authorization", authorization)
		}
		req.Header.Set("User-Agent", "jslc-oci-image")
		resp, err := c.http.Do(req)
		var reason string
		if err == nil {
			data, rerr := io.ReadAll(resp.Body)
			resp.Body.Close()
			if rerr == nil && resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode < 500 {
				return &response{resp.StatusCode, resp.Header, data}, nil
			}
			if rerr != nil {
				reason = rerr.Error()
			} else {
				reason = fmt.Sprintf("HTTP %d", resp.StatusCode)
			}
		} else if transient(err) {
			reason = err.Error()
		} else {
			return nil, fmt.Errorf("%s %s: %v", method, redact(target), err)
		}
		if attempt >= c.attempts {
			return nil, fmt.Errorf("%s %s: %s, still after %d attempts", method, redact(target), reason, attempt)
		}
		c.logf("%s %s: %s; retrying in %v (attempt %d of %d)", method, redact(target), reason, wait, attempt+1, c.attempts)
		time.Sleep(wait)
		wait *= 2
	}
}

// redact drops the query (upload state, token scopes) from a logged URL.
func redact(target string) string {
	if u, err := url.Parse(target); err == nil {
		u.RawQuery, u.User = "", nil
		return u.String()
	}
	return "a registry URL"
}

func (c *client) authFailure(status int) error {
	what := "refused the credentials"
	if c.user == "" {
		what = "asks for credentials and none are set"
	}
	if status == http.StatusForbidden {
		what = "denied access to " + c.repo
	}
	return &failure{exitAuth, fmt.Sprintf("registry %s %s (HTTP %d; not retried): set JSLC_REGISTRY_USERNAME and JSLC_REGISTRY_PASSWORD, or a DOCKER_CONFIG whose config.json has an auths entry for %s, with push access to %s", c.host, what, status, c.host, c.repo)}
}

// authenticate answers a WWW-Authenticate challenge: Basic, or Bearer by
// asking the realm for a token with the repository's scope (pull,push; pull for a base)
// (distribution docs/spec/auth/token.md; go-containerregistry pkg/v1/remote/transport/bearer.go).
func (c *client) authenticate(challenge string) error {
	scheme, params := parseChallenge(challenge)
	switch strings.ToLower(scheme) {
	case "basic":
		if c.user == "" {
			return c.authFailure(http.StatusUnauthorized)
		}
		c.authorization = "Basic " + base64.StdEncoding.EncodeToString([]byte(c.user+":"+c.pass))
		return nil
	case "bearer":
		realm := params["realm"]
		if realm == "" {
			return &failure{exitFailure, fmt.Sprintf("registry %s sent a Bearer challenge without a realm", c.host)}
		}
		u, err := url.Parse(realm)
		if err != nil {
			return &failure{exitFailure, fmt.Sprintf("registry %s sent a bad token realm: %v", c.host, err)}
		}
		q := u.Query()
		if params["service"] != "" {
			q.Set("service", params["service"])
		}
		q.Set("scope", "repository:"+c.repo+":"+c.scope)
		u.RawQuery = q.Encode()
		auth := ""
		if c.user != "" {
			auth = "Basic " + base64.StdEncoding.EncodeToString([]byte(c.user+":"+c.pass))
		}
		r, err := c.send("GET", u.String(), nil, nil, auth)
		if err != nil {
			return err
		}
		if r.status == http.StatusUnauthorized || r.status == http.StatusForbidden {
			return c.authFailure(r.status)
		}
		if r.status != http.StatusOK {
			return fmt.Errorf("token from %s: HTTP %d", redact(u.String()), r.status)
		}
		var tok struct {
			Token       string `json:"token"`
			AccessToken string `json:"access_token"`
		}
		if err := json.Unmarshal(r.body, &tok); err != nil || (tok.Token == "" && tok.AccessToken == "") {
			return fmt.Errorf("token from %s: no token in the answer", redact(u.String()))
		}
		if tok.Token == "" {
			tok.Token = tok.AccessToken
		}
		c.authorization = "Bearer " + tok.Token
		return nil
	default:
		return &failure{exitFailure, fmt.Sprintf("registry %s asks for an unsupported authentication scheme %q", c.host, scheme)}
	}
}

func parseChallenge(h string) (string, map[string]string) {
	params := map[string]string{}
	h = strings.TrimSpace(h)
	sp := strings.IndexByte(h, ' ')
	if sp < 0 {
		return h, params
	}
	scheme, rest := h[:sp], h[sp+1:]
	for rest != "" {
		rest = strings.TrimLeft(rest, " ,")
		eq := strings.IndexByte(rest, '=')
		if eq < 0 {
			break
		}
		key := strings.ToLower(strings.TrimSpace(rest[:eq]))
		rest = rest[eq+1:]
		var val string
		if strings.HasPrefix(rest, `"`) {
			end := strings.IndexByte(rest[1:], '"')
			if end < 0 {
				val, rest = rest[1:], ""
			} else {
				val, rest = rest[1:end+1], rest[end+2:]
			}
		} else if c := strings.IndexByte(rest, ','); c >= 0 {
			val, rest = rest[:c], rest[c+1:]
		} else {
			val, rest = rest, ""
		}
		params[key] = val
	}
	return scheme, params
}

// do sends a request with the current credentials, answers one 401 challenge,
// and fails without retrying on 401/403 after that.
func (c *client) do(method, target string, header map[string]string, body []byte) (*response, error) {
	r, err := c.send(method, target, header, body, c.authorization)
	if err != nil {
		return nil, err
	}
	if r.status == http.StatusUnauthorized {
		challenge := r.header.Get("WWW-Authenticate")
		if challenge == "" || c.authorization != "" && strings.HasPrefix(c.authorization, "Basic") {
			return nil, c.authFailure(r.status)
		}
		if err := c.authenticate(challenge); err != nil {
			return nil, err
		}
		if r, err = c.send(method, target, header, body, c.authorization); err != nil {
			return nil, err
		}
	}
	if r.status == http.StatusUnauthorized || r.status == http.StatusForbidden {
		return nil, c.authFailure(r.status)
	}
	return r, nil
}

func unexpected(what string, r *response) error {
	body := strings.TrimSpace(string(r.body))
	if len(body) > 300 {
		body = body[:300] + "…"
	}
	return fmt.Errorf("%s: HTTP %d %s", what, r.status, body)
}

func (c *client) ping() error {
	r, err := c.send("GET", c.base+"/v2/", nil, nil, "")
	if err != nil {
		return err
	}
	if r.status == http.StatusUnauthorized {
		return c.authenticate(r.header.Get("WWW-Authenticate"))
	}
	if r.status != http.StatusOK {
		return unexpected("GET /v2/ of "+c.host, r)
	}
	return nil
}

func (c *client) pushBlob(b blob, what string) error {
	r, err := c.do("HEAD", c.base+"/v2/"+c.repo+"/blobs/"+b.digest, nil, nil)
	if err != nil {
		return err
	}
	if r.status == http.StatusOK {
		c.logf("%s %s: already in the registry", what, short(b.digest))
		return nil
	}
	r, err = c.do("POST", c.base+"/v2/"+c.repo+"/blobs/uploads/", nil, nil)
	if err != nil {
		return err
	}
	if r.status != http.StatusAccepted {
		return unexpected("starting the upload of "+what, r)
	}
	loc, err := url.Parse(r.header.Get("Location"))
	if err != nil || r.header.Get("Location") == "" {
		return fmt.Errorf("the registry gave no upload location for %s", what)
	}
	baseURL, _ := url.Parse(c.base + "/v2/")
	target := baseURL.ResolveReference(loc)
	q := target.Query()
	q.Set("digest", b.digest)
	target.RawQuery = q.Encode()
	r, err = c.do("PUT", target.String(), map[string]string{"Content-Type": "application/octet-stream"}, b.data)
	if err != nil {
		return err
	}
	if r.status != http.StatusCreated {
		return unexpected("uploading "+what, r)
	}
	c.pushedBlobs++
	c.logf("%s %s: pushed (%d bytes)", what, short(b.digest), len(b.data))
	return nil
}

func (c *client) pushManifest(ref, mediaType string, body []byte, what string) error {
	digest := sha(body)
	r, err := c.do("HEAD", c.base+"/v2/"+c.repo+"/manifests/"+ref, map[string]string{"Accept": mediaType}, nil)
	if err != nil {
		return err
	}
	if r.status == http.StatusOK && r.header.Get("Docker-Content-Digest") == digest {
		c.logf("%s: already in the registry", what)
		return nil
	}
	r, err = c.do("PUT", c.base+"/v2/"+c.repo+"/manifests/"+ref, map[string]string{"Content-Type": mediaType}, body)
	if err != nil {
		return err
	}
	if r.status != http.StatusCreated {
		return unexpected("pushing "+what, r)
	}
	if got := r.header.Get("Docker-Content-Digest"); got != "" && got != digest {
		return fmt.Errorf("pushing %s: the registry computed %s, not %s", what, got, digest)
	}
	c.pushedManifests++
	c.logf("%s: pushed", what)
	return nil
}

func short(d string) string {
	if len(d) > 19 {
		return d[:19]
	}
	return d
}

// credentials: the two environment variables, else the docker config.json entry of the host.
func credentials(host, userVar, passVar string) (string, string, error) {
	user, pass := os.Getenv(userVar), os.Getenv(passVar)
	if (user == "") != (pass == "") {
		return "", "", usagef("set both %s and %s, or neither", userVar, passVar)
	}
	if user != "" {
		return user, pass, nil
	}
	return dockerConfigAuth(host)
}

func newClient(host, repo, user, pass, scope string, logf func(string, ...interface{})) *client {
	scheme := "https"
	if insecureHost(host) {
		scheme = "http"
	}
	return &client{host: host, repo: repo, base: scheme + "://" + host, user: user, pass: pass, scope: scope,
		http: &http.Client{Timeout: 10 * time.Minute}, attempts: 5, backoff: 500 * time.Millisecond, logf: logf}
}

func run(args []string, stdout io.Writer) error {
	o, err := parseArgs(args)
	if err != nil {
		return err
	}
	for _, p := range o.platforms {
		if err := checkBinary(p, o.base == ""); err != nil {
			return err
		}
	}
	logf := func(format string, a ...interface{}) { fmt.Fprintf(stdout, "oci-image: "+format+"\n", a...) }
	user, pass, err := credentials(o.host, "JSLC_REGISTRY_USERNAME", "JSLC_REGISTRY_PASSWORD")
	if err != nil {
		return err
	}
	c := newClient(o.host, o.repo, user, pass, "pull,push", logf)
	var bases map[string]*baseImage
	if o.base != "" {
		bu, bp, err := credentials(o.baseHost, "JSLC_BASE_REGISTRY_USERNAME", "JSLC_BASE_REGISTRY_PASSWORD")
		if err != nil {
			return err
		}
		if bu == "" && o.baseHost == o.host {
			bu, bp = user, pass
		}
		bc := newClient(o.baseHost, o.baseRepo, bu, bp, "pull", logf)
		if err := bc.ping(); err != nil {
			return err
		}
		if bases, err = resolveBase(o, bc); err != nil {
			return err
		}
		logf("base %s", o.base)
	}
	images, idx, err := assemble(o, bases)
	if err != nil {
		return err
	}
	indexDigest := sha(idx)
	for _, im := range images {
		logf("%s: manifest %s", im.platform, sha(im.manifest))
	}
	logf("index %s", indexDigest)
	if err := c.ping(); err != nil {
		return err
	}
	pushed := map[string]bool{}
	for _, im := range images {
		if im.base != nil {
			for _, d := range im.base.layers {
				if pushed[d.Digest] {
					continue
				}
				pushed[d.Digest] = true
				if err := c.copyBlob(d, im.base.client, im.platform.String()+" base layer"); err != nil {
					return err
				}
			}
		}
		for i, l := range im.layers {
			if pushed[l.digest] {
				continue
			}
			pushed[l.digest] = true
			what := "layer (files)"
			if i == 1 {
				what = im.platform.String() + " layer (binary)"
			}
			if err := c.pushBlob(l, what); err != nil {
				return err
			}
		}
		if err := c.pushBlob(blob{digest: sha(im.config), data: im.config}, im.platform.String()+" config"); err != nil {
			return err
		}
		if err := c.pushManifest(sha(im.manifest), mediaManifest, im.manifest, im.platform.String()+" manifest "+short(sha(im.manifest))); err != nil {
			return err
		}
	}
	if err := c.pushManifest(indexDigest, mediaIndex, idx, "index "+short(indexDigest)); err != nil {
		return err
	}
	for _, t := range o.tags {
		if err := c.pushManifest(t, mediaIndex, idx, "tag "+t); err != nil {
			return err
		}
	}
	if c.pushedBlobs == 0 && c.pushedManifests == 0 {
		logf("nothing pushed: the registry already has every blob and manifest of %s@%s", o.repository, indexDigest)
	} else {
		logf("pushed %d blobs and %d manifests", c.pushedBlobs, c.pushedManifests)
	}
	ref := o.repository + "@" + indexDigest
	if o.digestFile != "" {
		if err := os.WriteFile(o.digestFile, []byte(ref+"\n"), 0o644); err != nil {
			return fmt.Errorf("writing -digest-file %s: %v", o.digestFile, err)
		}
	}
	fmt.Fprintln(stdout, ref)
	return nil
}

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		code := exitFailure
		var f *failure
		if errors.As(err, &f) {
			code = f.code
		}
		fmt.Fprintln(os.Stderr, "oci-image: error: "+err.Error())
		os.Exit(code)
	}
}
