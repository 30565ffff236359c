// Command goparse is go/parser's half of the parser benchmark (bench/parse/run.py).
//
// It reads and parses each file in turn, on one goroutine, and prints to stderr the
// same line as `talpa tool parse -stats`:
//
//	parsed N files, B bytes in S s: R MB/s
//
// The clock runs from before the first read to after the last parse. Files with
// syntax errors are counted (the count goes to stdout) and otherwise ignored, so a
// tree such as Go's test/, which holds many deliberately broken files, still
// measures the whole input.
//
//	goparse [-list FILE] [file.go...]
package main

import (
	"bufio"
	"flag"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"strings"
	"time"
)

func main() {
	list := flag.String("list", "", "read file paths from `FILE`, one a line")
	flag.Parse()
	files := flag.Args()
	if *list != "" {
		more, err := readList(*list)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		files = append(files, more...)
	}
	if len(files) == 0 {
		fmt.Fprintln(os.Stderr, "usage: goparse [-list FILE] [file.go...]")
		os.Exit(2)
	}

	// One FileSet for the whole run, as a tool parsing a package tree would have;
	// talpa instead makes a SourceManager per file, a difference of a few bytes per
	// file that the clock cannot see.
	fset := token.NewFileSet()
	var bytes int64
	var broken, unreadable int
	start := time.Now()
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			unreadable++
			continue
		}
		bytes += int64(len(src))
		if _, err := parser.ParseFile(fset, path, src, parser.ParseComments|parser.SkipObjectResolution); err != nil {
			broken++
		}
	}
	secs := time.Since(start).Seconds()

	rate := 0.0
	if secs > 0 {
		rate = float64(bytes) / 1e6 / secs
	}
	fmt.Fprintf(os.Stderr, "parsed %d files, %d bytes in %.3f s: %.1f MB/s\n", len(files), bytes, secs, rate)
	fmt.Printf("%d files with syntax errors, %d unreadable\n", broken, unreadable)
}

// readList returns the non-blank lines of the file at path.
func readList(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var paths []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" {
			paths = append(paths, line)
		}
	}
	return paths, sc.Err()
}
