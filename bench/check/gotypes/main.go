// Command gotypes is go/types' half of the type-checking benchmark (bench/check/run.py).
//
// It type-checks the named packages and everything they import, each package once, in
// the way `talpa tool check` does: first go/build finds every package of the import
// closure (CgoEnabled=false, the -target's GOOS and GOARCH) and go/parser parses their
// files, then go/types checks them one by one, each after the packages it imports, with
// function bodies. It prints to stderr a line shaped like talpa's -stats line:
//
//	check: N packages, E with errors; load+parse X ms, check Y ms
//
// and exits 1 if any package had a type error (the errors go to stderr, a few a package).
//
//	gotypes [-target goos/goarch] [-nobodies] [-srcimporter] [-list FILE] [packages]
//
// -nobodies sets types.Config.IgnoreFuncBodies, which checks declarations only.
//
// -srcimporter instead imports each named package through go/importer's "source"
// importer (go/internal/srcimporter). That importer checks every package, the named ones
// included, with IgnoreFuncBodies set, and parses each package's files on one goroutine
// per file; it has no load/check split, so the line gives its whole time as check time.
//
// go/build runs in-process for standard-library paths (it only asks the go command about
// paths outside GOROOT), so $GOROOT, or the GOROOT the toolchain was built with, decides
// the source tree.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"go/ast"
	"go/build"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// A pkg is one package of the closure: its files, where each import path it writes
// resolves (vendored paths differ), and once checked its types.Package.
type pkg struct {
	bp      *build.Package
	files   []*ast.File
	imports map[string]*pkg // as written in the files; "unsafe" is absent
	types   *types.Package
	errors  int
}

type loader struct {
	ctxt  *build.Context
	fset  *token.FileSet
	pkgs  map[string]*pkg // by the resolved import path
	order []*pkg          // each package after those it imports
}

// load finds the package that path names from srcDir, then parses its files and loads
// its imports, depth first, so that order lists it after them. Import cycles are not
// expected (the standard library has none) and would loop.
func (l *loader) load(path, srcDir string) (*pkg, error) {
	// FindOnly resolves the path (vendoring included) without reading the directory,
	// which only a package seen for the first time needs.
	found, err := l.ctxt.Import(path, srcDir, build.FindOnly)
	if err != nil {
		return nil, err
	}
	if p := l.pkgs[found.ImportPath]; p != nil {
		return p, nil
	}
	bp, err := l.ctxt.Import(path, srcDir, 0)
	if err != nil {
		return nil, err
	}
	p := &pkg{bp: bp, imports: map[string]*pkg{}}
	l.pkgs[bp.ImportPath] = p
	for _, name := range append(bp.GoFiles, bp.CgoFiles...) { // CgoFiles is empty without cgo
		f, err := parser.ParseFile(l.fset, filepath.Join(bp.Dir, name), nil,
			parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		p.files = append(p.files, f)
	}
	for _, imp := range bp.Imports {
		if imp == "unsafe" || imp == "C" {
			continue
		}
		dep, err := l.load(imp, bp.Dir)
		if err != nil {
			return nil, err
		}
		p.imports[imp] = dep
	}
	l.order = append(l.order, p)
	return p, nil
}

// importerFunc resolves one package's imports, all of them checked before it.
type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

func check(l *loader, sizes types.Sizes, ignoreBodies bool) {
	for _, p := range l.order {
		p := p
		conf := types.Config{
			IgnoreFuncBodies: ignoreBodies,
			Sizes:            sizes,
			Importer: importerFunc(func(path string) (*types.Package, error) {
				if path == "unsafe" {
					return types.Unsafe, nil
				}
				if dep := p.imports[path]; dep != nil && dep.types != nil {
					return dep.types, nil
				}
				return nil, fmt.Errorf("%s: import %q not loaded", p.bp.ImportPath, path)
			}),
			Error: func(err error) { // keep going, as talpa reports all errors
				if p.errors++; p.errors <= 3 {
					fmt.Fprintln(os.Stderr, err)
				}
			},
		}
		// On errors Check still returns the package, complete as far as it got.
		p.types, _ = conf.Check(p.bp.ImportPath, l.fset, p.files, nil)
	}
}

func main() {
	target := flag.String("target", "", "check for `goos/goarch` (default: the host's)")
	noBodies := flag.Bool("nobodies", false, "set IgnoreFuncBodies: check declarations only")
	srcImporter := flag.Bool("srcimporter", false, `import each package through go/importer's "source" importer`)
	list := flag.String("list", "", "read import paths from `FILE`, one a line")
	flag.Parse()
	paths := flag.Args()
	if *list != "" {
		more, err := readList(*list)
		if err != nil {
			fatal(err)
		}
		paths = append(paths, more...)
	}
	if len(paths) == 0 {
		fmt.Fprintln(os.Stderr, "usage: gotypes [-target goos/goarch] [-nobodies] [-srcimporter] [-list FILE] [packages]")
		os.Exit(2)
	}
	// go/importer's source importer reads build.Default, so the settings go there.
	build.Default.CgoEnabled = false
	if *target != "" {
		goos, goarch, ok := strings.Cut(*target, "/")
		if !ok {
			fatal(fmt.Errorf("-target %q is not goos/goarch", *target))
		}
		build.Default.GOOS, build.Default.GOARCH = goos, goarch
	}
	ctxt := &build.Default
	fset := token.NewFileSet()

	if *srcImporter {
		imp := importer.ForCompiler(fset, "source", nil)
		start := time.Now()
		failed := 0
		for _, path := range paths {
			if _, err := imp.Import(path); err != nil {
				fmt.Fprintln(os.Stderr, err)
				failed++
			}
		}
		ms := float64(time.Since(start).Microseconds()) / 1000
		// The importer keeps its packages to itself; count the closure from the roots.
		seen := map[*types.Package]bool{}
		var walk func(*types.Package)
		walk = func(p *types.Package) {
			if p == nil || seen[p] || p == types.Unsafe {
				return
			}
			seen[p] = true
			for _, q := range p.Imports() {
				walk(q)
			}
		}
		for _, path := range paths {
			p, _ := imp.Import(path) // cached
			walk(p)
		}
		fmt.Fprintf(os.Stderr, "check: %d packages, %d with errors; load+parse 0.0 ms, check %.1f ms\n",
			len(seen), failed, ms)
		if failed > 0 {
			os.Exit(1)
		}
		return
	}

	l := &loader{ctxt: ctxt, fset: fset, pkgs: map[string]*pkg{}}
	start := time.Now()
	for _, path := range paths {
		if path == "unsafe" {
			continue
		}
		if _, err := l.load(path, "."); err != nil {
			fatal(err)
		}
	}
	loaded := time.Now()
	check(l, types.SizesFor("gc", ctxt.GOARCH), *noBodies)
	done := time.Now()

	failed := 0
	for _, p := range l.order {
		if p.errors > 0 {
			failed++
		}
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	fmt.Fprintf(os.Stderr, "check: %d packages, %d with errors; load+parse %.1f ms, check %.1f ms\n",
		len(l.order), failed, ms(loaded.Sub(start)), ms(done.Sub(loaded)))
	if failed > 0 {
		os.Exit(1)
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "gotypes:", err)
	os.Exit(2)
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
