package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestRename(t *testing.T) {
	in := `{"format_version":"1.0","provider_schemas":{"example.org/pgaddon/pgaddon":{"provider":{"version":0}}}}`
	var out bytes.Buffer
	if err := rename(strings.NewReader(in), &out, "pgaddon"); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		FormatVersion string                     `json:"format_version"`
		Schemas       map[string]json.RawMessage `json:"provider_schemas"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.FormatVersion != "1.0" || len(doc.Schemas) != 1 || doc.Schemas["pgaddon"] == nil {
		t.Errorf("got %s", out.String())
	}
}

func TestRenameWantsTheProvider(t *testing.T) {
	in := `{"format_version":"1.0","provider_schemas":{"example.org/other/other":{}}}`
	if err := rename(strings.NewReader(in), &bytes.Buffer{}, "pgaddon"); err == nil {
		t.Error("no error for a document without the provider")
	}
}
