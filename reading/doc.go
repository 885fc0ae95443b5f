// Package reading reads the text of a message as people write it in
// Slack: markup and typographic punctuation undone, long pastes kept to
// one question, sentences, the sentence that asks, the ages and days a
// message gives, and the vocabulary of reading (reading.yaml: chat,
// fillers, question openers, follow-up cues). It knows nothing of the
// knowledge, the index or a transport: what a message asks of the
// knowledge is read by the answerer above it, from what this finds.
package reading
