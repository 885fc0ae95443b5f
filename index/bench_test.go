package index

import (
	"context"
	"os"
	"testing"

	"github.com/signpost-ahp/signpost/internal/kbgen"
	"github.com/signpost-ahp/signpost/knowledge"
)

// BenchmarkBuild measures indexing: the built-in knowledge, the fixture
// kb in testdata and a generated 10,000-entry kb.
func BenchmarkBuild(b *testing.B) {
	vocab, err := knowledge.DefaultVocabulary()
	if err != nil {
		b.Fatal(err)
	}
	builtin, err := knowledge.Load(knowledge.Builtin())
	if err != nil {
		b.Fatal(err)
	}
	kbs := []struct {
		name string
		kb   func() (*knowledge.Base, error)
	}{
		{"builtin", func() (*knowledge.Base, error) { return builtin, nil }},
		{"fixture", func() (*knowledge.Base, error) { return knowledge.Load(os.DirFS("../testdata/kb")) }},
		{"generated-10k", func() (*knowledge.Base, error) { return kbgen.Base(10000, 1, builtin.Terms), nil }},
	}
	for _, k := range kbs {
		b.Run(k.name, func(b *testing.B) {
			kb, err := k.kb()
			if err != nil {
				b.Skipf("%s knowledge not available: %v", k.name, err)
			}
			b.ReportAllocs()
			for b.Loop() {
				ix, err := Build(context.Background(), kb, vocab)
				if err != nil {
					b.Fatal(err)
				}
				ix.Close()
			}
		})
	}
}
