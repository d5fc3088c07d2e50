// Command schemakey renames the provider in the output of `tofu providers schema -json`, so that
// tfplugindocs (generate --providers-schema) finds it: tfplugindocs looks the schema up by the
// provider's short name, and OpenTofu keys it by its full source address.
//
//	go run ./schemakey pgaddon < tofu-schema.json > schema.json
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: schemakey NAME < providers-schema.json > schema.json")
		os.Exit(2)
	}
	if err := rename(os.Stdin, os.Stdout, os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "schemakey:", err)
		os.Exit(1)
	}
}

func rename(in io.Reader, out io.Writer, name string) error {
	var doc map[string]json.RawMessage
	if err := json.NewDecoder(in).Decode(&doc); err != nil {
		return fmt.Errorf("not a providers schema JSON document: %w", err)
	}
	var schemas map[string]json.RawMessage
	if err := json.Unmarshal(doc["provider_schemas"], &schemas); err != nil || schemas == nil {
		return fmt.Errorf("no provider_schemas in the document")
	}
	// The one provider whose address ends in /NAME (the configuration names no other).
	var found []string
	for address := range schemas {
		if address == name || strings.HasSuffix(address, "/"+name) {
			found = append(found, address)
		}
	}
	if len(found) != 1 {
		return fmt.Errorf("want one provider named %s, found %d: %v", name, len(found), found)
	}
	renamed, err := json.Marshal(map[string]json.RawMessage{name: schemas[found[0]]})
	if err != nil {
		return err
	}
	doc["provider_schemas"] = renamed
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
