// Package personalize is paceline's template language for notes, messages and emails.
//
// It is deliberately small, so that a template can reach nothing but the lead, account
// and campaign fields the caller hands it, and so that the same lead and step always
// render the same text (a retry sends what the first attempt would have sent):
//
//	{{first_name}}                      a field; missing or blank is an error
//	{{topic | default: "growth"}}       a field with a fallback ("" is allowed)
//	{Hi|Hello|Hey}                      spintax: one option, chosen by the seed
//	{Hi {a|b}|Hello}                    spin groups nest; options may hold fields
//	{{if open_profile}}...{{else}}...{{end}}
//	{{if not has_email}}...{{end}}      conditionals on boolean lead facts
//	\{ \} \| \\                         literal brace, bar and backslash
//
// A '{{' always opens an action, so a spin group cannot start with a nested group:
// write "{ {a|b} c|d}" or reorder the options. A '|' outside any spin group is plain
// text. Field names are plain words (letters, digits, underscore); Go template syntax
// such as {{.Name}}, {{printf ...}} or {{index ...}} is refused by Parse.
//
// An {{if name}} tests the boolean fact name when Data.Facts has it, and otherwise
// whether the field name is present and not blank, so {{if company}} at {{company}}{{end}}
// reads naturally.
//
// Rendering tidies whitespace: runs of spaces and tabs become one space, spaces at the
// start and end of lines go, three or more line breaks become one blank line, and the
// result is trimmed. That keeps empty conditionals from leaving double spaces behind.
// Rendering never truncates: callers check RuneCount against their own limits.
package personalize
