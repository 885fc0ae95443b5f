package knowledge

import (
	"bytes"
	"fmt"
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
	out := struct {
		Services []serviceYAML `yaml:"services"`
	}{}
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
		out.Services = append(out.Services, y)
	}
	var b bytes.Buffer
	for _, line := range strings.Split(strings.TrimSpace(header), "\n") {
		fmt.Fprintf(&b, "# %s\n", line)
	}
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(out); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
