package bot

import (
	"slices"
	"strings"

	"github.com/signpost-ahp/signpost/index"
	"github.com/signpost-ahp/signpost/place"
)

// Chat around a question in Slack ("hi all, quick one", "thanks in
// advance!!") that says nothing about what is asked. Phrases are matched
// before single words.
var fillerPhrases = [][]string{
	split("quick one"), split("quick question"), split("thanks in advance"), split("thank you"),
	split("in advance"), split("does anyone know"), split("anyone know"), split("does anybody know"),
	split("if this is a daft question"), split("if this is a silly question"), split("if this is a stupid question"),
	split("daft question"), split("silly question"), split("stupid question"),
	split("asking for my team"), split("asking for a colleague"), split("asking for a friend"),
	split("for my team"), split("round here"), split("around here"), split("near me"), split("can you tell me"),
	split("i was wondering"), split("just wondering"), split("good morning"), split("good afternoon"),
	split("hi all"), split("hi team"), split("hey all"), split("hey team"), split("hello all"), split("hello team"),
	split("many thanks"), split("any ideas"), split("any help"), split("please help"), split("help please"),
	split("quick q"), split("basic question"), split("basic q"), split("newbie question"), split("silly q"),
	split("daft q"), split("random question"), split("random q"), split("different question"),
	split("different q"), split("another question"), split("one more question"), split("totally unrelated"),
	split("unrelated question"), split("on another note"), split("never mind"), split("diff q"),
	split("thanks so much"), split("thank you so much"), split("so much"), split("really useful"), split("really helpful"), split("very useful"), split("very helpful"), split("that's useful"),
	split("that's helpful"), split("that's brilliant"), split("that's perfect"), split("brilliant thanks"), split("perfect thanks"),
	split("diff question"), split("totally separate"), split("separate question"), split("in a nutshell"), split("in simple terms"), split("in plain english"),
	split("separate q"), split("unrelated q"), split("new question"), split("new q"), split("side question"), split("side q"),
	split("another q"), split("one more q"), split("general question"), split("general q"), split("change of subject"),
	split("off topic"), split("totally different"),
	split("you're a star"), split("you are a star"), split("you're a legend"), split("you're the best"),
	split("life saver"), split("lifesaver"), split("legend"), split("amazing"), split("awesome"), split("star"),
	split("right ok"), split("right okay"), split("ok right"), split("okay right"), split("right then"), split("all right"),
	split("alright"),
}

// fillerByFirst are the filler phrases by their first word, in the
// order of fillerPhrases: every word of every message is looked up.
var fillerByFirst = func() map[string][][]string {
	m := map[string][][]string{}
	for _, p := range fillerPhrases {
		m[p[0]] = append(m[p[0]], p)
	}
	return m
}()

var fillerWords = set(
	"hi", "hiya", "hey", "hello", "hallo", "morning", "afternoon", "evening", "thanks", "thank", "thx",
	"ta", "cheers", "please", "pls", "plz", "sorry", "apologies", "anyone", "anybody", "everyone",
	"somebody", "someone", "guys", "folks", "all", "team", "wondering", "lol", "btw",
	"actually", "basically", "really", "just", "so", "um", "erm", "hmm", "yes", "no", "dont", "doesnt",
	"cant", "wont", "isnt", "arent", "im", "ive", "id", "whats", "hows", "wheres", "whos", "can't",
	"don't", "doesn't", "won't", "isn't", "aren't", "i'm", "i've", "i'd", "bot", "signpost",
	"anything", "something", "good", "great", "newbie", "unrelated", "nvm", "tbh", "tho", "ngl", "fyi",
	"q",               // "quick q", "separate q"
	"even", "exactly", // "what even is that?"
)

// Words that introduce a place.
var placeWords = set("in", "near", "around", "at", "from", "to", "for", "across", "within", "covering", "serving", "nr")

// Definition questions: "what is a …", "what does … mean", "define …".
// Each pattern's words are matched at any point of the question; what
// follows is the thing to define.
var definePatterns = [][]string{ // longest first: "what's another name for" before "what's"
	split("what is another name for"), split("what's another name for"), split("what do you mean by"),
	split("what is meant by"), split("another name for"), split("other names for"), split("definition of"),
	split("meaning of"), split("what does"), split("what do"), split("what is"), split("what's"),
	split("what are"), split("who is"), split("who are"), split("whats"), split("who's"), split("define"),
	split("explain"), split("is a"), split("is an"),
}

// Words that end a definition question and are not part of the thing defined.
var defineTail = set("mean", "means", "meant", "stand", "stands", "for", "do", "does", "exactly")

// Words of a comparison ("is a carer the same as a care worker") that are
// not part of either thing compared.
var compareWords = set("same", "similar")

func split(s string) []string { return strings.Fields(s) }

// keys is set for place names, by their keys.
func keys(names ...string) map[place.Key]bool {
	m := make(map[place.Key]bool, len(names))
	for _, n := range names {
		m[place.KeyOf(n)] = true
	}
	return m
}

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// workplace are the words of talk about the workplace's own systems and
// day, which no service answers. ("frozen shoulder" is not a frozen
// screen, "link worker teams" not MS Teams, "a carer crashing" not a
// system.)
var workplace = phrases("wifi password", "guest wifi", "the password", "systmone", "emis", "ms teams", "microsoft teams",
	"teams call", "teams meeting", "teams crashing", "teams is crashing", "keeps crashing", "has crashed", "has frozen",
	"keeps freezing", "screen frozen", "printer", "printers", "off for lunch", "on my lunch", "staff room")

// staffTerms are the staff's own terms and conditions: no kind of service
// they might also name is asked for ("annual leave does a band 6 get").
// ("a new band 5 OT here" introduces a question; it is not one.)
var staffTerms = phrases("payslip", "pay rise", "annual leave", "agenda for change")

// staffTalk reports whether a message is about the workplace and no one
// in it, nor any kind of service but the computer help its words name:
// "is anyone else's Teams crashing?", "ta, off for lunch".
func staffTalk(toks []token, an index.Analysis) bool {
	words := make([]string, len(toks))
	for i, t := range toks {
		if peopleWords[t.lower] && !staffSide[t.lower] {
			return false // "her NHS login", "a password for his tablet"
		}
		words[i] = t.lower
	}
	if staffTerms.in(words) {
		return true
	}
	if slices.ContainsFunc(an.Categories, func(m index.Match) bool { return m.Key != "digital-skills" }) {
		return false // "carer can't get a lunch break, any sitting service?"
	}
	return workplace.in(words)
}

// staffSide are people words that mean the team ("anyone else's",
// "we"), not a patient.
var staffSide = set("someone", "somebody", "we", "i", "me", "they")
