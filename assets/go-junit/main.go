// Command go-junit converts `go test -json` events (stdin) into a JUnit XML
// report (the file named by the first argument) and prints the readable test
// output to stdout. It uses the standard library only, so `go run` needs no
// network. Shipped by jslc as a library resource.
package main

import (
	"bufio"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"
)

type event struct {
	Time    time.Time
	Action  string
	Package string
	Test    string
	Elapsed float64
	Output  string
}

type failure struct {
	Message string `xml:"message,attr"`
	Body    string `xml:",chardata"`
}

type skipped struct {
	Message string `xml:"message,attr"`
}

type testCase struct {
	Name      string   `xml:"name,attr"`
	ClassName string   `xml:"classname,attr"`
	Time      string   `xml:"time,attr"`
	Failure   *failure `xml:"failure,omitempty"`
	Skipped   *skipped `xml:"skipped,omitempty"`
	output    strings.Builder
}

type testSuite struct {
	XMLName  xml.Name    `xml:"testsuite"`
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []*testCase `xml:"testcase"`
	byName   map[string]*testCase
	output   strings.Builder
	failed   bool
}

type testSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Suites  []*testSuite `xml:"testsuite"`
}

func seconds(f float64) string { return fmt.Sprintf("%.3f", f) }

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go-junit REPORT.xml < go-test.json")
		os.Exit(2)
	}
	suites := map[string]*testSuite{}
	suite := func(pkg string) *testSuite {
		s, ok := suites[pkg]
		if !ok {
			s = &testSuite{Name: pkg, byName: map[string]*testCase{}}
			suites[pkg] = s
		}
		return s
	}
	in := bufio.NewReader(os.Stdin)
	for {
		line, err := in.ReadBytes('\n')
		if len(line) > 0 {
			var e event
			if json.Unmarshal(line, &e) != nil || e.Package == "" {
				// Not an event (for example a build error printed by go itself).
				os.Stdout.Write(line)
			} else {
				s := suite(e.Package)
				if e.Action == "output" {
					io.WriteString(os.Stdout, e.Output)
				}
				if e.Test == "" {
					switch e.Action {
					case "output":
						s.output.WriteString(e.Output)
					case "fail":
						s.failed = true
						s.Time = seconds(e.Elapsed)
					case "pass", "skip":
						s.Time = seconds(e.Elapsed)
					}
				} else {
					c, ok := s.byName[e.Test]
					if !ok {
						c = &testCase{Name: e.Test, ClassName: e.Package, Time: seconds(0)}
						s.byName[e.Test] = c
						s.Cases = append(s.Cases, c)
					}
					switch e.Action {
					case "output":
						c.output.WriteString(e.Output)
					case "pass":
						c.Time = seconds(e.Elapsed)
					case "fail":
						c.Time = seconds(e.Elapsed)
						c.Failure = &failure{Message: "Failed", Body: c.output.String()}
					case "skip":
						c.Time = seconds(e.Elapsed)
						c.Skipped = &skipped{Message: strings.TrimSpace(c.output.String())}
					}
				}
			}
		}
		if err != nil {
			break
		}
	}
	names := make([]string, 0, len(suites))
	for n := range suites {
		names = append(names, n)
	}
	sort.Strings(names)
	report := testSuites{}
	total, failed := 0, 0
	for _, n := range names {
		s := suites[n]
		for _, c := range s.Cases {
			s.Tests++
			if c.Failure != nil {
				s.Failures++
			}
			if c.Skipped != nil {
				s.Skipped++
			}
		}
		// A package that failed without a failing test (build error, panic in
		// TestMain, race detected after the tests) is reported as an error case.
		if s.failed && s.Failures == 0 {
			s.Errors++
			s.Tests++
			s.Cases = append(s.Cases, &testCase{Name: "package", ClassName: n, Time: s.Time, Failure: &failure{Message: "package failed", Body: s.output.String()}})
		}
		if s.Time == "" {
			s.Time = seconds(0)
		}
		total += s.Tests
		failed += s.Failures + s.Errors
		report.Suites = append(report.Suites, s)
	}
	out, err := xml.MarshalIndent(report, "", "  ")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := os.WriteFile(os.Args[1], append([]byte(xml.Header), append(out, '\n')...), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("JUnit report %s: %d tests, %d failed\n", os.Args[1], total, failed)
}
