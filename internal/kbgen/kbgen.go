// Package kbgen generates realistic synthetic knowledge for benchmarks and
// load tests: services spread over real towns, with everyday category
// words, postcodes and locations, and FAQ entries in the shape champions
// write. Everything it makes is marked as synthetic (example.org, Ofcom's
// drama phone range); never load it into a real bot.
package kbgen

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/signpost-ahp/signpost/knowledge"
)

// Town is a place services are generated in.
type Town struct {
	Name     string
	Lat, Lon float64
	Prefix   string // postcode area letters
}

var towns = []Town{
	{"Harrogate", 53.9908, -1.5373, "HG"}, {"Hastings", 50.8557, 0.5801, "TN"}, {"Leeds", 53.7965, -1.5479, "LS"},
	{"York", 53.9576, -1.0827, "YO"}, {"Sheffield", 53.3830, -1.4659, "S"}, {"Manchester", 53.4809, -2.2374, "M"},
	{"Bristol", 51.4552, -2.5967, "BS"}, {"Norwich", 52.6278, 1.2983, "NR"}, {"Exeter", 50.7236, -3.5275, "EX"},
	{"Kendal", 54.3281, -2.7463, "LA"}, {"Whitby", 54.4858, -0.6206, "YO"}, {"Brighton", 50.8284, -0.1395, "BN"},
	{"Derby", 52.9228, -1.4766, "DE"}, {"Leicester", 52.6386, -1.1317, "LE"}, {"Plymouth", 50.3715, -4.1427, "PL"},
	{"Newcastle upon Tyne", 54.9733, -1.6140, "NE"}, {"Carlisle", 54.8925, -2.9329, "CA"}, {"Ipswich", 52.0592, 1.1555, "IP"},
	{"Lincoln", 53.2268, -0.5375, "LN"}, {"Truro", 50.2632, -5.0510, "TR"}, {"Worcester", 52.1894, -2.2200, "WR"},
	{"Hull", 53.7446, -0.3352, "HU"}, {"Preston", 53.7632, -2.7031, "PR"}, {"Reading", 51.4560, -0.9690, "RG"},
	{"Oxford", 51.7520, -1.2577, "OX"}, {"Cambridge", 52.2053, 0.1218, "CB"}, {"Stoke-on-Trent", 53.0027, -2.1794, "ST"},
	{"Bolton", 53.5769, -2.4282, "BL"}, {"Wakefield", 53.6830, -1.4977, "WF"}, {"Scarborough", 54.2797, -0.4044, "YO"},
}

// Towns returns the towns services are generated in.
func Towns() []Town { return append([]Town(nil), towns...) }

type category struct {
	slug   string
	kinds  []string // what a service of this kind is called
	offers []string // what it offers
}

var categories = []category{
	{"befriending", []string{"Befriending", "Good Neighbours", "Friendship Circle", "Telephone Friends"}, []string{"weekly home visits from a volunteer befriender", "regular friendly phone calls for people who are lonely or isolated", "a monthly coffee morning"}},
	{"gardening", []string{"Community Garden", "Growers", "Allotment Project", "Green Gym"}, []string{"a shared allotment where anyone can grow vegetables", "gardening sessions with tools and tea provided", "conservation volunteering in local green spaces"}},
	{"arts", []string{"Arts Studio", "Craft Club", "Creative Health Group", "Art Cafe"}, []string{"painting, drawing and pottery courses", "a relaxed craft group with knitting and sewing", "creative writing workshops"}},
	{"music", []string{"Community Choir", "Singers", "Ukulele Group", "Drumming Circle"}, []string{"a friendly choir with no auditions", "singing for lung health", "music sessions for people living with dementia"}},
	{"physical-activity", []string{"Health Walks", "Walking Group", "Chair Exercise", "Walking Football", "Tai Chi"}, []string{"free led walks from 20 minutes upwards", "strength and balance classes to help prevent falls", "gentle exercise for people with long-term conditions"}},
	{"healthy-eating", []string{"Cook and Eat", "Cookery Club", "Food Skills"}, []string{"cooking on a budget courses", "healthy eating sessions for families", "simple meals for one"}},
	{"weight-management", []string{"Healthy Weight", "Weight Management", "Fit and Well"}, []string{"a 12-week weight management group", "weekly weigh-ins with healthy eating advice"}},
	{"mental-wellbeing", []string{"Wellbeing Cafe", "Mind Matters", "Wellbeing College", "Recovery Cafe"}, []string{"a drop-in for people with anxiety, low mood or stress", "wellbeing courses such as mindfulness", "peer support for people recovering from mental illness"}},
	{"volunteering", []string{"Volunteer Centre", "Time Bank", "Community Action"}, []string{"help finding volunteering roles", "supported volunteering to build confidence", "a time bank where people swap skills"}},
	{"employment", []string{"Pathways to Work", "Job Club", "Work Coaching"}, []string{"one-to-one support back into work", "help with CVs and job applications", "confidence courses for people out of work because of health"}},
	{"money-advice", []string{"Money Advice", "Debt Advice", "Benefits Advice"}, []string{"free advice on debt, benefits and budgeting", "help with energy bills and benefit applications"}},
	{"housing", []string{"Housing Help", "Tenancy Support", "Housing Advice"}, []string{"advice on repairs, damp, rent arrears and eviction", "help getting on the housing register"}},
	{"carers", []string{"Carers' Hub", "Carers Support", "Young Carers"}, []string{"information and breaks for unpaid carers", "a weekly carers' support group", "help with carer's assessments"}},
	{"learning", []string{"Community Learning", "Adult Education", "Learning Centre"}, []string{"English, maths and ESOL classes for adults", "evening classes and short courses"}},
	{"digital-skills", []string{"Digital Drop-in", "Get Online", "Tech Help"}, []string{"help with phones, tablets and getting online", "using the NHS App and video calls"}},
	{"peer-support", []string{"Men's Shed", "Support Group", "Memory Cafe", "Breathe Easy"}, []string{"a workshop where people make and mend together", "peer support for people living with chronic pain", "a cafe for people with dementia and their carers"}},
	{"link-worker", []string{"Social Prescribing Link Workers", "Community Connectors", "Village Agents", "Wellbeing Navigators"}, []string{"link workers who give people time to talk about what matters", "help finding community groups, advice and activities"}},
}

var adjectives = []string{"Riverside", "Northgate", "Market", "Abbey", "Station", "Parkside", "Hillside", "Old Town", "Westfield", "St Mary's", "Victoria", "Meadow", "Moorside", "Harbour", "Castle", "Bridge End", "Orchard", "Greenway"}

// Services generates n services spread over the towns, deterministically
// for a given seed. IDs are "svc-" and a number.
func Services(n int, seed uint64) []knowledge.Service {
	r := rand.New(rand.NewPCG(seed, seed^0x5ca1ab1e))
	out := make([]knowledge.Service, n)
	for i := range out {
		town := towns[r.IntN(len(towns))]
		c := categories[r.IntN(len(categories))]
		cats := []string{c.slug}
		if r.IntN(4) == 0 {
			if extra := categories[r.IntN(len(categories))].slug; extra != c.slug {
				cats = append(cats, extra)
			}
		}
		name := fmt.Sprintf("%s %s", adjectives[r.IntN(len(adjectives))], c.kinds[r.IntN(len(c.kinds))])
		lat := town.Lat + (r.Float64()-0.5)*0.08
		lon := town.Lon + (r.Float64()-0.5)*0.12
		district := fmt.Sprintf("%s%d", town.Prefix, 1+r.IntN(12))
		out[i] = knowledge.Service{
			ID:          fmt.Sprintf("svc-%d", i+1),
			Name:        name,
			Description: fmt.Sprintf("%s %s in %s. Offers %s.", strings.ToUpper(c.offers[0][:1])+c.offers[0][1:], "for local people", town.Name, c.offers[r.IntN(len(c.offers))]),
			Categories:  cats,
			Area:        town.Name,
			Address:     fmt.Sprintf("%d %s Road, %s", 1+r.IntN(200), adjectives[r.IntN(len(adjectives))], town.Name),
			Postcode:    fmt.Sprintf("%s %d%c%c", district, r.IntN(10), 'A'+rune(r.IntN(26)), 'A'+rune(r.IntN(26))),
			Location:    &knowledge.Location{Lat: lat, Lon: lon},
			Contact: &knowledge.Contact{
				Phone:   fmt.Sprintf("01632 %06d", 960000+r.IntN(1000)),
				Website: fmt.Sprintf("https://www.example.org/svc-%d", i+1),
			},
			Referral:    [][]string{{"self"}, {"self", "link-worker"}, {"professional"}, {"self", "professional", "link-worker"}}[r.IntN(4)],
			Eligibility: []string{"Adults 18+", "Anyone", "People aged 60+", "Carers of any age", "Families with children"}[r.IntN(5)],
			Cost:        []string{"free", "£2 a session", "free on referral", "£3 a class"}[r.IntN(4)],
			Hours:       []string{"Mondays 10am to 12pm", "Tuesday and Thursday afternoons", "Weekdays 9am to 5pm", "Saturday mornings"}[r.IntN(4)],
		}
	}
	return out
}

// FAQs generates n FAQ entries on varied topics, deterministically.
func FAQs(n int, seed uint64) []knowledge.FAQ {
	r := rand.New(rand.NewPCG(seed, seed^0xfaceb00c))
	topics := []string{"referral", "funding", "evidence", "recording", "training", "consent", "loneliness", "transport", "carers", "housing", "debt", "exercise", "gardening", "arts", "volunteering", "employment"}
	verbs := []string{"How do I arrange", "Who pays for", "What is the evidence for", "How should I record", "Where can I learn about", "Do I need consent for", "What helps with", "How do people get to"}
	out := make([]knowledge.FAQ, n)
	for i := range out {
		t1, t2 := topics[r.IntN(len(topics))], topics[r.IntN(len(topics))]
		town := towns[r.IntN(len(towns))].Name
		out[i] = knowledge.FAQ{
			ID:        fmt.Sprintf("faq-%d", i+1),
			Question:  fmt.Sprintf("%s %s support in %s (%d)?", verbs[r.IntN(len(verbs))], t1, town, i+1),
			AlsoAsked: []string{fmt.Sprintf("%s and %s", t1, t2)},
			Answer:    fmt.Sprintf("Local guidance on %s and %s for AHPs in %s: talk to the link worker team, agree options with the person and record what you did.", t1, t2, town),
			Tags:      []string{t1, t2},
		}
	}
	return out
}

// Base generates a knowledge base of n entries: a tenth FAQ, the rest
// services, with the built-in glossary's terms so that aliases work.
func Base(n int, seed uint64, terms []knowledge.Term) *knowledge.Base {
	faqs := n / 10
	return &knowledge.Base{FAQs: FAQs(faqs, seed), Services: Services(n-faqs, seed+1), Terms: terms}
}
