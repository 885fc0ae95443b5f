package knowledge

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"maps"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
)

// The tests in this file keep docs/knowledge.schema.json, the JSON Schema
// editors attach to knowledge files, in step with what `signpost validate`
// (Load) accepts.

// schemaPath is the schema, relative to this package's directory.
var schemaPath = filepath.Join("..", "docs", "knowledge.schema.json")

// schemaUpdate is the advice every failure about the schema ends with.
const schemaUpdate = "update docs/knowledge.schema.json to match the loader"

// schemaDefsForLoader names, for each list of fields the loader reads
// (keyed by the loader function holding the list, and for a list inside a
// field's reader, the field's name after a dot), the schema's $defs entry
// describing the same mapping. The fields themselves are never copied
// here: they are read from the loader's source and from the schema.
var schemaDefsForLoader = map[string]string{
	"faq":             "faqEntry",
	"term":            "termEntry",
	"service":         "serviceEntry",
	"service.contact": "contact",
	"area":            "areaEntry",
	"categoryWords":   "categoryWordsEntry",
	"source":          "source",
	"location":        "location",
}

// schemaCompile compiles the schema, or one of its $defs when def is not "".
func schemaCompile(t testing.TB, def string) *jsonschema.Schema {
	t.Helper()
	abs, err := filepath.Abs(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	loc := abs
	if def != "" {
		loc += "#/$defs/" + def
	}
	sch, err := jsonschema.NewCompiler().Compile(loc)
	if err != nil {
		t.Fatalf("compiling %s: %v", loc, err)
	}
	return sch
}

// schemaRaw is the schema as plain JSON values, to read its structure.
func schemaRaw(t testing.TB) map[string]any {
	t.Helper()
	data, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatalf("%s: %v", schemaPath, err)
	}
	return raw
}

// schemaDef returns the $defs entry name of the raw schema.
func schemaDef(t testing.TB, raw map[string]any, name string) map[string]any {
	t.Helper()
	defs, _ := raw["$defs"].(map[string]any)
	def, ok := defs[name].(map[string]any)
	if !ok {
		t.Fatalf("%s has no $defs/%s: %s", schemaPath, name, schemaUpdate)
	}
	return def
}

// schemaKeys returns the sorted property names and required names of a
// raw schema object.
func schemaKeys(def map[string]any) (names, required []string) {
	props, _ := def["properties"].(map[string]any)
	for k := range props {
		names = append(names, k)
	}
	req, _ := def["required"].([]any)
	for _, r := range req {
		required = append(required, fmt.Sprint(r))
	}
	slices.Sort(names)
	slices.Sort(required)
	return names, required
}

// schemaValue turns YAML as the loader reads it into the JSON values an
// editor checks against the schema. Keys are their text, as the loader
// matches them; aliases are followed, as the loader follows them; a scalar
// becomes null, a boolean or a number by its resolved YAML tag, and
// otherwise its text, so a date such as 2025-01-01 (yaml.v3's !!timestamp)
// stays the string the loader parses.
func schemaValue(n *yaml.Node) any {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n == nil {
		return nil
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil
		}
		return schemaValue(n.Content[0])
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = schemaValue(n.Content[i+1])
		}
		return m
	case yaml.SequenceNode:
		s := make([]any, 0, len(n.Content))
		for _, item := range n.Content {
			s = append(s, schemaValue(item))
		}
		return s
	}
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		var b bool
		if n.Decode(&b) == nil {
			return b
		}
	case "!!int", "!!float":
		var f float64
		if n.Decode(&f) == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			return f
		}
	}
	return n.Value
}

// schemaCheck validates every YAML document in data against sch, as an
// editor checks each document of a file.
func schemaCheck(sch *jsonschema.Schema, data []byte) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for i := 1; ; i++ {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("document %d: %w", i, err)
		}
		if err := sch.Validate(schemaValue(&doc)); err != nil {
			return fmt.Errorf("document %d: %w", i, err)
		}
	}
}

// schemaLoad loads one file called name, as validate would in a directory
// holding only it.
func schemaLoad(name, data string) (*Base, error) {
	return Load(fstest.MapFS{name: {Data: []byte(data)}})
}

// TestSchemaAcceptsValidKnowledge: every file of every knowledge directory
// validate accepts (the built-in knowledge and the test fixtures) passes
// the schema.
func TestSchemaAcceptsValidKnowledge(t *testing.T) {
	sch := schemaCompile(t, "")
	type file struct{ dir, name string }
	var files []file
	var dirs []string
	for _, root := range []string{"builtin", "testdata", filepath.Join("..", "testdata"), filepath.Join("..", "cmd", "signpost", "testdata"), filepath.Join("..", "cmd", "signpost", "sample")} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p == root && errors.Is(err, fs.ErrNotExist) {
					return fs.SkipDir
				}
				return err
			}
			if !d.IsDir() {
				return nil
			}
			fsys := os.DirFS(p)
			if _, err := Load(fsys); err != nil {
				return nil // not a knowledge directory validate accepts: look below it
			}
			names, err := Files(fsys)
			if err != nil {
				return err
			}
			if len(names) > 0 {
				dirs = append(dirs, p)
			}
			for _, n := range names {
				files = append(files, file{p, n})
			}
			return fs.SkipDir // its subfolders are part of it
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if !slices.Contains(dirs, "builtin") || len(dirs) < 3 {
		t.Fatalf("knowledge directories found: %v; want builtin and the fixtures", dirs)
	}
	t.Logf("%d files in %d knowledge directories: %v", len(files), len(dirs), dirs)
	for _, f := range files {
		t.Run(filepath.ToSlash(filepath.Join(f.dir, f.name)), func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(f.dir, filepath.FromSlash(f.name)))
			if err != nil {
				t.Fatal(err)
			}
			if err := schemaCheck(sch, data); err != nil {
				t.Errorf("validate accepts it but the schema refuses it (%s):\n%v", schemaUpdate, err)
			}
		})
	}
}

// TestSchemaRefusesMisspeltFields: for each kind of entry and each mapping
// inside one, a valid file is accepted by both validate and the schema
// (the whole schema and the $defs for its kind of file), and the same
// file with one field misspelt is refused by both.
func TestSchemaRefusesMisspeltFields(t *testing.T) {
	const (
		faq = `faq:
  - id: what-is-sp
    question: What is social prescribing?
    also_asked: ["What does social prescribing mean?"]
    answer: Connecting people to *local* support.
    tags: [basics]
    source: {title: NHS England, url: "https://www.england.nhs.uk/"}
    reviewed: 2026-01-02
    owner: U012ABCDEF
`
		terms = `terms:
  - id: link-worker
    term: link worker
    aliases: [social prescribing link worker, village agent]
    definition: Someone who helps people find local support.
    see_also: [link-worker]
    reviewed: 2026-01-02
`
		services = `services:
  - id: harbourside-friends
    name: Harbourside Friends
    description: Weekly visits for lonely older people.
    categories: [befriending]
    area: Whitby
    postcode: YO21 1AA
    location: {lat: 54.4858, lon: -0.6206}
    contact: {phone: "01632 960001", website: "https://www.example.org/harbourside"}
    referral: [self, professional]
    cost: free
`
		areas = `areas:
  - id: whitby
    name: Whitby
    aliases: [Whitby and Esk Valley PCN]
    districts: [YO21, YO22]
    location: {lat: 54.486, lon: -0.615}
category_words:
  - category: befriending
    words: [chatty cafe]
`
	)
	tests := []struct {
		name, file, def, valid, field, misspelt string
	}{
		{"faq question", "faq/basics.yaml", "faqFile", faq, "question", "quesiton"},
		{"faq source title", "faq/basics.yaml", "faqFile", faq, "title", "titel"},
		{"terms aliases", "terms/glossary.yaml", "termsFile", terms, "aliases", "aliass"},
		{"terms definition", "terms/glossary.yaml", "termsFile", terms, "definition", "defintion"},
		{"services postcode", "services/whitby.yaml", "servicesFile", services, "postcode", "postocde"},
		{"services contact website", "services/whitby.yaml", "servicesFile", services, "website", "webiste"},
		{"services location lon", "services/whitby.yaml", "servicesFile", services, "lon", "lng"},
		{"areas districts", "areas.yaml", "areasFile", areas, "districts", "distrcts"},
		{"category_words words", "areas.yaml", "areasFile", areas, "words", "wrods"},
		{"top-level services", "services/whitby.yaml", "servicesFile", services, "services", "service"},
	}
	whole := schemaCompile(t, "")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind := schemaCompile(t, tt.def)
			if _, err := schemaLoad(tt.file, tt.valid); err != nil {
				t.Fatalf("validate refuses the valid sample: %v", err)
			}
			for _, s := range []*jsonschema.Schema{whole, kind} {
				if err := schemaCheck(s, []byte(tt.valid)); err != nil {
					t.Errorf("%s refuses the valid sample (%s): %v", s.Location, schemaUpdate, err)
				}
			}
			re := regexp.MustCompile(`\b` + regexp.QuoteMeta(tt.field) + `:`)
			loc := re.FindStringIndex(tt.valid)
			if loc == nil {
				t.Fatalf("the sample has no %s: field", tt.field)
			}
			bad := tt.valid[:loc[0]] + tt.misspelt + ":" + tt.valid[loc[1]:]
			_, err := schemaLoad(tt.file, bad)
			if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("%q", tt.misspelt)) {
				t.Errorf("validate: %v, want %q refused as unknown", err, tt.misspelt)
			}
			for _, s := range []*jsonschema.Schema{whole, kind} {
				if err := schemaCheck(s, []byte(bad)); err == nil {
					t.Errorf("%s accepts %q, which validate refuses: %s", s.Location, tt.misspelt, schemaUpdate)
				}
			}
		})
	}
	// A file may mix kinds: the whole schema accepts it, as validate
	// does; a one-kind file's $defs does not.
	t.Run("mixed kinds", func(t *testing.T) {
		mixed := areas + services
		if _, err := schemaLoad("services/whitby.yaml", mixed); err != nil {
			t.Fatalf("validate refuses areas and services in one file: %v", err)
		}
		if err := schemaCheck(whole, []byte(mixed)); err != nil {
			t.Errorf("the schema refuses areas and services in one file, which validate accepts (%s): %v", schemaUpdate, err)
		}
		if err := schemaCheck(schemaCompile(t, "servicesFile"), []byte(mixed)); err == nil {
			t.Errorf("$defs/servicesFile accepts areas: it should hold a file to services only")
		}
	})
}

// loaderFields is one list of fields the loader reads, from its source.
type loaderFields struct {
	names, required []string
	pos             string
}

// schemaLoaderFields reads the loader's own lists of fields (every
// []field{...} literal in this package's source) keyed as
// schemaDefsForLoader is.
func schemaLoaderFields(t *testing.T) map[string]loaderFields {
	t.Helper()
	paths, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	specs := map[string]loaderFields{}
	isFieldList := func(e ast.Expr) bool {
		at, ok := e.(*ast.ArrayType)
		if !ok || at.Len != nil {
			return false
		}
		id, ok := at.Elt.(*ast.Ident)
		return ok && id.Name == "field"
	}
	var visit func(n ast.Node, key string)
	visit = func(n ast.Node, key string) {
		ast.Inspect(n, func(n ast.Node) bool {
			lit, ok := n.(*ast.CompositeLit)
			if !ok || !isFieldList(lit.Type) {
				return true
			}
			pos := fset.Position(lit.Pos()).String()
			if first, dup := specs[key]; dup {
				t.Errorf("%s: a second list of fields for %q (first at %s): the test cannot tell them apart", pos, key, first.pos)
			}
			spec := loaderFields{pos: pos}
			for _, e := range lit.Elts {
				el, ok := e.(*ast.CompositeLit)
				if !ok {
					t.Errorf("%s: a field that is not written as {name: \"...\", ...}: the test cannot read it", fset.Position(e.Pos()))
					continue
				}
				name, required := "", false
				for _, kv := range el.Elts {
					kv, ok := kv.(*ast.KeyValueExpr)
					if !ok {
						continue
					}
					switch k, _ := kv.Key.(*ast.Ident); {
					case k == nil:
					case k.Name == "name":
						bl, ok := kv.Value.(*ast.BasicLit)
						if ok && bl.Kind == token.STRING {
							name, _ = strconv.Unquote(bl.Value)
						}
					case k.Name == "required":
						id, ok := kv.Value.(*ast.Ident)
						if !ok || (id.Name != "true" && id.Name != "false") {
							t.Errorf("%s: required is not written true or false: the test cannot read it", fset.Position(kv.Pos()))
						}
						required = ok && id.Name == "true"
					}
				}
				if name == "" {
					t.Errorf("%s: a field whose name is not a string literal: the test cannot read it", fset.Position(el.Pos()))
					continue
				}
				spec.names = append(spec.names, name)
				if required {
					spec.required = append(spec.required, name)
				}
				visit(el, key+"."+name)
			}
			slices.Sort(spec.names)
			slices.Sort(spec.required)
			specs[key] = spec
			return false
		})
	}
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				visit(fd.Body, fd.Name.Name)
			}
		}
	}
	return specs
}

var (
	schemaUnknownRE = regexp.MustCompile(`unknown (?:field|top-level key) "([^"]*)"`)
	schemaMissingRE = regexp.MustCompile(`^(.*) is missing required field "([^"]*)"$`)
)

// schemaNullEntry writes a flow mapping giving every name as null.
func schemaNullEntry(names []string) string {
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = n + ": null"
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// TestSchemaFieldsMatchLoader: the schema lists, for each kind of entry
// and each mapping inside one, exactly the fields the loader accepts, and
// requires exactly those it requires. The loader's fields are read from
// its own lists in the source, and checked against what Load does, so a
// field added to the loader without the schema fails here.
func TestSchemaFieldsMatchLoader(t *testing.T) {
	raw := schemaRaw(t)
	specs := schemaLoaderFields(t)
	for _, key := range slices.Sorted(maps.Keys(specs)) {
		if _, ok := schemaDefsForLoader[key]; !ok {
			t.Errorf("%s: the loader reads a new mapping, %q, with fields %v: add a $defs for it to docs/knowledge.schema.json and to schemaDefsForLoader in knowledge/schema_test.go", specs[key].pos, key, specs[key].names)
		}
	}
	for key, def := range schemaDefsForLoader {
		t.Run(def, func(t *testing.T) {
			spec, ok := specs[key]
			if !ok {
				t.Fatalf("no list of fields for %q found in the loader's source (renamed?): fix schemaDefsForLoader in knowledge/schema_test.go", key)
			}
			names, required := schemaKeys(schemaDef(t, raw, def))
			for _, n := range spec.names {
				if !slices.Contains(names, n) {
					t.Errorf("the loader accepts field %q (%s) but $defs/%s does not list it: %s", n, spec.pos, def, schemaUpdate)
				}
			}
			for _, n := range names {
				if !slices.Contains(spec.names, n) {
					t.Errorf("$defs/%s lists field %q, which the loader (%s) refuses: %s", def, n, spec.pos, schemaUpdate)
				}
			}
			if !slices.Equal(required, spec.required) {
				t.Errorf("$defs/%s requires %v; the loader (%s) requires %v: %s", def, required, spec.pos, spec.required, schemaUpdate)
			}
		})
	}

	// What Load does agrees: it knows every field the schema lists, and
	// an empty mapping is missing exactly the fields the schema requires.
	t.Run("Load", func(t *testing.T) {
		wrap := map[string]func(string) string{
			"faqEntry":           func(m string) string { return "faq:\n  - " + m + "\n" },
			"termEntry":          func(m string) string { return "terms:\n  - " + m + "\n" },
			"serviceEntry":       func(m string) string { return "services:\n  - " + m + "\n" },
			"areaEntry":          func(m string) string { return "areas:\n  - " + m + "\n" },
			"categoryWordsEntry": func(m string) string { return "category_words:\n  - " + m + "\n" },
			// A mapping inside an entry is tried inside an entry that is
			// otherwise complete, so only its own fields are missing.
			"source": func(m string) string { return "faq:\n  - {id: a, question: Q, answer: A, source: " + m + "}\n" },
			"contact": func(m string) string {
				return "services:\n  - {id: s, name: S, description: D, categories: [arts], area: W, contact: " + m + "}\n"
			},
			"location": func(m string) string { return "areas:\n  - {id: w, name: W, location: " + m + "}\n" },
		}
		for _, def := range slices.Sorted(maps.Values(schemaDefsForLoader)) {
			w, ok := wrap[def]
			if !ok {
				t.Errorf("no sample for $defs/%s in this test: add one", def)
				continue
			}
			names, required := schemaKeys(schemaDef(t, raw, def))
			_, err := schemaLoad("k.yaml", w(schemaNullEntry(names)))
			for _, m := range schemaUnknownRE.FindAllStringSubmatch(fmt.Sprint(err), -1) {
				t.Errorf("$defs/%s lists %q, which Load refuses as unknown: %s", def, m[1], schemaUpdate)
			}
			_, err = schemaLoad("k.yaml", w("{}"))
			var missing []string
			var kerr *Error
			if errors.As(err, &kerr) {
				for _, p := range kerr.Problems {
					m := schemaMissingRE.FindStringSubmatch(p.Msg)
					nested := def == "source" || def == "contact" || def == "location"
					if m != nil && (m[1] == def) == nested {
						missing = append(missing, m[2])
					}
				}
			}
			slices.Sort(missing)
			if !slices.Equal(missing, required) {
				t.Errorf("an empty %s: Load says missing %v; $defs/%s requires %v: %s", def, missing, def, required, schemaUpdate)
			}
		}
	})

	t.Run("top-level keys", func(t *testing.T) {
		names, _ := schemaKeys(schemaDef(t, raw, "knowledgeFile"))
		want := slices.Sorted(slices.Values(topLevelKeys))
		if !slices.Equal(names, want) {
			t.Errorf("$defs/knowledgeFile lists top-level keys %v; the loader accepts %v: %s", names, want, schemaUpdate)
		}
		// The one-kind files between them list every key.
		var all []string
		for _, d := range []string{"faqFile", "termsFile", "servicesFile", "areasFile"} {
			n, _ := schemaKeys(schemaDef(t, raw, d))
			all = append(all, n...)
		}
		slices.Sort(all)
		if !slices.Equal(all, want) {
			t.Errorf("the one-kind file $defs list top-level keys %v between them; the loader accepts %v: %s", all, want, schemaUpdate)
		}
	})

	t.Run("enums", func(t *testing.T) {
		props := func(def string) map[string]any {
			p, _ := schemaDef(t, raw, def)["properties"].(map[string]any)
			return p
		}
		enum := func(v any) []string {
			var out []string
			m, _ := v.(map[string]any)
			if items, ok := m["items"].(map[string]any); ok {
				m = items
			}
			e, _ := m["enum"].([]any)
			for _, s := range e {
				out = append(out, fmt.Sprint(s))
			}
			return out
		}
		for _, c := range []struct {
			where string
			got   []string
			want  []string
		}{
			{"serviceEntry categories", enum(props("serviceEntry")["categories"]), Categories()},
			{"categoryWordsEntry category", enum(props("categoryWordsEntry")["category"]), Categories()},
			{"serviceEntry referral", enum(props("serviceEntry")["referral"]), referralRoutes},
		} {
			if !slices.Equal(c.got, c.want) {
				t.Errorf("$defs/%s allows %v; the loader allows %v: %s", c.where, c.got, c.want, schemaUpdate)
			}
		}
	})
}

// TestSchemaDescribesEveryProperty: every property, and every $defs entry,
// has a description for champions to read in their editor.
func TestSchemaDescribesEveryProperty(t *testing.T) {
	raw := schemaRaw(t)
	var walk func(where string, v any)
	walk = func(where string, v any) {
		switch v := v.(type) {
		case map[string]any:
			if props, ok := v["properties"].(map[string]any); ok {
				for name, p := range props {
					if d, _ := p.(map[string]any)["description"].(string); strings.TrimSpace(d) == "" {
						t.Errorf("%s/properties/%s has no description", where, name)
					}
				}
			}
			for k, sub := range v {
				walk(where+"/"+k, sub)
			}
		case []any:
			for i, sub := range v {
				walk(fmt.Sprintf("%s/%d", where, i), sub)
			}
		}
	}
	walk("#", raw)
	defs, _ := raw["$defs"].(map[string]any)
	for name, d := range defs {
		if s, _ := d.(map[string]any)["description"].(string); strings.TrimSpace(s) == "" {
			t.Errorf("$defs/%s has no description", name)
		}
	}
}

// TestSchemaAgreesWithLoader: on values at the edges of what each field
// allows, the schema and Load give the same verdict; and the checks a
// schema cannot make (across files) are refused by Load alone.
func TestSchemaAgreesWithLoader(t *testing.T) {
	faq := func(extra string) string {
		return "faq:\n  - id: a\n    question: Q?\n    answer: A.\n" + extra
	}
	term := func(extra string) string {
		return "terms:\n  - id: t\n    term: T\n    definition: D.\n" + extra
	}
	service := func(extra string) string {
		return "services:\n  - id: s\n    name: S\n    description: D.\n    categories: [befriending]\n    area: Whitby\n" + extra
	}
	area := func(extra string) string {
		return "areas:\n  - id: w\n    name: Whitby\n" + extra
	}
	list := func(n, size int) string {
		items := make([]string, n)
		for i := range items {
			items[i] = strconv.Quote(fmt.Sprintf("%0*d", size, i))
		}
		return "[" + strings.Join(items, ", ") + "]"
	}
	tests := []struct {
		name, yaml string
		ok         bool
		// loaderOnly marks a check a schema cannot make: Load refuses,
		// the schema accepts.
		loaderOnly bool
	}{
		{name: "empty file", yaml: "", ok: true},
		{name: "comments only", yaml: "# nothing yet\n", ok: true},
		{name: "empty key", yaml: "faq:\nterms: ~\n", ok: true},
		{name: "mixed kinds", yaml: area("") + service(""), ok: true},
		{name: "two documents", yaml: faq("") + "---\n" + term(""), ok: true},
		{name: "bad second document", yaml: faq("") + "---\nfaqs: []\n", ok: false},
		{name: "root a list", yaml: "- id: a\n", ok: false},
		{name: "root text", yaml: "hello\n", ok: false},
		{name: "kind a mapping", yaml: "faq:\n  id: a\n  question: Q?\n  answer: A.\n", ok: false},
		{name: "null entry", yaml: "faq:\n  -\n", ok: false},
		{name: "anchor and alias", yaml: faq("    tags: &t [money]\n") + "  - {id: b, question: Q, answer: A., tags: *t}\n", ok: true},
		{name: "merge key in entry", yaml: "faq:\n  - &e {id: a, question: Q, answer: A.}\n  - {<<: *e, id: b}\n", ok: false},
		{name: "unknown top-level key", yaml: "glossary: []\n", ok: false},

		{name: "id with digits and dashes", yaml: strings.Replace(faq(""), "id: a", "id: step-2-go", 1), ok: true},
		{name: "id a number", yaml: strings.Replace(faq(""), "id: a", "id: 2024", 1), ok: true},
		{name: "id true", yaml: strings.Replace(faq(""), "id: a", "id: true", 1), ok: true},
		{name: "id capitals", yaml: strings.Replace(faq(""), "id: a", "id: Step-2", 1), ok: false},
		{name: "id underscore", yaml: strings.Replace(faq(""), "id: a", "id: step_2", 1), ok: false},
		{name: "id space", yaml: strings.Replace(faq(""), "id: a", "id: step two", 1), ok: false},
		{name: "id quoted with spaces round", yaml: strings.Replace(faq(""), "id: a", `id: " a "`, 1), ok: true},
		{name: "id decimal", yaml: strings.Replace(faq(""), "id: a", "id: 1.5", 1), ok: false},
		{name: "id missing", yaml: "faq:\n  - question: Q?\n    answer: A.\n", ok: false},

		{name: "question null", yaml: strings.Replace(faq(""), "question: Q?", "question:", 1), ok: false},
		{name: "question empty", yaml: strings.Replace(faq(""), "question: Q?", `question: ""`, 1), ok: false},
		{name: "question spaces", yaml: strings.Replace(faq(""), "question: Q?", `question: "   "`, 1), ok: false},
		{name: "question a list", yaml: strings.Replace(faq(""), "question: Q?", "question: [a, b]", 1), ok: false},
		{name: "question a mapping", yaml: strings.Replace(faq(""), "question: Q?", "question: {a: b}", 1), ok: false},
		{name: "question a number", yaml: strings.Replace(faq(""), "question: Q?", "question: 42", 1), ok: true},
		{name: "answer a block", yaml: strings.Replace(faq(""), "answer: A.", "answer: |\n      *Yes*\n      - one\n", 1), ok: true},
		{name: "optional text null", yaml: faq("    owner:\n"), ok: true},
		{name: "optional text empty", yaml: faq("    owner: \"\"\n"), ok: false},
		{name: "optional text true", yaml: service("    cost: true\n"), ok: true},

		{name: "date", yaml: faq("    reviewed: 2026-01-31\n"), ok: true},
		{name: "date quoted", yaml: faq("    reviewed: \"2026-01-31\"\n"), ok: true},
		{name: "date null", yaml: faq("    reviewed:\n"), ok: true},
		{name: "date leap day", yaml: faq("    reviewed: 2024-02-29\n"), ok: true},
		{name: "date leap day 2000", yaml: faq("    reviewed: 2000-02-29\n"), ok: true},
		{name: "date not leap day", yaml: faq("    reviewed: 2026-02-29\n"), ok: false},
		{name: "date not leap day 1900", yaml: faq("    reviewed: 1900-02-29\n"), ok: false},
		{name: "date 30 February", yaml: faq("    reviewed: 2024-02-30\n"), ok: false},
		{name: "date 31 April", yaml: faq("    reviewed: 2026-04-31\n"), ok: false},
		{name: "date 31 December", yaml: faq("    reviewed: 2026-12-31\n"), ok: true},
		{name: "date month 13", yaml: faq("    reviewed: 2026-13-01\n"), ok: false},
		{name: "date day 0", yaml: faq("    reviewed: 2026-01-00\n"), ok: false},
		{name: "date one-digit month", yaml: faq("    reviewed: 2026-1-02\n"), ok: false},
		{name: "date with time", yaml: faq("    reviewed: 2026-01-02T10:00:00Z\n"), ok: false},
		{name: "date British order", yaml: faq("    reviewed: 02/01/2026\n"), ok: false},
		{name: "date a number", yaml: faq("    reviewed: 20260102\n"), ok: false},

		{name: "list empty", yaml: faq("    tags: []\n"), ok: true},
		{name: "list null", yaml: faq("    tags:\n"), ok: true},
		{name: "list of numbers", yaml: faq("    tags: [2024, 2025]\n"), ok: true},
		{name: "list one text", yaml: faq("    tags: money\n"), ok: false},
		{name: "list empty item", yaml: faq("    tags: [money, \"\"]\n"), ok: false},
		{name: "list null item", yaml: faq("    tags: [money, ~]\n"), ok: false},
		{name: "list item a list", yaml: faq("    tags: [[money]]\n"), ok: false},
		{name: "list at most items", yaml: faq("    also_asked: " + list(MaxListItems, 3) + "\n"), ok: true},
		{name: "list too many items", yaml: faq("    also_asked: " + list(MaxListItems+1, 3) + "\n"), ok: false},
		{name: "list longest item", yaml: term("    aliases: " + list(1, MaxItemLen) + "\n"), ok: true},
		{name: "list item too long", yaml: term("    aliases: " + list(1, MaxItemLen+1) + "\n"), ok: false},

		{name: "source both", yaml: faq("    source: {title: NHS, url: \"https://www.nhs.uk/\"}\n"), ok: true},
		{name: "source empty", yaml: faq("    source: {}\n"), ok: true},
		{name: "source null", yaml: faq("    source:\n"), ok: true},
		{name: "source text", yaml: faq("    source: https://www.nhs.uk/\n"), ok: false},
		{name: "source url null", yaml: faq("    source: {title: NHS, url: }\n"), ok: true},

		{name: "url http", yaml: faq("    source: {url: \"http://example.org\"}\n"), ok: true},
		{name: "url capital scheme", yaml: faq("    source: {url: \"HTTPS://Example.org/A?b=1&c=2#top\"}\n"), ok: true},
		{name: "url port and user", yaml: faq("    source: {url: \"https://user:pw@example.org:8080/p%20q\"}\n"), ok: true},
		{name: "url non-ASCII host", yaml: faq("    source: {url: \"https://bücher.example/straße\"}\n"), ok: true},
		{name: "url IPv6", yaml: faq("    source: {url: \"https://[2001:db8::1]:443/\"}\n"), ok: true},
		{name: "url ftp", yaml: faq("    source: {url: \"ftp://example.org\"}\n"), ok: false},
		{name: "url no scheme", yaml: faq("    source: {url: \"www.example.org\"}\n"), ok: false},
		{name: "url no host", yaml: faq("    source: {url: \"https:///path\"}\n"), ok: false},
		{name: "url one slash", yaml: faq("    source: {url: \"https:/example.org\"}\n"), ok: false},
		{name: "url space", yaml: faq("    source: {url: \"https://example.org/a b\"}\n"), ok: false},
		{name: "url pipe", yaml: faq("    source: {url: \"https://example.org/a|b\"}\n"), ok: false},
		{name: "url angle bracket", yaml: faq("    source: {url: \"https://example.org/<b>\"}\n"), ok: false},
		{name: "url backtick", yaml: faq("    source: {url: \"https://example.org/`b`\"}\n"), ok: false},
		{name: "url bad escape", yaml: faq("    source: {url: \"https://example.org/%zz\"}\n"), ok: false},
		{name: "url bad port", yaml: faq("    source: {url: \"https://example.org:http/\"}\n"), ok: false},
		{name: "url curly host", yaml: faq("    source: {url: \"https://exa{m}ple.org/\"}\n"), ok: false},
		{name: "website", yaml: service("    contact: {website: \"https://example.org\"}\n"), ok: true},
		{name: "website mailto", yaml: service("    contact: {website: \"mailto:a@example.org\"}\n"), ok: false},

		{name: "postcode", yaml: service("    postcode: HG1 2AB\n"), ok: true},
		{name: "postcode lower unspaced", yaml: service("    postcode: hg12ab\n"), ok: true},
		{name: "postcode extra spaces", yaml: service("    postcode: \" LS6   3HN \"\n"), ok: true},
		{name: "postcode London", yaml: service("    postcode: EC1V 9HX\n"), ok: true},
		{name: "postcode one-letter area", yaml: service("    postcode: M1 1AE\n"), ok: true},
		{name: "postcode W1A", yaml: service("    postcode: W1A 1AA\n"), ok: true},
		{name: "postcode Girobank", yaml: service("    postcode: GIR 0AA\n"), ok: true},
		{name: "postcode district only", yaml: service("    postcode: HG1\n"), ok: false},
		{name: "postcode inward short", yaml: service("    postcode: HG1 2A\n"), ok: false},
		{name: "postcode digit first", yaml: service("    postcode: 1HG 2AB\n"), ok: false},
		{name: "postcode space in outward", yaml: service("    postcode: H G1 2AB\n"), ok: false},
		{name: "postcode three-letter area", yaml: service("    postcode: ABC1 2AB\n"), ok: false},
		{name: "postcode a number", yaml: service("    postcode: 12345\n"), ok: false},

		{name: "districts", yaml: area("    districts: [HG1, ls6, TN34, W1A, EC1V]\n"), ok: true},
		{name: "district a full postcode", yaml: area("    districts: [LS6 3HN]\n"), ok: false},
		{name: "district area letters only", yaml: area("    districts: [LS]\n"), ok: false},
		{name: "district digit first", yaml: area("    districts: [6LS]\n"), ok: false},
		{name: "district a number", yaml: area("    districts: [6]\n"), ok: false},

		{name: "location", yaml: area("    location: {lat: 54.486, lon: -0.615}\n"), ok: true},
		{name: "location edges", yaml: area("    location: {lat: -90, lon: 180}\n"), ok: true},
		{name: "location lat too big", yaml: area("    location: {lat: 90.5, lon: 0}\n"), ok: false},
		{name: "location lon too small", yaml: area("    location: {lat: 0, lon: -180.1}\n"), ok: false},
		{name: "location lon missing", yaml: area("    location: {lat: 54.486}\n"), ok: false},
		{name: "location lat null", yaml: area("    location: {lat: , lon: 0}\n"), ok: false},
		{name: "location lat text", yaml: area("    location: {lat: north, lon: 0}\n"), ok: false},
		{name: "location a list", yaml: area("    location: [54.486, -0.615]\n"), ok: false},
		{name: "location null", yaml: area("    location:\n"), ok: true},

		{name: "categories several", yaml: strings.Replace(service(""), "[befriending]", "[befriending, link-worker, money-advice]", 1), ok: true},
		{name: "categories empty", yaml: strings.Replace(service(""), "[befriending]", "[]", 1), ok: false},
		{name: "categories null", yaml: strings.Replace(service(""), "[befriending]", "", 1), ok: false},
		{name: "categories unknown", yaml: strings.Replace(service(""), "[befriending]", "[befriending, knitting]", 1), ok: false},
		{name: "categories capitalised", yaml: strings.Replace(service(""), "[befriending]", "[Befriending]", 1), ok: false},
		{name: "categories one text", yaml: strings.Replace(service(""), "[befriending]", "befriending", 1), ok: false},
		{name: "referral all", yaml: service("    referral: [self, link-worker, professional]\n"), ok: true},
		{name: "referral empty", yaml: service("    referral: []\n"), ok: true},
		{name: "referral unknown", yaml: service("    referral: [gp]\n"), ok: false},
		{name: "contact some", yaml: service("    contact: {phone: \"01632 960000\"}\n"), ok: true},
		{name: "contact phone unquoted number", yaml: service("    contact: {phone: 01632960000}\n"), ok: true},
		{name: "contact null", yaml: service("    contact:\n"), ok: true},

		{name: "category words", yaml: "category_words:\n  - category: gardening\n    words: [allotment, green gym]\n", ok: true},
		{name: "category words empty words", yaml: "category_words:\n  - category: gardening\n    words: []\n", ok: true},
		{name: "category words unknown category", yaml: "category_words:\n  - category: knitting\n    words: [yarn]\n", ok: false},
		{name: "category words category a list", yaml: "category_words:\n  - category: [gardening]\n    words: [allotment]\n", ok: false},
		{name: "category words words missing", yaml: "category_words:\n  - category: gardening\n", ok: false},

		{name: "see_also an id", yaml: term("    see_also: [a]\n") + faq(""), ok: true},
		{name: "see_also not an id", yaml: term("    see_also: [Not An Id]\n"), ok: false},

		{name: "duplicate id", yaml: faq("") + strings.Replace(term(""), "id: t", "id: a", 1), ok: false, loaderOnly: true},
		{name: "see_also no such entry", yaml: term("    see_also: [nowhere]\n"), ok: false, loaderOnly: true},
	}
	sch := schemaCompile(t, "")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, lerr := schemaLoad("k.yaml", tt.yaml)
			serr := schemaCheck(sch, []byte(tt.yaml))
			if (lerr == nil) != tt.ok {
				t.Fatalf("Load: %v; want accepted = %v (fix this test case)", lerr, tt.ok)
			}
			want := tt.ok || tt.loaderOnly
			if (serr == nil) != want {
				if want {
					t.Errorf("validate accepts it but the schema refuses it (%s):\n%v", schemaUpdate, serr)
				} else {
					t.Errorf("validate refuses it (%v) but the schema accepts it: %s", lerr, schemaUpdate)
				}
			}
		})
	}
}
