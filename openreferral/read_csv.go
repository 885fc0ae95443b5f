package openreferral

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
)

// table is a CSV table keyed by lower-case column name.
type table []map[string]string

// ReadCSV reads the tables of an ORUK data package from a folder:
// services.csv, with organizations, locations, service_at_location(s),
// physical_addresses, phones, service_taxonomy, taxonomy/taxonomies,
// eligibility, cost_options and regular_schedules where present.
func ReadCSV(fsys fs.FS) ([]Record, error) {
	t, err := readPackage(fsys)
	if err != nil {
		return nil, err
	}
	j := t.join()
	recs := make([]Record, 0, len(t.services))
	for _, s := range t.services {
		recs = append(recs, j.record(s))
	}
	return recs, nil
}

// csvPackage is the tables of a data package; any but services may be nil.
type csvPackage struct {
	services, orgs, locations, sals, addresses, phones table
	links, taxonomy, eligibility, costs, schedules     table
}

// csvTables names each table's file, under the names exporters use.
func (p *csvPackage) csvTables() []struct {
	dst   *table
	names []string
} {
	return []struct {
		dst   *table
		names []string
	}{
		{&p.orgs, []string{"organizations.csv", "organisations.csv", "organization.csv"}},
		{&p.locations, []string{"locations.csv", "location.csv"}},
		{&p.sals, []string{"service_at_location.csv", "service_at_locations.csv"}},
		{&p.addresses, []string{"physical_addresses.csv", "physical_address.csv", "addresses.csv"}},
		{&p.phones, []string{"phones.csv", "phone.csv"}},
		{&p.links, []string{"service_taxonomy.csv", "service_taxonomys.csv", "services_taxonomy.csv"}},
		{&p.taxonomy, []string{"taxonomy.csv", "taxonomies.csv", "taxonomy_terms.csv"}},
		{&p.eligibility, []string{"eligibility.csv", "eligibilitys.csv"}},
		{&p.costs, []string{"cost_options.csv", "cost_option.csv"}},
		{&p.schedules, []string{"regular_schedules.csv", "regular_schedule.csv", "schedules.csv"}},
	}
}

// readPackage reads the tables, and checks the services table has the
// columns a service cannot do without.
func readPackage(fsys fs.FS) (*csvPackage, error) {
	p := &csvPackage{}
	var err error
	if p.services, err = readTable(fsys, "services.csv", "service.csv"); err != nil {
		return nil, err
	}
	if p.services == nil {
		return nil, errors.New("reading Open Referral CSV: no services.csv in the folder")
	}
	for _, t := range p.csvTables() {
		if *t.dst, err = readTable(fsys, t.names...); err != nil {
			return nil, err
		}
	}
	if len(p.services) > 0 {
		var missing []string
		for _, col := range []string{"id", "name"} {
			if _, ok := p.services[0][col]; !ok {
				missing = append(missing, col)
			}
		}
		if len(missing) > 0 {
			return nil, fmt.Errorf("reading Open Referral CSV: services.csv has no %s column (the data package's services table has id, name, description…; its columns here are: %s)",
				strings.Join(missing, " or "), strings.Join(columns(p.services[0]), ", "))
		}
	}
	return p, nil
}

// joined is the package's tables indexed for joining to services: by id,
// and each table's rows by service, so that joining costs a look-up per
// service, not a pass over the table (20,000 services took 29 s).
type joined struct {
	orgName, locByID, addrByLoc, termByID               map[string]map[string]string
	salsBy, phonesBy, linksBy, eligBy, costsBy, schedBy map[string][]map[string]string
}

func (p *csvPackage) join() joined {
	return joined{
		orgName: index(p.orgs, "id"), locByID: index(p.locations, "id"),
		addrByLoc: index(p.addresses, "location_id"), termByID: index(p.taxonomy, "id"),
		salsBy: group(p.sals, "service_id"), phonesBy: group(p.phones, "service_id"), linksBy: group(p.links, "service_id"),
		eligBy: group(p.eligibility, "service_id"), costsBy: group(p.costs, "service_id"), schedBy: group(p.schedules, "service_id"),
	}
}

// record is one service row with what the other tables say about it.
func (j joined) record(s map[string]string) Record {
	id := s["id"]
	r := Record{
		ID: id, Name: s["name"], Description: s["description"], URL: s["url"], Email: s["email"],
		Status: s["status"], Fees: firstOf(s["fees_description"], s["fees"]), AttendingAccess: s["attending_access"],
		Application: s["application_process"], Assured: firstOf(s["assured_date"], s["last_modified"]),
		Eligibility: s["eligibility_description"], MinAge: num(s["minimum_age"]), MaxAge: num(s["maximum_age"]),
	}
	if o, ok := j.orgName[s["organization_id"]]; ok {
		r.Org = o["name"]
		r.URL = firstOf(r.URL, o["url"], o["website"])
	}
	for _, sal := range j.salsBy[id] {
		if loc, ok := j.locByID[sal["location_id"]]; ok {
			r.Lat, r.Lon = float(loc["latitude"]), float(loc["longitude"])
			if a, ok := j.addrByLoc[loc["id"]]; ok {
				r.Address = strings.Trim(a["address_1"]+", "+a["address_2"], ", ")
				r.City, r.Postcode = a["city"], a["postal_code"]
			}
			break
		}
	}
	for _, p := range j.phonesBy[id] {
		r.Phone = firstOf(r.Phone, p["number"])
	}
	for _, l := range j.linksBy[id] {
		tid := firstOf(l["taxonomy_id"], l["taxonomy_term_id"])
		t := Term{ID: tid, Name: tid}
		if row, ok := j.termByID[tid]; ok {
			t = Term{ID: tid, Name: firstOf(row["name"], row["term"]), Vocabulary: firstOf(row["vocabulary"], row["taxonomy"])}
		}
		r.Terms = append(r.Terms, t)
	}
	for _, e := range j.eligBy[id] {
		r.Eligibility = strings.TrimSpace(r.Eligibility + " " + e["eligibility"])
		r.MinAge = max(r.MinAge, num(e["minimum_age"]))
		if a := num(e["maximum_age"]); a > 0 {
			r.MaxAge = a
		}
	}
	for _, c := range j.costsBy[id] {
		r.Costs = append(r.Costs, Cost{Amount: float(c["amount"]), Option: c["option"], Description: c["amount_description"]})
	}
	for _, sch := range j.schedBy[id] {
		m := make(map[string]any, len(sch))
		for k, v := range sch {
			m[k] = v
		}
		if s := schedule(m); s != "" {
			r.Schedules = append(r.Schedules, s)
		}
	}
	return r
}

// readTable reads the first of names that exists; nil if none does.
func readTable(fsys fs.FS, names ...string) (table, error) {
	for _, name := range names {
		info, err := fs.Stat(fsys, name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if !info.Mode().IsRegular() {
			return nil, fmt.Errorf("reading Open Referral CSV: %s is not a file", name)
		}
		f, err := fsys.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return parseTable(name, f)
	}
	return nil, nil
}

func parseTable(name string, r io.Reader) (table, error) {
	br := bufio.NewReader(r)
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	// Spreadsheets saved in some locales separate with ";"; tab-separated
	// exports exist too. The header line says which.
	if first, err := br.Peek(min(br.Size(), 4096)); len(first) > 0 && (err == nil || errors.Is(err, io.EOF) || errors.Is(err, bufio.ErrBufferFull)) {
		line := string(first)
		if i := strings.IndexByte(line, '\n'); i >= 0 {
			line = line[:i]
		}
		switch {
		case strings.Count(line, ";") > strings.Count(line, ","):
			cr.Comma = ';'
		case strings.Count(line, "\t") > strings.Count(line, ","):
			cr.Comma = '\t'
		}
	}
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return table{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	for i, h := range header {
		header[i] = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
	}
	t := table{}
	for {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return t, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		m := make(map[string]string, len(header))
		for i, h := range header {
			if i < len(row) {
				m[h] = strings.TrimSpace(row[i])
			}
		}
		t = append(t, m)
	}
}

// group collects a table's rows by the value of one column.
func group(t table, key string) map[string][]map[string]string {
	m := make(map[string][]map[string]string)
	for _, row := range t {
		m[row[key]] = append(m[row[key]], row)
	}
	return m
}

func columns(row map[string]string) []string {
	cols := make([]string, 0, len(row))
	for c := range row {
		cols = append(cols, c)
	}
	slices.Sort(cols)
	return cols
}

func index(t table, key string) map[string]map[string]string {
	m := make(map[string]map[string]string, len(t))
	for _, row := range t {
		if _, dup := m[row[key]]; !dup {
			m[row[key]] = row
		}
	}
	return m
}
