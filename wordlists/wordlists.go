// Package wordlists reads the vocabulary files the reading packages keep
// their word lists in (reading/reading.yaml, privacy/words.yaml): YAML maps
// of lists of lower-case words and phrases, checked so that an item means
// what it says.
package wordlists

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Parse reads a vocabulary file named file, which must have exactly the
// lists named, each non-empty. It refuses, naming the list and item, an
// unknown or missing list, and an item that is empty, has capitals or
// spaces around it (it would never match a word as read), or is listed
// twice in one list; every problem is reported, not only the first.
func Parse(file string, data []byte, lists []string) (map[string][]string, error) {
	var w map[string][]string
	if err := yaml.Unmarshal(data, &w); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	var errs []error
	for name := range w {
		if !slices.Contains(lists, name) {
			errs = append(errs, fmt.Errorf("%s: no list is called %s", file, name))
		}
	}
	for _, name := range lists {
		list := w[name]
		if len(list) == 0 {
			errs = append(errs, fmt.Errorf("%s: %s is missing or empty", file, name))
		}
		seen := map[string]bool{}
		for _, item := range list {
			switch {
			case strings.TrimSpace(item) == "":
				errs = append(errs, fmt.Errorf("%s: %s has an empty item", file, name))
			case item != strings.TrimSpace(item):
				errs = append(errs, fmt.Errorf("%s: %s item %q has spaces around it", file, name, item))
			case item != strings.ToLower(item):
				errs = append(errs, fmt.Errorf("%s: %s item %q has capitals: items are lower case", file, name, item))
			case seen[item]:
				errs = append(errs, fmt.Errorf("%s: %s lists %q twice", file, name, item))
			}
			seen[item] = true
		}
	}
	slices.SortFunc(errs, func(a, b error) int { return strings.Compare(a.Error(), b.Error()) })
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return w, nil
}
