package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// The house rules the README states, checked over the module's non-test
// Go: no function over maxFuncLines lines outside declarative mappings,
// and no more than maxGoVocabulary words of reading vocabulary in Go's
// package-level lists (the rest lives in data files with one loader).
const (
	maxFuncLines    = 100
	maxGoVocabulary = 300
)

// readingPackages read what people write; their word lists are
// vocabulary. (Generators' sample data, error texts and identifiers'
// names are not.)
var readingPackages = []string{"answer", "reading", "privacy", "urgent", "index", "slackbot", "place", "knowledge"}

// longFunctions may exceed maxFuncLines, each with the reason. It must
// only shrink.
var longFunctions = map[string]string{}

func goFiles(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && p != root {
			return filepath.SkipDir
		}
		if strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go") {
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestNoLongFunctions(t *testing.T) {
	fset := token.NewFileSet()
	for _, p := range goFiles(t, "../..") {
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			n := fset.Position(fd.End()).Line - fset.Position(fd.Pos()).Line + 1
			name := strings.TrimPrefix(p, "../../") + ":" + fd.Name.Name
			if n > maxFuncLines && longFunctions[name] == "" {
				t.Errorf("%s is %d lines: split it (at most %d)", name, n, maxFuncLines)
			}
		}
	}
}

func TestVocabularyLivesInData(t *testing.T) {
	fset := token.NewFileSet()
	total := 0
	var where []string
	for _, pkg := range readingPackages {
		for _, p := range goFiles(t, filepath.Join("../..", pkg)) {
			f, err := parser.ParseFile(fset, p, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range f.Decls {
				g, ok := d.(*ast.GenDecl)
				if !ok || g.Tok != token.VAR {
					continue
				}
				for _, s := range g.Specs {
					vs := s.(*ast.ValueSpec)
					n := 0
					for _, v := range vs.Values {
						n += listWords(v)
					}
					if n >= 5 {
						total += n
						where = append(where, vs.Names[0].Name)
					}
				}
			}
		}
	}
	t.Logf("%d words in Go lists: %s", total, strings.Join(where, ", "))
	if total > maxGoVocabulary {
		t.Errorf("%d words of vocabulary in Go package-level lists, at most %d: move lists to the packages' data files", total, maxGoVocabulary)
	}
}

// listWords counts the words of a word list: the string literals of a
// slice, array or map of strings (keys, for a map), or of a call given
// three or more of them, such as set("a", "b", "c"). Regular expressions,
// struct literals (a rule's examples) and one name passed to a loader are
// not lists.
func listWords(e ast.Expr) int {
	n := 0
	count := func(x ast.Expr) {
		if bl, ok := x.(*ast.BasicLit); ok && bl.Kind == token.STRING {
			n += len(strings.Fields(strings.Trim(bl.Value, "\"`")))
		}
	}
	ast.Inspect(e, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if sel, ok := x.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "MustCompile" {
				return false
			}
			strs := 0
			for _, arg := range x.Args {
				if bl, ok := arg.(*ast.BasicLit); ok && bl.Kind == token.STRING {
					strs++
				}
			}
			if strs >= 3 {
				for _, arg := range x.Args {
					count(arg)
				}
			}
		case *ast.CompositeLit:
			if !stringList(x.Type) {
				return true
			}
			for _, el := range x.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					el = kv.Key
				}
				count(el)
			}
		}
		return true
	})
	return n
}

// stringList reports whether a composite literal's type is a slice or
// array of strings, or a map keyed by strings.
func stringList(t ast.Expr) bool {
	isString := func(e ast.Expr) bool {
		id, ok := e.(*ast.Ident)
		return ok && id.Name == "string"
	}
	switch t := t.(type) {
	case *ast.ArrayType:
		return isString(t.Elt)
	case *ast.MapType:
		return isString(t.Key)
	}
	return false
}
