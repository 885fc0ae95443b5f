package knowledge

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"

	"gopkg.in/yaml.v3"
)

// serviceYAML is a service as the knowledge format writes it.
type serviceYAML struct {
	ID          string        `yaml:"id"`
	Name        string        `yaml:"name"`
	Description string        `yaml:"description"`
	Categories  []string      `yaml:"categories,flow"`
	Area        string        `yaml:"area"`
	Address     string        `yaml:"address,omitempty"`
	Postcode    string        `yaml:"postcode,omitempty"`
	Location    *locationYAML `yaml:"location,omitempty"`
	Contact     *contactYAML  `yaml:"contact,omitempty"`
	Referral    []string      `yaml:"referral,omitempty,flow"`
	Eligibility string        `yaml:"eligibility,omitempty"`
	Cost        string        `yaml:"cost,omitempty"`
	Hours       string        `yaml:"hours,omitempty"`
	Reviewed    string        `yaml:"reviewed,omitempty"`
}

type locationYAML struct {
	Lat float64 `yaml:"lat"`
	Lon float64 `yaml:"lon"`
}

type contactYAML struct {
	Phone   string `yaml:"phone,omitempty"`
	Email   string `yaml:"email,omitempty"`
	Website string `yaml:"website,omitempty"`
}

// MarshalServices writes services as a knowledge file, under a header
// comment. What it writes loads back as the same services.
func MarshalServices(services []Service, header string) ([]byte, error) {
	var b bytes.Buffer
	if err := WriteServices(&b, services, header); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// WriteServices writes what MarshalServices returns, one service at a
// time, so that a directory of any size is written in the memory of one
// service's YAML.
func WriteServices(w io.Writer, services []Service, header string) error {
	bw := bufio.NewWriter(w)
	for _, line := range strings.Split(strings.TrimSpace(header), "\n") {
		fmt.Fprintf(bw, "# %s\n", line)
	}
	if len(services) == 0 {
		bw.WriteString("services: []\n")
		return bw.Flush()
	}
	bw.WriteString("services:\n")
	var one bytes.Buffer
	for _, s := range services {
		y := serviceYAML{ID: s.ID, Name: s.Name, Description: s.Description, Categories: s.Categories, Area: s.Area,
			Address: s.Address, Postcode: s.Postcode, Referral: s.Referral, Eligibility: s.Eligibility, Cost: s.Cost,
			Hours: s.Hours, Reviewed: s.Reviewed.String()}
		if s.Location != nil {
			y.Location = &locationYAML{Lat: s.Location.Lat, Lon: s.Location.Lon}
		}
		if s.Contact != nil {
			y.Contact = &contactYAML{Phone: s.Contact.Phone, Email: s.Contact.Email, Website: s.Contact.Website}
		}
		one.Reset()
		enc := yaml.NewEncoder(&one)
		enc.SetIndent(2)
		if err := enc.Encode([]serviceYAML{y}); err != nil {
			return err
		}
		if err := enc.Close(); err != nil {
			return err
		}
		// Each line of a one-item list, indented under "services:".
		for line := range strings.SplitSeq(strings.TrimSuffix(one.String(), "\n"), "\n") {
			if line != "" {
				bw.WriteString("  ")
			}
			bw.WriteString(line)
			bw.WriteByte('\n')
		}
	}
	return bw.Flush()
}
