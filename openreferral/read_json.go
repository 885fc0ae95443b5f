package openreferral

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Version is which generation of ORUK a document is.
type Version string

// The generations of the standard.
const (
	V1 Version = "v1" // content/totalElements pages, service_taxonomys, eligibilitys
	V3 Version = "v3" // contents/total_items pages, attributes[].taxonomy_term, schedules
)

// ReadJSON reads an ORUK JSON document: a /services page or a single
// service, in either generation. Keys are matched without regard to case,
// as feeds differ ("Service_taxonomys"). A page is read one service at a
// time, so a feed of any size needs memory for one service and the
// records made so far, not for the whole document. A UTF-8 byte order
// mark is skipped.
func ReadJSON(r io.Reader) ([]Record, Version, error) {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		br.Discard(3)
	}
	dec := json.NewDecoder(br)
	dec.UseNumber()
	fail := func(err error) ([]Record, Version, error) {
		return nil, "", fmt.Errorf("reading Open Referral JSON: %w", err)
	}
	tok, err := dec.Token()
	if err != nil {
		return fail(err)
	}
	rd := &jsonReader{version: V3}
	switch tok {
	case json.Delim('['):
		if err := rd.items(dec); err != nil {
			return fail(err)
		}
		return rd.recs, rd.version, nil
	case json.Delim('{'):
	default:
		return fail(errors.New("expected an object or a list"))
	}
	// An object: a page (its content or contents streamed) or one service.
	top := map[string]any{}
	paged := false
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return fail(err)
		}
		key, _ := kt.(string)
		switch strings.ToLower(key) {
		case "contents", "content":
			if strings.EqualFold(key, "content") {
				rd.version = V1
			}
			t, err := dec.Token()
			if err != nil {
				return fail(err)
			}
			if t != json.Delim('[') {
				return fail(fmt.Errorf("%s should be a list of services", key))
			}
			if err := rd.items(dec); err != nil {
				return fail(err)
			}
			paged = true
		default:
			var v any
			if err := dec.Decode(&v); err != nil {
				return fail(err)
			}
			top[key] = v
		}
	}
	if _, err := dec.Token(); err != nil {
		return fail(err)
	}
	if paged {
		return rd.recs, rd.version, nil
	}
	if !has(top, "name") && !has(top, "id") {
		return fail(errors.New("neither a page of services (content or contents) nor a service"))
	}
	if has(top, "service_taxonomys") || has(top, "eligibilitys") || has(top, "regular_schedules") {
		rd.version = V1
	}
	return []Record{record(top)}, rd.version, nil
}

// jsonReader collects services read from a list one at a time.
type jsonReader struct {
	recs    []Record
	version Version
}

// items reads the rest of a list whose [ has been read.
func (rd *jsonReader) items(dec *json.Decoder) error {
	for dec.More() {
		var it any
		if err := dec.Decode(&it); err != nil {
			return err
		}
		m, ok := it.(map[string]any)
		if !ok {
			continue
		}
		if rd.version == V3 && (has(m, "service_taxonomys") || has(m, "eligibilitys")) {
			rd.version = V1
		}
		rd.recs = append(rd.recs, record(m))
	}
	_, err := dec.Token() // ]
	return err
}

// record reads one service object of either generation.
func record(m map[string]any) Record {
	r := Record{
		ID: str(get(m, "id")), Name: str(get(m, "name")), Description: str(get(m, "description")),
		URL: str(get(m, "url")), Email: str(get(m, "email")), Status: str(get(m, "status")),
		Fees: firstOf(str(get(m, "fees_description")), str(get(m, "fees"))), Eligibility: str(get(m, "eligibility_description")),
		AttendingAccess: str(get(m, "attending_access")), Application: str(get(m, "application_process")),
		MinAge: num(get(m, "minimum_age")), MaxAge: num(get(m, "maximum_age")),
		Assured: firstOf(str(get(m, "assured_date")), str(get(m, "last_modified"))),
	}
	if org, ok := get(m, "organization").(map[string]any); ok {
		r.Org = str(get(org, "name"))
		if r.URL == "" {
			r.URL = str(get(org, "website"))
		}
	}
	// Classification: v1 service_taxonomys[].taxonomy, v3 attributes[].taxonomy_term.
	for _, st := range list(get(m, "service_taxonomys")) {
		if t, ok := get(asMap(st), "taxonomy").(map[string]any); ok {
			r.Terms = append(r.Terms, Term{ID: str(get(t, "id")), Name: str(get(t, "name")), Vocabulary: str(get(t, "vocabulary"))})
		}
	}
	for _, at := range list(get(m, "attributes")) {
		if t, ok := get(asMap(at), "taxonomy_term").(map[string]any); ok {
			r.Terms = append(r.Terms, Term{ID: str(get(t, "id")), Name: firstOf(str(get(t, "name")), str(get(t, "term"))), Vocabulary: str(get(t, "taxonomy"))})
		}
	}
	// Eligibility: v1 eligibilitys[].
	for _, e := range list(get(m, "eligibilitys")) {
		em := asMap(e)
		if s := str(get(em, "eligibility")); s != "" {
			r.Eligibility = strings.TrimSpace(r.Eligibility + " " + s)
		}
		if a := num(get(em, "minimum_age")); a > 0 && r.MinAge == 0 {
			r.MinAge = a
		}
		if a := num(get(em, "maximum_age")); a > 0 && r.MaxAge == 0 {
			r.MaxAge = a
		}
	}
	for _, c := range list(get(m, "cost_options")) {
		cm := asMap(c)
		r.Costs = append(r.Costs, Cost{Amount: float(get(cm, "amount")), Option: str(get(cm, "option")), Description: str(get(cm, "amount_description"))})
	}
	// Phones: service phones[] (HSDS 3), contacts[].phones[] (v1 and HSDS 3).
	for _, p := range list(get(m, "phones")) {
		r.Phone = firstOf(r.Phone, str(get(asMap(p), "number")))
	}
	for _, c := range list(get(m, "contacts")) {
		for _, p := range list(get(asMap(c), "phones")) {
			r.Phone = firstOf(r.Phone, str(get(asMap(p), "number")))
		}
	}
	// Where: the first physical location.
	for _, sal := range list(get(m, "service_at_locations")) {
		loc, ok := get(asMap(sal), "location").(map[string]any)
		if !ok {
			continue
		}
		if t := strings.ToLower(str(get(loc, "location_type"))); t != "" && t != "physical" {
			continue
		}
		r.Lat, r.Lon = float(get(loc, "latitude")), float(get(loc, "longitude"))
		addrs := list(get(loc, "physical_addresses"))
		if len(addrs) == 0 {
			addrs = list(get(loc, "addresses"))
		}
		for _, a := range addrs {
			am := asMap(a)
			r.Address = strings.Trim(str(get(am, "address_1"))+", "+str(get(am, "address_2")), ", ")
			r.City, r.Postcode = str(get(am, "city")), str(get(am, "postal_code"))
			break
		}
		for _, sch := range list(get(asMap(sal), "regular_schedule")) {
			r.Schedules = append(r.Schedules, schedule(asMap(sch)))
		}
		break
	}
	for _, key := range []string{"regular_schedules", "schedules"} {
		for _, sch := range list(get(m, key)) {
			if s := schedule(asMap(sch)); s != "" {
				r.Schedules = append(r.Schedules, s)
			}
		}
	}
	return r
}

var days = map[string]string{"MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday", "FR": "Friday", "SA": "Saturday", "SU": "Sunday"}

// schedule says a schedule in words: "Tuesday, Thursday 10:00 to 12:00".
func schedule(m map[string]any) string {
	if d := str(get(m, "description")); d != "" {
		return d
	}
	var ds []string
	for _, d := range strings.Split(firstOf(str(get(m, "byday")), str(get(m, "weekday"))), ",") {
		d = strings.ToUpper(strings.TrimSpace(d))
		if name, ok := days[d]; ok {
			ds = append(ds, name)
		} else if d != "" {
			ds = append(ds, d)
		}
	}
	opens, closes := strings.TrimSuffix(str(get(m, "opens_at")), ":00"), strings.TrimSuffix(str(get(m, "closes_at")), ":00")
	s := strings.Join(ds, ", ")
	if opens != "" && closes != "" {
		s = strings.TrimSpace(s + " " + opens + " to " + closes)
	}
	return s
}

// get reads a key without regard to case.
func get(m map[string]any, key string) any {
	if m == nil {
		return nil
	}
	if v, ok := m[key]; ok {
		return v
	}
	for k, v := range m {
		if strings.EqualFold(k, key) {
			return v
		}
	}
	return nil
}

func has(m map[string]any, key string) bool { return get(m, key) != nil }

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

func str(v any) string {
	switch v := v.(type) {
	case string:
		return strings.TrimSpace(v)
	case json.Number:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	}
	return ""
}

func num(v any) int {
	f := float(v)
	if f == nil {
		return 0
	}
	return int(*f)
}

func float(v any) *float64 {
	var s string
	switch v := v.(type) {
	case json.Number:
		s = v.String()
	case string:
		s = strings.TrimSpace(v)
	case float64:
		return &v
	default:
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil
	}
	return &f
}

func firstOf(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
