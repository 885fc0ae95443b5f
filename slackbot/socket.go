package slackbot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// RunSocketMode receives events over Socket Mode until ctx ends. The
// slack-go client reconnects when Slack asks it to; when a connection
// fails outright, RunSocketMode connects again with backoff. It keeps
// draining the client's events, acknowledging each at once.
func (b *Bot) RunSocketMode(ctx context.Context, client *socketmode.Client) error {
	go func() {
		backoff := time.Second
		for {
			start := time.Now()
			err := client.RunContext(ctx)
			if ctx.Err() != nil {
				return
			}
			if time.Since(start) > time.Minute {
				backoff = time.Second // it had been up a while: start again quickly
			}
			b.log.Warn("socket mode connection lost; reconnecting", "err", err, "in", backoff)
			select {
			case <-time.After(backoff):
			case <-ctx.Done():
				return
			}
			backoff = min(2*backoff, 30*time.Second)
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return nil
		case evt, ok := <-client.Events:
			if !ok {
				return nil
			}
			if err := b.socketEvent(ctx, client, evt); err != nil {
				return err
			}
		}
	}
}

func (b *Bot) socketEvent(ctx context.Context, client *socketmode.Client, evt socketmode.Event) error {
	ack := func() {
		if evt.Request == nil {
			return
		}
		if err := client.AckCtx(ctx, evt.Request.EnvelopeID, nil); err != nil {
			b.log.Warn("could not acknowledge a socket mode request", "err", err)
		}
	}
	switch evt.Type {
	case socketmode.EventTypeConnecting:
		b.log.Info("connecting to Slack (socket mode)")
	case socketmode.EventTypeConnected:
		b.log.Info("connected to Slack (socket mode)")
	case socketmode.EventTypeConnectionError:
		b.log.Warn("socket mode connection error", "err", fmt.Sprint(evt.Data))
	case socketmode.EventTypeInvalidAuth:
		return errors.New("the app-level token SLACK_APP_TOKEN was refused by Slack (invalid_auth): check it is an xapp- token with connections:write")
	case socketmode.EventTypeEventsAPI:
		ack()
		ev, ok := evt.Data.(slackevents.EventsAPIEvent)
		if !ok {
			return nil
		}
		eventID := ""
		if cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent); ok {
			eventID = cb.EventID
		}
		b.HandleEvent(ev, eventID)
	case socketmode.EventTypeSlashCommand:
		ack()
		if cmd, ok := evt.Data.(slack.SlashCommand); ok {
			b.HandleCommand(cmd)
		}
	case socketmode.EventTypeInteractive:
		cb, ok := evt.Data.(slack.InteractionCallback)
		if !ok {
			ack()
			return nil
		}
		// A form's problems travel back in the acknowledgement.
		if resp := b.HandleInteraction(cb); resp != nil && evt.Request != nil {
			if err := client.AckCtx(ctx, evt.Request.EnvelopeID, resp); err != nil {
				b.log.Warn("could not acknowledge a form", "err", err)
			}
			return nil
		}
		ack()
	case socketmode.EventTypeErrorBadMessage:
		// A message slack-go cannot parse (an inner event it does not know)
		// comes without a Request. Acknowledge it from the raw envelope id,
		// or Slack sends it again for ever.
		bad, ok := evt.Data.(*socketmode.ErrorBadMessage)
		if !ok {
			return nil
		}
		id, err := envelopeID(bad.Message)
		if err != nil {
			b.log.Warn("unreadable socket mode message", "err", err)
			return nil
		}
		if err := client.AckCtx(ctx, id, nil); err != nil {
			b.log.Warn("could not acknowledge an unreadable message", "err", err)
		}
		b.log.Debug("acknowledged a message Signpost does not handle", "cause", bad.Cause)
	}
	return nil
}

func envelopeID(raw json.RawMessage) (string, error) {
	var m struct {
		EnvelopeID string `json:"envelope_id"`
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		return "", err
	}
	if m.EnvelopeID == "" {
		return "", errBadEnvelope
	}
	return m.EnvelopeID, nil
}
