// helm-render stands in for `helm template` in the test suite (no Helm binary here): it renders
// a chart's templates with Go's text/template and the sprig functions Helm uses, plus the few
// Helm functions this project's chart calls (include, tpl, toYaml, required). Values are
// values.yaml overlaid with --set PATH=VALUE; a missing key, a template syntax error or a
// failed `required` ends it with status 1, naming the template.
//   helm-render CHART_DIR [--release NAME] [--namespace NS] [--revision N] [--set a.b=v]...
package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig"
	"sigs.k8s.io/yaml"
)

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "helm-render: "+format+"\n", args...)
	os.Exit(1)
}

func readYAML(path string) map[string]interface{} {
	data, err := os.ReadFile(path)
	if err != nil {
		fail("%v", err)
	}
	values := map[string]interface{}{}
	if err := yaml.Unmarshal(data, &values); err != nil {
		fail("%s: %v", path, err)
	}
	return values
}

// setValue applies one --set a.b.c=value as Helm does for scalars: true/false, integers, text.
func setValue(values map[string]interface{}, assignment string) {
	key, raw, found := strings.Cut(assignment, "=")
	if !found {
		fail("--set %s: expected PATH=VALUE", assignment)
	}
	var value interface{} = raw
	if raw == "true" || raw == "false" {
		value = raw == "true"
	} else if number, err := strconv.ParseInt(raw, 10, 64); err == nil {
		value = number
	}
	parts := strings.Split(key, ".")
	node := values
	for _, part := range parts[:len(parts)-1] {
		next, ok := node[part].(map[string]interface{})
		if !ok {
			next = map[string]interface{}{}
			node[part] = next
		}
		node = next
	}
	node[parts[len(parts)-1]] = value
}

func main() {
	if len(os.Args) < 2 {
		fail("usage: helm-render CHART_DIR [--release NAME] [--namespace NS] [--revision N] [--set a.b=v]...")
	}
	chartDir := os.Args[1]
	release := map[string]interface{}{"Name": "blog", "Namespace": "default", "Revision": 1,
		"Service": "Helm", "IsInstall": true, "IsUpgrade": false}
	values := readYAML(filepath.Join(chartDir, "values.yaml"))
	for i := 2; i < len(os.Args); i += 2 {
		if i+1 >= len(os.Args) {
			fail("%s needs a value", os.Args[i])
		}
		switch flag, value := os.Args[i], os.Args[i+1]; flag {
		case "--release":
			release["Name"] = value
		case "--namespace":
			release["Namespace"] = value
		case "--revision":
			revision, err := strconv.Atoi(value)
			if err != nil {
				fail("--revision %s: not a number", value)
			}
			release["Revision"] = revision
			release["IsInstall"], release["IsUpgrade"] = revision == 1, revision > 1
		case "--set":
			setValue(values, value)
		default:
			fail("unknown option %s", flag)
		}
	}
	chartMeta := readYAML(filepath.Join(chartDir, "Chart.yaml"))
	chart := map[string]interface{}{}
	for key, value := range chartMeta { // Helm's .Chart fields are capitalised
		chart[strings.ToUpper(key[:1])+key[1:]] = value
	}

	files, err := filepath.Glob(filepath.Join(chartDir, "templates", "*"))
	if err != nil || len(files) == 0 {
		fail("%s/templates: no templates", chartDir)
	}
	sort.Strings(files)
	root := template.New("chart").Option("missingkey=error")
	funcs := sprig.TxtFuncMap()
	funcs["include"] = func(name string, data interface{}) (string, error) {
		var out bytes.Buffer
		err := root.ExecuteTemplate(&out, name, data)
		return out.String(), err
	}
	funcs["tpl"] = func(text string, data interface{}) (string, error) {
		t, err := root.Clone()
		if err == nil {
			t, err = t.New("tpl").Parse(text)
		}
		var out bytes.Buffer
		if err == nil {
			err = t.Execute(&out, data)
		}
		return out.String(), err
	}
	funcs["toYaml"] = func(value interface{}) string {
		data, err := yaml.Marshal(value)
		if err != nil {
			return ""
		}
		return strings.TrimSuffix(string(data), "\n")
	}
	funcs["required"] = func(message string, value interface{}) (interface{}, error) {
		if value == nil || value == "" {
			return nil, fmt.Errorf("%s", message)
		}
		return value, nil
	}
	root.Funcs(funcs)
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			fail("%v", err)
		}
		name := filepath.Join(filepath.Base(chartDir), "templates", filepath.Base(file))
		if _, err := root.New(name).Parse(string(data)); err != nil {
			fail("%v", err)
		}
	}
	top := map[string]interface{}{"Values": values, "Release": release, "Chart": chart}
	for _, file := range files {
		base := filepath.Base(file)
		if strings.HasPrefix(base, "_") || !strings.HasSuffix(base, ".yaml") {
			continue
		}
		name := filepath.Join(filepath.Base(chartDir), "templates", base)
		top["Template"] = map[string]interface{}{"Name": name, "BasePath": filepath.Join(filepath.Base(chartDir), "templates")}
		var out bytes.Buffer
		if err := root.ExecuteTemplate(&out, name, top); err != nil {
			fail("%v", err)
		}
		if text := strings.TrimSpace(out.String()); text != "" {
			fmt.Printf("---\n# Source: %s\n%s\n", name, text)
		}
	}
}
