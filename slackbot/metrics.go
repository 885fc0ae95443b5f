package slackbot

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/signpost-ahp/signpost/answer"
)

// Metrics are the figures /metrics serves, in Prometheus text format, from
// a registry of their own (no global state).
type Metrics struct {
	reg       *prometheus.Registry
	questions *prometheus.CounterVec
	answers   *prometheus.CounterVec
	latency   prometheus.Histogram
	apiErrors *prometheus.CounterVec
	dups      prometheus.Counter
	feedbacks *prometheus.CounterVec
	badSigs   prometheus.Counter
	// fallbacks count replies Slack refused that were delivered another
	// way (as plain text, or privately); undelivered those that were not.
	fallbacks   *prometheus.CounterVec
	undelivered prometheus.Counter
	urgent      prometheus.Counter
	dropped     prometheus.Counter
	unaudited   prometheus.Counter
	throttle    *prometheus.CounterVec
}

// NewMetrics makes the collectors.
func NewMetrics() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		questions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "signpost_questions_total", Help: "Questions received, by where they came from.",
		}, []string{"source"}),
		answers: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "signpost_answers_total", Help: "Replies to questions, by whether Signpost knew the answer.",
		}, []string{"answered"}),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "signpost_answer_seconds", Help: "Time to work out an answer (not counting Slack).",
			Buckets: []float64{0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1},
		}),
		apiErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "signpost_slack_api_errors_total", Help: "Failed calls to Slack, by method.",
		}, []string{"method"}),
		dups: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "signpost_duplicate_events_total", Help: "Events ignored as retries or duplicates.",
		}),
		feedbacks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "signpost_feedback_total", Help: "Did this help? clicks.",
		}, []string{"helpful"}),
	}
	m.throttle = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "signpost_throttled_total", Help: "Questions not answered because one person (user) or one channel asked too fast.",
	}, []string{"scope"})
	m.badSigs = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "signpost_rejected_requests_total", Help: "Requests refused for a bad or stale Slack signature.",
	})
	m.fallbacks = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "signpost_slack_fallbacks_total", Help: "Replies Slack refused that were delivered another way: as plain text, or privately to the person.",
	}, []string{"how"})
	m.undelivered = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "signpost_slack_undelivered_total", Help: "Replies that could not be delivered at all.",
	})
	m.urgent = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "signpost_urgent_replies_total", Help: "Messages about a person at risk, answered with urgent help first.",
	})
	m.dropped = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "signpost_records_dropped_total", Help: "Questions, gaps or feedback not recorded because the store was too far behind.",
	})
	m.unaudited = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "signpost_changes_unaudited_total", Help: "Champions' changes the audit of changes could not record (a save is then refused; a reload or dismissal is made and reported).",
	})
	m.reg.MustRegister(m.questions, m.answers, m.latency, m.apiErrors, m.dups, m.feedbacks, m.badSigs, m.fallbacks, m.undelivered, m.urgent, m.dropped, m.unaudited, m.throttle)
	return m
}

// Handler serves the metrics.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// Registry lets other parts of Signpost add their own metrics.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

func (m *Metrics) question(source string, r *answer.Reply, took time.Duration) {
	if r.Kind == answer.ReplyHelp || r.Kind == answer.ReplyGreeting || r.Kind == answer.ReplyEmpty {
		return
	}
	m.questions.WithLabelValues(source).Inc()
	if r.Answered {
		m.answers.WithLabelValues("yes").Inc()
	} else {
		m.answers.WithLabelValues("no").Inc()
	}
	if took > 0 {
		m.latency.Observe(took.Seconds())
	}
}

func (m *Metrics) apiError(method string) { m.apiErrors.WithLabelValues(method).Inc() }

func (m *Metrics) duplicate() { m.dups.Inc() }

func (m *Metrics) auditFailure() { m.unaudited.Inc() }

func (m *Metrics) throttled(scope string) { m.throttle.WithLabelValues(scope).Inc() }

func (m *Metrics) feedback(helpful bool) {
	if helpful {
		m.feedbacks.WithLabelValues("yes").Inc()
	} else {
		m.feedbacks.WithLabelValues("no").Inc()
	}
}

func (m *Metrics) badSignature() { m.badSigs.Inc() }

func (m *Metrics) fallback(how string) { m.fallbacks.WithLabelValues(how).Inc() }

func (m *Metrics) undeliveredReply() { m.undelivered.Inc() }

func (m *Metrics) urgentReply() { m.urgent.Inc() }

func (m *Metrics) droppedRecord() { m.dropped.Inc() }
